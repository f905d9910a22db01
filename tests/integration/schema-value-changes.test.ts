import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/contract';
import type { ConnectedSystem } from '../../src/shared/model';
import { connectorSpace, createFileSystem, createRunProfile, openTestEnv, runInProcess, type TestEnv } from '../support/engine';
import { csvText, makeTempDir, writeCsv } from '../support/temp';

// A type override or schema refresh that would change values already stored says how many before
// it is saved, and is refused without an explicit confirmation; nothing stored is lost meanwhile.

interface Fixture {
  env: TestEnv;
  system: ConnectedSystem;
  write(rows: string[][]): void;
  importFile(): Promise<void>;
  attribute(name: string): ConnectedSystem['objectTypes'][number]['attributes'][number];
}

async function fixture(rows: string[][]): Promise<Fixture> {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const write = (data: string[][]): void => void writeCsv(dir, 'hr.csv', csvText(data));
  write(rows);
  const system = await createFileSystem(env, { filePath: `${dir}/hr.csv` });
  const profile = await createRunProfile(env, system.id);
  const fx: Fixture = {
    env,
    system,
    write,
    importFile: async () => {
      const run = await runInProcess(env.db, profile.id);
      expect(run.activity.status).toBe('complete');
    },
    attribute: (name) => {
      const found = fx.system.objectTypes.flatMap((t) => t.attributes).find((a) => a.name === name);
      if (!found) throw new Error(`no attribute ${name}`);
      return found;
    },
  };
  return fx;
}

async function refusal(action: Promise<unknown>): Promise<ApiError> {
  const error = await action.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('type changes that would change stored values', () => {
  it('an override to integer is refused without confirmation, saying how many values change, and saved with it', async () => {
    const fx = await fixture([['id', 'badge'], ['1', '0011'], ['2', '11'], ['3', '0400']]);
    await fx.importFile();
    const badge = fx.attribute('badge');
    expect(badge.type).toBe('text');

    const error = await refusal(fx.env.call('systems.updateAttribute', { systemId: fx.system.id, attributeId: badge.id, type: 'integer' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('2 stored values would change (e.g. 0011 → 11)');
    expect(error.fields?.confirmValueChanges).toBe(error.message);
    // Nothing was saved.
    const unchanged = await fx.env.call('systems.get', { id: fx.system.id });
    expect(unchanged.objectTypes[0]?.attributes.find((a) => a.name === 'badge')).toMatchObject({ type: 'text', typeSetByAdmin: false });
    expect(connectorSpace(fx.env.db, fx.system.id).map((o) => o.attributes.badge)).toEqual(['0011', '11', '0400']);

    const saved = await fx.env.call('systems.updateAttribute', {
      systemId: fx.system.id,
      attributeId: badge.id,
      type: 'integer',
      confirmValueChanges: true,
    });
    expect(saved.objectTypes[0]?.attributes.find((a) => a.name === 'badge')).toMatchObject({ type: 'integer', typeSetByAdmin: true });
  });

  it('an override that changes no stored value needs no confirmation', async () => {
    const fx = await fixture([['id', 'code'], ['1', '0011'], ['2', '7']]);
    await fx.importFile();
    const saved = await fx.env.call('systems.updateAttribute', { systemId: fx.system.id, attributeId: fx.attribute('id').id, type: 'integer' });
    expect(saved.objectTypes[0]?.attributes.find((a) => a.name === 'id')?.type).toBe('integer');
  });

  it('a schema refresh that would retype stored values is refused until confirmed', async () => {
    const fx = await fixture([['id', 'score'], ['1', '1.0'], ['2', 'n/a']]);
    await fx.importFile();
    expect(fx.attribute('score').type).toBe('text');
    fx.write([['id', 'score'], ['1', '1.0'], ['2', '2.5']]);

    const error = await refusal(fx.env.call('systems.refreshSchema', { id: fx.system.id }));
    expect(error.message).toContain('2 stored values would change (e.g. 1.0 → 1)');
    expect(error.message).toContain('"score" to decimal');
    expect((await fx.env.call('systems.get', { id: fx.system.id })).objectTypes[0]?.attributes.find((a) => a.name === 'score')?.type).toBe('text');

    const refreshed = await fx.env.call('systems.refreshSchema', { id: fx.system.id, confirmValueChanges: true });
    expect(refreshed.objectTypes[0]?.attributes.find((a) => a.name === 'score')?.type).toBe('decimal');
  });

  it('new settings that re-read the schema and would retype stored values are refused until confirmed', async () => {
    const fx = await fixture([['id', 'score'], ['1', '1.0'], ['2', 'n/a']]);
    await fx.importFile();
    fx.write([['id', 'score'], ['1', '1.0'], ['2', '2.5']]);
    const update = { id: fx.system.id, name: 'HR renamed', settings: fx.system.settings };

    const error = await refusal(fx.env.call('systems.update', update));
    expect(error.message).toContain('2 stored values would change (e.g. 1.0 → 1)');
    const kept = await fx.env.call('systems.get', { id: fx.system.id });
    expect(kept.name).toBe(fx.system.name);
    expect(kept.objectTypes[0]?.attributes.find((a) => a.name === 'score')?.type).toBe('text');

    const updated = await fx.env.call('systems.update', { ...update, confirmValueChanges: true });
    expect(updated.name).toBe('HR renamed');
    expect(updated.objectTypes[0]?.attributes.find((a) => a.name === 'score')?.type).toBe('decimal');
  });

  it('the confirmation flag is validated at the IPC entry', async () => {
    const fx = await fixture([['id', 'badge'], ['1', '0011']]);
    const error = await refusal(
      fx.env.call('systems.refreshSchema', { id: fx.system.id, confirmValueChanges: 'yes' as unknown as boolean }),
    );
    expect(error.code).toBe('validation');
  });
});
