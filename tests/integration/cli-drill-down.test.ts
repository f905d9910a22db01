import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp';

// The console's drill-downs from the command line: object histories, pending views and
// metaverse search conditions (docs/console.md).

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

function cli(dbPath: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, '--db', dbPath, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(dbPath: string, ...args: string[]): T {
  const result = cli(dbPath, ...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface Entry {
  id: number;
  changeType: string;
  outcome: string | null;
  externalId: string | null;
  activity: { id: number; runProfileName: string; initiatedBy: string };
}

describe('drill-down commands', () => {
  // Each command is a process of its own: a dozen of them need more than the default 30 s on a busy machine.
  it('cs history, mv history, cs scopes, cs list --scope and mv search conditions', { timeout: 240_000 }, () => {
    const dbPath = join(makeTempDir(), 'junction.sqlite');
    expect(cli(dbPath, 'lab', 'create', '--size', 'micro').code).toBe(0);
    const run = cli(dbPath, 'schedules', 'run', 'Nightly cycle', '--wait');
    expect(run.code, run.stderr).toBe(0);

    const history = json<Entry[]>(dbPath, 'cs', 'history', 'Directory', 'E0000002');
    expect(history.map((e) => [e.activity.runProfileName, e.changeType, e.activity.initiatedBy])).toEqual([
      ['Directory full import', 'updated', 'schedule'],
      ['Directory export', 'exported', 'schedule'],
    ]);
    const table = cli(dbPath, 'cs', 'history', 'directory', 'E0000002');
    expect(table.stdout).toMatch(/Directory export/);
    expect(cli(dbPath, 'cs', 'history', 'Directory', 'E9999999').stderr).toMatch(/no connector space object with external ID "E9999999"/);
    expect(cli(dbPath, 'cs', 'history', 'Directory', 'E9999999').code).toBe(64);
    expect(json<Entry[]>(dbPath, 'cs', 'history', 'Directory', 'E0000002', '--limit', '1')).toHaveLength(1);

    const [person] = json<{ id: number }[]>(dbPath, 'mv', 'search', '--type', 'person', '--where', 'employeeId=E0000002');
    if (!person) throw new Error('E0000002 is not in the metaverse');
    const mvHistory = json<Entry[]>(dbPath, 'mv', 'history', String(person.id));
    expect(mvHistory.map((e) => `${e.activity.runProfileName}: ${e.changeType}`)).toEqual(
      expect.arrayContaining(['HR full sync: projected', 'Directory export: exported']),
    );

    const scopes = json<Record<string, number>>(dbPath, 'cs', 'scopes', 'Training');
    expect(Object.keys(scopes).sort()).toEqual(
      ['disconnectors', 'exportErrors', 'notConfirmed', 'obsolete', 'pendingExport', 'pendingExportAdds', 'pendingExportDeletes', 'pendingExportUpdates'],
    );
    for (const [argument, scope] of [['disconnectors', 'disconnectors'], ['pending-export-adds', 'pendingExportAdds']] as const) {
      expect(json<unknown[]>(dbPath, 'cs', 'list', 'Training', '--scope', argument), argument).toHaveLength(scopes[scope] ?? -1);
    }
    const bad = cli(dbPath, 'cs', 'list', 'Training', '--scope', 'everything');
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/pending-export-adds/);

    const everyone = json<unknown[]>(dbPath, 'mv', 'search', '--type', 'person');
    const topOnly = json<{ attributes: Record<string, unknown> }[]>(dbPath, 'mv', 'search', '--type', 'person', '--starts-with', 'employeeId=E00', '--absent', 'manager');
    expect(topOnly.map((p) => p.attributes['employeeId'])).toEqual(['E0000001']);
    const managed = json<unknown[]>(dbPath, 'mv', 'search', '--type', 'person', '--present', 'manager', '--contains', 'employeeId=000');
    expect(managed.length + topOnly.length).toBe(everyone.length);
    const empty = cli(dbPath, 'mv', 'search', '--type', 'person', '--contains', 'email=');
    expect(empty.code).toBe(64);
    expect(empty.stderr).toMatch(/the value is empty/);
  });
});
