import { describe, expect, it } from 'vitest';
import type { ConnectedSystem, RunProfile } from '../../src/shared/model';
import {
  connectorSpace,
  counters,
  createFileSystem,
  createRunProfile,
  openTestEnv,
  runInProcess,
  type TestEnv,
} from '../support/engine';
import { SyncLab } from '../support/sync-lab';
import { csvText, makeTempDir, writeCsv } from '../support/temp';

const HEADER = ['id', 'login', 'dept'];
const BASE = [
  ['u1', 'ada', 'Eng'],
  ['u2', 'bob', 'Ops'],
  ['u3', 'cy', 'Eng'],
];

interface Fixture {
  env: TestEnv;
  dir: string;
  system: ConnectedSystem;
  full: RunProfile;
  delta: RunProfile;
  /** Writes the change file the delta profile reads. */
  changes(rows: string[][], header?: string[]): void;
  objects(): ReturnType<typeof connectorSpace>;
}

/** A system loaded by a full import of BASE, plus a Delta Import profile reading changes.csv. */
async function fixture(options: { changeTypeColumn?: string } = {}): Promise<Fixture> {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const filePath = writeCsv(dir, 'source.csv', csvText([HEADER, ...BASE]));
  const system = options.changeTypeColumn
    ? await env.call('systems.create', {
        name: 'HR',
        connectorType: 'file',
        settings: { filePath, objectType: 'person', externalIdColumn: 'id', changeTypeColumn: options.changeTypeColumn },
      })
    : await createFileSystem(env, { filePath });
  const full = await createRunProfile(env, system.id);
  const column = options.changeTypeColumn ?? '_changeType';
  // A profile's file must exist when it is saved; each test writes the real changes later.
  const changesPath = writeCsv(dir, 'changes.csv', csvText([[...HEADER, column]]));
  const delta = await createRunProfile(env, system.id, { name: 'Delta', runType: 'deltaImport', filePath: changesPath });
  const first = await runInProcess(env.db, full.id);
  expect(first.activity.counters.added).toBe(3);
  return {
    env,
    dir,
    system,
    full,
    delta,
    changes: (rows, header = [...HEADER, column]) => writeCsv(dir, 'changes.csv', csvText([header, ...rows])),
    objects: () => connectorSpace(env.db, system.id),
  };
}

const byId = (f: Fixture, id: string) => f.objects().find((o) => o.externalId === id);

