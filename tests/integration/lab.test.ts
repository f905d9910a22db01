import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FILES,
  generateDataset,
  generateNextDay,
  readManifest,
  type HrRow,
} from '../../src/main/lab/generate';
import { openTestEnv } from '../support/engine';
import { makeTempDir } from '../support/temp';

// The demo lab (docs/demo-lab.md): the seeded generator, its next-day change sets, and the lab
// built and run end to end through the CLI.

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

const rowsOf = <T = HrRow>(path: string): T[] => parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as T[];
const hrRows = (dir: string): HrRow[] => rowsOf(join(dir, FILES.hr));
const num = (id: string): number => Number(id.slice(1));

describe('lab generator', () => {
  it('is deterministic: the same seed gives byte-identical files', async () => {
    const a = makeTempDir();
    const b = makeTempDir();
    await generateDataset({ size: 'small', seed: 7, outDir: a });
    await generateDataset({ size: 'small', seed: 7, outDir: b });
    for (const file of Object.values(FILES)) {
      expect(readFileSync(join(b, file), 'utf8'), file).toBe(readFileSync(join(a, file), 'utf8'));
    }
    const c = makeTempDir();
    await generateDataset({ size: 'small', seed: 8, outDir: c });
    expect(readFileSync(join(c, FILES.hr), 'utf8')).not.toBe(readFileSync(join(a, FILES.hr), 'utf8'));
  });

  it('writes exact row counts, and row i is the same whatever the size', async () => {
    const nano = makeTempDir();
    const micro = makeTempDir();
    const small = makeTempDir();
    await generateDataset({ size: 'nano', seed: 3, outDir: nano });
    await generateDataset({ size: 'micro', seed: 3, outDir: micro });
    await generateDataset({ size: 'small', seed: 3, outDir: small });
    expect(hrRows(nano)).toHaveLength(3);
    expect(hrRows(micro)).toHaveLength(10);
    expect(hrRows(small)).toHaveLength(100);
    expect(hrRows(micro)).toEqual(hrRows(small).slice(0, 10));
    expect(hrRows(nano)).toEqual(hrRows(micro).slice(0, 3));
    expect(readManifest(micro)).toMatchObject({ size: 'micro', seed: 3, day: 0, rows: 10, nextNumber: 11 });
  });

  it('builds a real hierarchy of realistic people, with about 20% contractors', async () => {
    const dir = makeTempDir();
    await generateDataset({ size: 'small', seed: 11, outDir: dir });
    const rows = hrRows(dir);
    const byId = new Map(rows.map((r) => [r.employeeId, r]));
    expect(rows[0]).toMatchObject({ employeeId: 'E0000001', managerId: '', title: 'Chief Executive Officer', status: 'Active' });
    for (const row of rows.slice(1)) {
      // Every manager is an earlier employee, present and active.
      expect(num(row.managerId)).toBeGreaterThan(0);
      expect(num(row.managerId)).toBeLessThan(num(row.employeeId));
      expect(byId.get(row.managerId)?.status).toBe('Active');
      expect(row.displayName).toBe(`${row.firstName} ${row.lastName}`);
      expect(row.email).toBe(`${row.firstName}.${row.lastName}@junction.example`.toLowerCase());
      expect(row.department).not.toBe('');
      expect(row.title).not.toBe('');
      expect(['Active', 'Leaver']).toContain(row.status);
      expect(row.endDate !== '').toBe(row.status === 'Leaver');
    }
    const contractors = rows.filter((r) => r.employeeType === 'Contractor').length / rows.length;
    expect(contractors).toBeGreaterThan(0.1);
    expect(contractors).toBeLessThan(0.3);
    // Training: multi-valued courses; groups: long-tail member lists.
    const training = rowsOf<{ employeeId: string; courses: string }>(join(dir, FILES.training));
    expect(training.length).toBeGreaterThan(50);
    expect(training.some((t) => t.courses.includes('|'))).toBe(true);
    const groups = rowsOf<{ groupId: string; members: string }>(join(dir, FILES.groups));
    const sizes = groups.map((g) => g.members.split('|').length);
    expect(sizes[0]).toBeGreaterThan(sizes[sizes.length - 1] as number);
    for (const g of groups) for (const m of g.members.split('|')) expect(byId.has(m)).toBe(true);
  });

  it('streams: 100k people in a process whose heap could not hold the rows', () => {
    const dir = makeTempDir();
    // 64 MB of old space, the CLI's own baseline included: the HR file alone is ~15 MB as text and
    // several times that as parsed rows (about 500 bytes a row in V8), so it cannot be held whole.
    const result = spawnSync(process.execPath, ['--max-old-space-size=64', CLI, 'lab', 'generate', '--size', '100k', '--seed', '1', '--out', dir, '--json'], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { manifest: { rows: number } }).manifest.rows).toBe(100_000);
    expect(readFileSync(join(dir, FILES.hr)).length).toBeGreaterThan(10_000_000);
    const last = readFileSync(join(dir, FILES.hr), 'utf8').trimEnd().split('\n').at(-1) ?? '';
    expect(last.startsWith('E0100000,')).toBe(true);
  }, 120_000);

  it('derives a next day: joiners, movers and leavers, and a change file that is the diff of the full files', async () => {
    const day0 = makeTempDir();
    const day1 = makeTempDir();
    await generateDataset({ size: 'small', seed: 21, outDir: day0 });
    const result = await generateNextDay({ fromDir: day0, outDir: day1, seed: 21 });
    const changes = result.manifest.changes;
    expect(changes?.joiners).toBeGreaterThanOrEqual(1);
    expect(changes?.movers).toBeGreaterThanOrEqual(1);
    expect(changes?.leavers).toBeGreaterThanOrEqual(1);
    expect(result.manifest).toMatchObject({ day: 1, asOf: '2026-01-06' });

    const before = new Map(hrRows(day0).map((r) => [r.employeeId, r]));
    const afterRows = hrRows(day1);
    const after = new Map(afterRows.map((r) => [r.employeeId, r]));
    const expected = new Map<string, string>();
    for (const [id, row] of after) {
      const old = before.get(id);
      if (!old) expected.set(id, 'add');
      else if (JSON.stringify(old) !== JSON.stringify(row)) expected.set(id, 'update');
    }
    for (const id of before.keys()) if (!after.has(id)) expected.set(id, 'delete');

    const changeRows = rowsOf<HrRow & { _changeType: string }>(join(day1, FILES.hrChanges));
    expect(new Map(changeRows.map((r) => [r.employeeId, r._changeType]))).toEqual(expected);
    expect(changeRows).toHaveLength(expected.size);
    for (const { _changeType: type, ...row } of changeRows) {
      if (type === 'delete') expect(row).toEqual(before.get(row.employeeId));
      else expect(row).toEqual(after.get(row.employeeId));
    }
    // Leavers: yesterday's are removed, today's are marked with today's end date.
    const deleted = changeRows.filter((r) => r._changeType === 'delete');
    expect(deleted.every((r) => r.status === 'Leaver')).toBe(true);
    const leavers = changeRows.filter((r) => r._changeType === 'update' && r.status === 'Leaver');
    expect(leavers.length).toBe(changes?.leavers);
    expect(leavers.every((r) => r.endDate === '2026-01-06' && before.get(r.employeeId)?.status === 'Active')).toBe(true);
    const joiners = changeRows.filter((r) => r._changeType === 'add');
    expect(joiners.every((r) => r.startDate === '2026-01-06' && r.status === 'Active')).toBe(true);
    // Movers: some department, title or manager changed for a person who stays active.
    const movers = changeRows.filter((r) => {
      const old = before.get(r.employeeId);
      return r._changeType === 'update' && r.status === 'Active' && old && (old.department !== r.department || old.title !== r.title || old.managerId !== r.managerId);
    });
    expect(movers.length).toBeGreaterThanOrEqual(1);
    // References still resolve: every active person's manager is present and active.
    for (const row of afterRows) {
      if (!row.managerId) continue;
      const manager = after.get(row.managerId);
      expect(manager, `${row.employeeId} → ${row.managerId}`).toBeDefined();
      if (row.status === 'Active') expect(manager?.status).toBe('Active');
    }
    // Deterministic: the same seed gives the same change set.
    const again = makeTempDir();
    await generateNextDay({ fromDir: day0, outDir: again, seed: 21 });
    expect(readFileSync(join(again, FILES.hrChanges), 'utf8')).toBe(readFileSync(join(day1, FILES.hrChanges), 'utf8'));
  });
});

