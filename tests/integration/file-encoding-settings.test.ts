import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ApiError } from '../../src/shared/contract';
import { FILE_ENCODINGS } from '../../src/shared/model';
import { openTestEnv } from '../support/engine';
import { makeTempDir, writeCsv } from '../support/temp';

// The encoding setting travels everywhere a file-connector setting does: the contract, the
// CLI, configuration export / apply and its JSON Schema.

function hrSettings(filePath: string) {
  return { filePath, objectType: 'person', externalIdColumn: 'id' };
}

/** The built CLI (`npm run build`), as tests/integration/cli.test.ts runs it. */
function cli(dbPath: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../out/main/cli.js'), '--db', dbPath, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the encoding setting', () => {
  it('defaults to utf-8 and refuses a name it does not know, on the settings field', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n');
    expect((await env.call('systems.create', { name: 'HR', connectorType: 'file', settings: hrSettings(path) })).settings.encoding).toBe('utf-8');
    const error = await env
      .call('systems.create', {
        name: 'Other',
        connectorType: 'file',
        settings: { ...hrSettings(path), encoding: 'ebcdic' as 'utf-8' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fields?.['settings.encoding']).toBe(`Encoding must be one of ${FILE_ENCODINGS.join(', ')}`);
  });

  it('systems create --encoding stores it; an unknown one is a usage error', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n');
    const dbPath = join(dir, 'cli.sqlite');
    const base = ['systems', 'create', 'HR', '--connector', 'file', '--file', path, '--external-id', 'id', '--object-type', 'person'];
    const created = cli(dbPath, ...base, '--encoding', 'windows-1252');
    expect(created.code, created.stderr).toBe(0);
    const shown = cli(dbPath, 'systems', 'show', 'HR', '--json');
    expect((JSON.parse(shown.stdout) as { settings: { encoding: string } }).settings.encoding).toBe('windows-1252');
    const refused = cli(dbPath, ...base.with(2, 'Other'), '--encoding', 'cp1252');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Allowed choices are utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252, latin1/);
  });

  it('systems update --encoding changes only the encoding', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'hr.csv', 'id;name\n1;Ann\n');
    const dbPath = join(dir, 'cli.sqlite');
    const created = cli(dbPath, 'systems', 'create', 'HR', '--connector', 'file', '--file', path, '--external-id', 'id', '--object-type', 'person', '--delimiter', ';');
    expect(created.code, created.stderr).toBe(0);
    const updated = cli(dbPath, 'systems', 'update', 'HR', '--encoding', 'utf-8-bom');
    expect(updated.code, updated.stderr).toBe(0);
    const shown = JSON.parse(cli(dbPath, 'systems', 'show', 'HR', '--json').stdout) as { settings: Record<string, unknown> };
    expect(shown.settings).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', objectType: 'person', externalIdColumn: 'id', filePath: path });
    expect(cli(dbPath, 'systems', 'update', 'HR', '--encoding', 'ascii').stderr).toMatch(/Allowed choices are/);
  });

  it('config export writes it, apply sets it, and a change of encoding alone is a settings change', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n');
    await env.call('systems.create', { name: 'HR', connectorType: 'file', settings: { ...hrSettings(path), encoding: 'latin1' } });
    const document = parseYaml((await env.call('config.export', { format: 'yaml' })).text) as {
      connectedSystems: { settings: { encoding: string } }[];
    };
    expect(document.connectedSystems[0]?.settings.encoding).toBe('latin1');

    const fresh = openTestEnv(makeTempDir());
    await fresh.call('config.apply', { text: stringifyYaml(document), dryRun: false });
    const [applied] = await fresh.call('systems.list', {});
    expect((await fresh.call('systems.get', { id: applied?.id ?? 0 })).settings.encoding).toBe('latin1');

    const changed = structuredClone(document);
    if (changed.connectedSystems[0]) changed.connectedSystems[0].settings.encoding = 'utf-16le';
    const { changes } = await fresh.call('config.apply', { text: stringifyYaml(changed), dryRun: false });
    expect(changes).toEqual(['connected system HR: settings updated']);
    expect((await fresh.call('systems.get', { id: applied?.id ?? 0 })).settings.encoding).toBe('utf-16le');

    if (changed.connectedSystems[0]) changed.connectedSystems[0].settings.encoding = 'utf16';
    const refused = await fresh.call('config.apply', { text: stringifyYaml(changed), dryRun: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(JSON.stringify((refused as ApiError).fields)).toMatch(/connectedSystems\[0\]\.settings\.encoding/);
  });

  it('the preview reads with the chosen encoding', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = join(dir, 'hr.csv');
    writeFileSync(path, Buffer.from([...Buffer.from('id,name\n1,M'), 0xfc, ...Buffer.from('ller\n')]));
    await expect(env.call('systems.previewFile', { filePath: path, delimiter: ',' })).rejects.toThrow(/not valid UTF-8: line 2/);
    const preview = await env.call('systems.previewFile', { filePath: path, delimiter: ',', encoding: 'windows-1252' });
    expect(preview.sampleRows).toEqual([['1', 'Müller']]);
  });
});