describe('delta import of a file connected system', () => {
  it('add / update create or update, delete obsoletes, absent objects are left alone', async () => {
    const f = await fixture();
    f.changes([
      ['u2', 'bobby', 'Ops', 'update'],
      ['u4', 'dee', 'HR', 'add'],
      ['u3', 'cy', 'Eng', 'delete'],
    ]);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.status).toBe('complete');
    expect(run.activity.counters).toEqual(counters({ added: 1, updated: 1, deleted: 1 }));
    expect(run.items.map((i) => [i.externalId, i.changeType, i.rowNumber])).toEqual([
      ['u2', 'updated', 2],
      ['u4', 'added', 3],
      ['u3', 'deleted', 4],
    ]);
    expect(byId(f, 'u1')).toMatchObject({ status: 'normal', attributes: { id: 'u1', login: 'ada', dept: 'Eng' } });
    expect(byId(f, 'u2')?.attributes).toEqual({ id: 'u2', login: 'bobby', dept: 'Ops' });
    expect(byId(f, 'u3')?.status).toBe('obsolete');
    expect(byId(f, 'u4')).toMatchObject({ status: 'normal', attributes: { id: 'u4', login: 'dee', dept: 'HR' } });
    // The change-type column is never an attribute.
    for (const o of f.objects()) expect(Object.keys(o.attributes)).not.toContain('_changeType');
  });

  it('matches change types case-insensitively; a delete of an unknown object is ignored silently', async () => {
    const f = await fixture();
    f.changes([
      ['u1', 'ADA', 'Eng', 'UPDATE'],
      ['u5', 'eve', 'Eng', ' Add '],
      ['u2', 'bob', 'Ops', 'Delete'],
      ['nobody', '', '', 'delete'],
    ]);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.status).toBe('complete');
    expect(run.activity.counters).toEqual(counters({ added: 1, updated: 1, deleted: 1 }));
    expect(run.items.some((i) => i.externalId === 'nobody')).toBe(false);
    expect(byId(f, 'nobody')).toBeUndefined();
    expect(byId(f, 'u2')?.status).toBe('obsolete');
  });

  it('an unknown or missing change type is an error item; the rest is imported (completeWithError)', async () => {
    const f = await fixture();
    f.changes([
      ['u1', 'ada2', 'Eng', 'modify'],
      ['u2', 'bob2', 'Ops', ''],
      ['u3', 'cy2', 'Eng', 'update'],
    ]);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.status).toBe('completeWithError');
    expect(run.activity.counters).toEqual(counters({ updated: 1, errors: 2 }));
    const errors = run.items.filter((i) => i.errorType !== null);
    expect(errors.map((i) => [i.rowNumber, i.errorType])).toEqual([
      [2, 'UnknownChangeType'],
      [3, 'UnknownChangeType'],
    ]);
    expect(errors[0]?.errorMessage).toContain('"modify"');
    expect(byId(f, 'u1')?.attributes.login).toBe('ada');
    expect(byId(f, 'u3')?.attributes.login).toBe('cy2');
  });

  it('add of an existing object updates it; update of an unknown one creates it; unchanged rows are not items', async () => {
    const f = await fixture();
    f.changes([
      ['u1', 'ada-new', 'Eng', 'add'],
      ['u9', 'zed', 'Ops', 'update'],
      ['u2', 'bob', 'Ops', 'update'],
    ]);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.counters).toEqual(counters({ added: 1, updated: 1, unchanged: 1 }));
    expect(run.items.map((i) => [i.externalId, i.changeType])).toEqual([
      ['u1', 'updated'],
      ['u9', 'added'],
    ]);
  });

  it('rejects every occurrence of an external ID named more than once in the change file', async () => {
    const f = await fixture();
    f.changes([
      ['u1', 'x', 'Eng', 'update'],
      ['u1', 'x', 'Eng', 'delete'],
      ['u2', 'bob2', 'Ops', 'update'],
    ]);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.status).toBe('completeWithError');
    expect(run.items.filter((i) => i.errorType === 'DuplicateObject').map((i) => i.rowNumber)).toEqual([2, 3]);
    expect(byId(f, 'u1')).toMatchObject({ status: 'normal', attributes: { login: 'ada' } });
    expect(byId(f, 'u2')?.attributes.login).toBe('bob2');
  });

  it('never infers deletions: an empty change file changes nothing', async () => {
    const f = await fixture();
    f.changes([]);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.status).toBe('complete');
    expect(run.activity.counters).toEqual(counters({}));
    expect(f.objects().every((o) => o.status === 'normal')).toBe(true);
  });

  it('a change clears the stored content hash, so the next full import diffs the object', async () => {
    const f = await fixture();
    const hashOf = (id: string) =>
      (f.env.db.prepare('SELECT import_hash AS h FROM connector_space_objects WHERE external_id = ?').get(id) as { h: Buffer | null }).h;
    expect(hashOf('u1')).not.toBeNull();
    f.changes([['u1', 'ada2', 'Eng', 'update'], ['u7', 'gus', 'Ops', 'add']]);
    await runInProcess(f.env.db, f.delta.id);
    expect(hashOf('u1')).toBeNull();
    expect(hashOf('u7')).toBeNull();
    expect(hashOf('u2')).not.toBeNull();
    // The source still says "ada": a full import puts it back (and obsoletes u7, absent from the full file).
    const full = await runInProcess(f.env.db, f.full.id);
    expect(full.activity.counters).toEqual(counters({ updated: 1, deleted: 1, unchanged: 2 }));
    expect(byId(f, 'u1')?.attributes.login).toBe('ada');
  });

  it('a full import of the same system ignores the change-type column', async () => {
    const f = await fixture();
    // The system's own file becomes a change file: full import reads it as full state.
    writeCsv(f.dir, 'source.csv', csvText([[...HEADER, '_changeType'], ['u1', 'ada', 'Eng', 'delete'], ['u2', 'bob', 'Ops', 'bogus']]));
    const run = await runInProcess(f.env.db, f.full.id);
    expect(run.activity.status).toBe('complete');
    expect(run.activity.counters).toEqual(counters({ deleted: 1, unchanged: 2 }));
    expect(byId(f, 'u1')?.status).toBe('normal');
    expect(byId(f, 'u3')?.status).toBe('obsolete');
    // Schema discovery never makes the column an attribute.
    const refreshed = await f.env.call('systems.refreshSchema', { id: f.system.id });
    expect(refreshed.objectTypes[0]?.attributes.map((a) => a.name)).toEqual(['id', 'login', 'dept']);
  });

  it('honours a custom change-type column, and fails the run when the change file lacks it', async () => {
    const f = await fixture({ changeTypeColumn: 'op' });
    expect(f.system.settings.changeTypeColumn).toBe('op');
    f.changes([['u1', 'ada2', 'Eng', 'update']]);
    expect((await runInProcess(f.env.db, f.delta.id)).activity.counters.updated).toBe(1);
    f.changes([['u1', 'ada3', 'Eng']], HEADER);
    const run = await runInProcess(f.env.db, f.delta.id);
    expect(run.activity.status).toBe('failedWithError');
    expect(run.activity.errorMessage).toContain('change-type column "op"');
  });

  it('a delta profile without its own file path reads the system\'s file', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const filePath = writeCsv(dir, 'hr.csv', csvText([[...HEADER, '_changeType'], ['u1', 'ada', 'Eng', 'add']]));
    const system = await createFileSystem(env, { filePath });
    expect(system.objectTypes[0]?.attributes.map((a) => a.name)).toEqual(['id', 'login', 'dept']);
    const delta = await createRunProfile(env, system.id, { name: 'Delta', runType: 'deltaImport' });
    const run = await runInProcess(env.db, delta.id);
    expect(run.activity.counters).toEqual(counters({ added: 1 }));
  });

  it('settings without a change-type column read as the default; the column must differ from the anchor', async () => {
    const f = await fixture();
    const raw = JSON.parse((f.env.db.prepare('SELECT settings FROM connected_systems').get() as { settings: string }).settings) as Record<string, unknown>;
    delete raw.changeTypeColumn;
    f.env.db.prepare('UPDATE connected_systems SET settings = ?').run(JSON.stringify(raw));
    expect((await f.env.call('systems.get', { id: f.system.id })).settings.changeTypeColumn).toBe('_changeType');
    await expect(
      f.env.call('systems.update', {
        id: f.system.id,
        name: 'HR',
        settings: { filePath: f.system.settings.filePath, objectType: 'person', externalIdColumn: 'id', changeTypeColumn: 'ID' },
      }),
    ).rejects.toThrow(/change-type column must differ/);
  });

  it('a delta sync after a delta import processes exactly the changed objects', async () => {
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', 'firstName']);
    const hr = await lab.system('HR', { columns: ['id', 'firstName'], rows: [['E1', 'Ada'], ['E2', 'Bob'], ['E3', 'Cy'], ['E4', 'Di']] });
    await lab.rule({
      name: 'HR in',
      connectedSystemId: hr.id,
      csObjectType: 'person',
      mvObjectType: 'person',
      direction: 'inbound',
      projectToMetaverse: true,
      matching: [{ sources: ['id'], target: 'employeeId' }],
      flows: [SyncLab.flow('employeeId', 'id'), SyncLab.flow('firstName', 'firstName')],
    });
    await lab.importAndSync(hr);
    expect(lab.mvos()).toHaveLength(4);
    const changes = writeCsv(lab.dir, 'hr-changes.csv', csvText([['id', 'firstName', '_changeType'], ['E2', 'Bobby', 'update'], ['E5', 'Eve', 'add']]));
    const deltaImport = await createRunProfile(lab.env, hr.id, { name: 'HR delta import', runType: 'deltaImport', filePath: changes });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const imported = await lab.runProfile(deltaImport.id);
    expect(imported.activity.counters).toEqual(counters({ added: 1, updated: 1 }));
    const sync = await lab.run(hr, 'deltaSync');
    expect(sync.activity.objectsToProcess).toBe(2);
    expect(sync.activity.counters).toMatchObject({ projected: 1, attributeFlows: expect.any(Number) as number });
    expect(new Set(sync.items.map((i) => i.externalId))).toEqual(new Set(['E2', 'E5']));
    expect(lab.mvoWhere('employeeId', 'E2')?.attributes.firstName).toBe('Bobby');
    expect(lab.mvos()).toHaveLength(5);
  });
});