describe('demo lab through the API', () => {
  it('reports, creates, refuses a second lab, plays the next day and cannot open folders outside the desktop app', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    expect(await env.call('lab.status', {})).toMatchObject({ exists: false, labDir: join(dir, 'lab'), scheduleId: null });
    const created = await env.call('lab.create', { size: 'nano' });
    expect(created).toMatchObject({ labDir: join(dir, 'lab'), systems: ['HR', 'Directory', 'Training'], size: 'nano', rows: 3, scheduleName: 'Nightly cycle' });
    const schedule = await env.call('schedules.get', { id: created.scheduleId });
    expect(schedule.trigger).toEqual({ kind: 'times', daysOfWeek: [1, 2, 3, 4, 5], times: ['02:00'] });
    expect(schedule.steps.map((s) => [s.systemName, s.runProfileName, s.parallelWithPrevious])).toEqual([
      ['HR', 'HR full import', false],
      ['Training', 'Training full import', true],
      ['HR', 'HR full sync', false],
      ['Training', 'Training full sync', false],
      ['Directory', 'Directory export', false],
      ['Directory', 'Directory full import', false],
    ]);
    const profiles = await env.call('runProfiles.list', { systemId: (await env.call('systems.list', {})).find((s) => s.name === 'HR')?.id ?? 0 });
    expect(profiles.map((p) => p.name).sort()).toEqual(['HR delta import', 'HR delta sync', 'HR full import', 'HR full sync']);
    await expect(env.call('lab.create', { size: 'nano' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await env.call('lab.status', {})).toMatchObject({ exists: true, size: 'nano', day: 0, rows: 3 });
    const day = await env.call('lab.nextDay', {});
    expect(day).toMatchObject({ day: 1, asOf: '2026-01-06', joiners: 1 });
    expect(await env.call('lab.status', {})).toMatchObject({ day: 1 });
    await expect(env.call('lab.openFolder', {})).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('demo lab through the CLI', () => {
  const cli = (dbPath: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [CLI, '--db', dbPath, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('creates the lab, runs the nightly cycle into the Directory, and plays the next day', async () => {
    const dir = makeTempDir();
    const dbPath = join(dir, 'junction.sqlite');
    const created = cli(dbPath, 'lab', 'create', '--size', 'micro', '--json');
    expect(created.code, created.stderr).toBe(0);
    const lab = JSON.parse(created.stdout) as { labDir: string; systems: string[]; scheduleId: number; rows: number };
    expect(lab).toMatchObject({ labDir: join(dir, 'lab'), systems: ['HR', 'Directory', 'Training'], rows: 10 });
    expect(readFileSync(join(lab.labDir, 'directory.csv'), 'utf8').trim().split('\n')).toHaveLength(1);

    const status = cli(dbPath, 'lab', 'status', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ exists: true, labDir: lab.labDir, scheduleId: lab.scheduleId, size: 'micro', day: 0 });

    const again = cli(dbPath, 'lab', 'create', '--size', 'micro');
    expect(again.code).toBe(64);
    expect(again.stderr).toMatch(/already has a demo lab/);

    const run = cli(dbPath, 'schedules', 'run', 'Nightly cycle', '--wait', '--json');
    expect(run.code, run.stderr).toBe(0);
    const execution = JSON.parse(run.stdout) as { status: string; steps: { runProfileName: string; state: string }[] };
    expect(execution.status).toBe('complete');
    expect(execution.steps.map((s) => s.runProfileName)).toEqual([
      'HR full import',
      'Training full import',
      'HR full sync',
      'Training full sync',
      'Directory export',
      'Directory full import',
    ]);
    expect(execution.steps.every((s) => s.state === 'done')).toBe(true);

    const active = (): HrRow[] => hrRows(lab.labDir).filter((r) => r.status === 'Active');
    const directory = (): Record<string, string>[] => rowsOf(join(lab.labDir, 'directory.csv'));
    expect(directory().map((r) => r.employeeId).sort()).toEqual(active().map((r) => r.employeeId).sort());
    const ceo = directory().find((r) => r.employeeId === 'E0000001');
    expect(ceo).toMatchObject({ manager: '', title: 'Chief Executive Officer' });
    for (const user of directory()) {
      const person = hrRows(lab.labDir).find((r) => r.employeeId === user.employeeId) as HrRow;
      expect(user).toMatchObject({
        displayName: `${person.firstName} ${person.lastName}`,
        mail: person.email,
        accountName: (person.firstName.slice(0, 1) + person.lastName).toLowerCase(),
        manager: person.managerId,
      });
    }
    const pending = cli(dbPath, 'pending-exports', 'list', 'Directory', '--json');
    expect(JSON.parse(pending.stdout)).toEqual([]);

    const next = cli(dbPath, 'lab', 'next-day', '--json');
    expect(next.code, next.stderr).toBe(0);
    const day = JSON.parse(next.stdout) as { day: number; joiners: number; leavers: number };
    expect(day).toMatchObject({ day: 1, joiners: 1, leavers: 1 });
    const secondRun = cli(dbPath, 'schedules', 'run', 'Nightly cycle', '--wait', '--json');
    expect(secondRun.code, secondRun.stderr).toBe(0);
    expect(directory().map((r) => r.employeeId).sort()).toEqual(active().map((r) => r.employeeId).sort());

    // The delta profile reads the change file the next day wrote.
    const delta = cli(dbPath, 'run', 'HR', 'HR delta import', '--wait', '--json');
    expect(delta.code, delta.stderr).toBe(0);
    expect(JSON.parse(delta.stdout)).toMatchObject({ status: 'complete', runType: 'deltaImport' });
  }, 120_000);
});
