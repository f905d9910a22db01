import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/contract';
import type { Initiator, RunType } from '../../src/shared/model';
import { listActivities } from '../../src/main/store';
import { openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, writeCsv, csvText } from '../support/temp';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

interface Seeded {
  env: TestEnv;
  dir: string;
  systemId: number;
  profiles: Record<string, number>;
}

/** Two profiles and activities with known creation times, run types, statuses and initiators. */
async function seed(): Promise<Seeded> {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const filePath = writeCsv(dir, 'hr.csv', csvText([['id', 'name'], ['u1', 'Ada']]));
  const system = await env.call('systems.create', { name: 'HR', connectorType: 'file', settings: { filePath, objectType: 'person', externalIdColumn: 'id' } });
  const full = await env.call('runProfiles.create', { systemId: system.id, name: 'Full', runType: 'fullImport', batchSize: 100, filePath: null });
  const delta = await env.call('runProfiles.create', { systemId: system.id, name: 'Delta', runType: 'deltaImport', batchSize: 100, filePath: null });
  const insert = env.db.prepare(
    `INSERT INTO activities (connected_system_id, system_name, run_profile_id, run_profile_name, run_type, status, step,
       initiated_by, created_at, counters) VALUES (?, 'HR', ?, ?, ?, ?, 'Finished', ?, ?, '{}')`,
  );
  const rows: [number, string, RunType, string, Initiator, string][] = [
    [full.id, 'Full', 'fullImport', 'complete', 'user', '2025-01-01T00:00:00.000Z'],
    [full.id, 'Full', 'fullImport', 'completeWithError', 'schedule', '2025-01-02T00:00:00.000Z'],
    [delta.id, 'Delta', 'deltaImport', 'complete', 'cli', '2025-01-03T00:00:00.000Z'],
    [delta.id, 'Delta', 'deltaImport', 'complete', 'schedule', '2025-01-04T12:00:00.000Z'],
  ];
  for (const [profileId, name, runType, status, by, at] of rows) insert.run(system.id, profileId, name, runType, status, by, at);
  return { env, dir, systemId: system.id, profiles: { full: full.id, delta: delta.id } };
}

const createdAts = (page: { rows: { createdAt: string }[] }) => page.rows.map((a) => a.createdAt.slice(0, 10)).sort();

describe('activity filters', () => {
  it('filter by system, run profile, type, status, initiator and a half-open date range', async () => {
    const { env, systemId, profiles } = await seed();
    const list = (input: Partial<InputOf<'activities.list'>>) => env.call('activities.list', { offset: 0, limit: 100, ...input });
    expect((await list({ systemId })).total).toBe(4);
    expect(createdAts(await list({ runProfileId: profiles.full }))).toEqual(['2025-01-01', '2025-01-02']);
    expect(createdAts(await list({ runType: 'deltaImport' }))).toEqual(['2025-01-03', '2025-01-04']);
    expect(createdAts(await list({ status: 'completeWithError' }))).toEqual(['2025-01-02']);
    expect(createdAts(await list({ initiatedBy: 'schedule' }))).toEqual(['2025-01-02', '2025-01-04']);
    expect(createdAts(await list({ initiatedBy: 'cli' }))).toEqual(['2025-01-03']);
    // from is inclusive, to exclusive; offsets are honoured.
    expect(createdAts(await list({ from: '2025-01-02T00:00:00Z', to: '2025-01-04T12:00:00Z' }))).toEqual(['2025-01-02', '2025-01-03']);
    expect(createdAts(await list({ from: '2025-01-04T13:00:00+01:00' }))).toEqual(['2025-01-04']);
    expect(createdAts(await list({ initiatedBy: 'schedule', from: '2025-01-03T00:00:00Z' }))).toEqual(['2025-01-04']);
    await expect(list({ from: 'yesterday' })).rejects.toThrow();
    await expect(list({ initiatedBy: 'robot' as Initiator })).rejects.toThrow();
    // The repo takes the same filter.
    expect(listActivities(env.db, { initiatedBy: 'user', offset: 0, limit: 10 }).total).toBe(1);
  });

  it('CLI: activities list --profile --type --initiator --since --until', async () => {
    const { env, dir } = await seed();
    env.db.close();
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, '--db', join(dir, 'junction.sqlite'), ...args], { encoding: 'utf8', timeout: 20_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const dates = (...args: string[]) => {
      const r = cli('activities', 'list', '--json', ...args);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as { createdAt: string }[]).map((a) => a.createdAt.slice(0, 10)).sort();
    };
    expect(dates('--system', 'HR', '--profile', 'delta')).toEqual(['2025-01-03', '2025-01-04']);
    expect(dates('--type', 'full-import')).toEqual(['2025-01-01', '2025-01-02']);
    expect(dates('--initiator', 'schedule')).toEqual(['2025-01-02', '2025-01-04']);
    expect(dates('--since', '2025-01-02', '--until', '2025-01-04')).toEqual(['2025-01-02', '2025-01-03']);
    expect(cli('activities', 'list', '--profile', 'Full').code).toBe(64);
    expect(cli('activities', 'list', '--since', 'someday').code).not.toBe(0);
  });
});
