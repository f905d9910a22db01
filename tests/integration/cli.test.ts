import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { TERMINAL_STATUSES, type ActivityStatus, type ExecutionItem } from '../../src/shared/model';
import { isProcessAlive } from '../../src/main/runs/process-liveness';
import { LATEST_VERSION } from '../../src/main/store';
import { makeTempDir, writeCsv } from '../support/temp';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface ActivityJson {
  id: number;
  status: ActivityStatus;
  counters: { added: number; updated: number; deleted: number; unchanged: number; confirmed: number; errors: number };
  errorMessage: string | null;
  initiatedBy: string;
  items?: ExecutionItem[];
}

let dir = '';
let dbPath = '';
let peopleFile = '';

function cli(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, '--db', dbPath, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, JUNCTION_DB: join(dir, 'wrong-default.sqlite') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(result: CliResult): T {
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as T;
}

function createHr(): void {
  const created = cli('systems', 'create', 'HR', '--connector', 'file', '--file', peopleFile, '--external-id', 'id', '--object-type', 'person');
  expect(created.code, created.stderr).toBe(0);
  const profile = cli('run-profiles', 'create', 'HR', 'Full', '--type', 'full-import', '--batch-size', '2');
  expect(profile.code, profile.stderr).toBe(0);
}

beforeEach(() => {
  dir = makeTempDir();
  dbPath = join(dir, 'cli.sqlite');
  peopleFile = writeCsv(dir, 'people.csv', 'id,name,level,groups\nu1,Ann,1,a|b\nu2,Bob,2,c\nu3,Cy,3,\n');
});

describe('junction CLI', () => {
  it('creates a system and a run profile, and lists them as JSON', () => {
    const created = cli('systems', 'create', 'HR', '--connector', 'file', '--file', peopleFile, '--external-id', 'id', '--object-type', 'person');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created connected system "HR".*1 object type\(s\), 4 attribute\(s\)/);

    const profile = cli('run-profiles', 'create', 'hr', 'Full', '--type', 'full-import', '--batch-size', '2');
    expect(profile.code, profile.stderr).toBe(0);

    const systems = json<{ name: string; connectorType: string; objectCount: number; runProfileCount: number }[]>(
      cli('systems', 'list', '--json'),
    );
    expect(systems).toEqual([expect.objectContaining({ name: 'HR', connectorType: 'file', objectCount: 0, runProfileCount: 1 })]);
    const profiles = json<{ name: string; runType: string; batchSize: number; filePath: string | null }[]>(
      cli('run-profiles', 'list', 'HR', '--json'),
    );
    expect(profiles).toEqual([expect.objectContaining({ name: 'Full', runType: 'fullImport', batchSize: 2, filePath: null })]);

    const raw = new Database(dbPath, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    raw.close();
  });

  it('run --wait --json prints one activity object and exits 0; cs list shows the objects', () => {
    createHr();
    const run = cli('run', 'HR', 'Full', '--wait', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const activity = json<ActivityJson>(run);
    expect(activity).toMatchObject({
      status: 'complete',
      initiatedBy: 'cli',
      counters: { added: 3, updated: 0, deleted: 0, unchanged: 0, confirmed: 0, errors: 0 },
    });
    expect(activity.id).toBeGreaterThan(0);

    const objects = json<{ externalId: string; objectType: string; status: string; attributes: Record<string, unknown> }[]>(
      cli('cs', 'list', 'HR', '--json'),
    );
    expect(objects).toEqual([
      { externalId: 'u1', objectType: 'person', status: 'normal', attributes: { id: 'u1', name: 'Ann', level: 1, groups: ['a', 'b'] } },
      { externalId: 'u2', objectType: 'person', status: 'normal', attributes: { id: 'u2', name: 'Bob', level: 2, groups: ['c'] } },
      { externalId: 'u3', objectType: 'person', status: 'normal', attributes: { id: 'u3', name: 'Cy', level: 3 } },
    ]);

    const again = json<ActivityJson>(cli('run', 'HR', 'Full', '--wait', '--json'));
    expect(again.counters).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 3, confirmed: 0, errors: 0 });
  });

  it('a bad row exits 2 with completeWithError', () => {
    createHr();
    expect(cli('run', 'HR', 'Full', '--wait', '--json').code).toBe(0);
    writeCsv(dir, 'people.csv', 'id,name,level,groups\nu1,Ann,1,a|b\nu2,Bob,two,c\nu3,Cy,3,\n');
    const run = cli('run', 'HR', 'Full', '--wait', '--json');
    expect(run.code).toBe(2);
    const activity = json<ActivityJson>(run);
    expect(activity.status).toBe('completeWithError');
    expect(activity.counters).toMatchObject({ errors: 1, unchanged: 2 });
  });

  it('a file missing at run time exits 1 with failedWithError naming the file', () => {
    createHr();
    const missing = join(dir, 'gone.csv');
    // Saving checks the file exists, so it goes away between the save and the run.
    writeFileSync(missing, 'id\n');
    expect(cli('run-profiles', 'create', 'HR', 'Missing', '--type', 'full-import', '--file', missing).code).toBe(0);
    rmSync(missing);
    const run = cli('run', 'HR', 'Missing', '--wait', '--json');
    expect(run.code).toBe(1);
    const activity = json<ActivityJson>(run);
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toContain(missing);
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['systems', 'list', '--frobnicate']],
    ['both --object-type and --object-type-column', ['systems', 'create', 'X', '--connector', 'file', '--file', 'PEOPLE', '--external-id', 'id', '--object-type', 'person', '--object-type-column', 'kind']],
    ['an unknown system name', ['run', 'Nope', 'Full', '--wait']],
    ['an unknown system for cs list', ['cs', 'list', 'Nope', '--json']],
    ['a settings problem found by the handlers', ['systems', 'create', 'Y', '--connector', 'file', '--file', 'PEOPLE', '--external-id', 'no_such_column', '--object-type', 'person']],
  ])('%s is a usage error: exit 64, one line on stderr, no stack trace', (_, args) => {
    const result = cli(...args.map((a) => (a === 'PEOPLE' ? peopleFile : a)));
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).not.toBe('');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a database from a newer Junction with exit 1 and a clear message', () => {
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const result = cli('systems', 'list', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/newer/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  // Generous limits: counting and importing 200,000 rows on a busy two-core machine takes a while.
  it('a detached run whose process dies is reported as interrupted by the next command', { timeout: 150_000 }, async () => {
    createHr();
    const lines = ['id,name,level,groups'];
    for (let i = 0; i < 200_000; i += 1) lines.push(`u${i},n${i},${i},a|b`);
    writeFileSync(peopleFile, `${lines.join('\n')}\n`);
    const run = cli('run', 'HR', 'Full');
    expect(run.code, run.stderr).toBe(0);
    const id = Number(run.stdout.trim());

    // The run process owns its job; find it the way any process sharing the file can.
    const raw = new Database(dbPath, { readonly: true });
    let ownerPid: number | undefined;
    let processed = 0;
    const deadline = Date.now() + 90_000;
    try {
      while ((ownerPid === undefined || processed === 0) && Date.now() < deadline) {
        await sleep(20);
        ownerPid = (raw.prepare('SELECT owner_pid FROM run_jobs WHERE activity_id = ?').get(id) as { owner_pid: number } | undefined)
          ?.owner_pid;
        processed = (raw.prepare('SELECT objects_processed FROM activities WHERE id = ?').get(id) as { objects_processed: number })
          .objects_processed;
      }
      expect(processed).toBeGreaterThan(0);
      expect(ownerPid).toBeDefined();
      expect(ownerPid).not.toBe(process.pid);
      process.kill(ownerPid ?? 0, 'SIGKILL');
      // An orphan stays a zombie (and so "alive" to kill(pid, 0)) until init reaps it.
      while (isProcessAlive(ownerPid ?? 0) && Date.now() < deadline) await sleep(50);
      expect(isProcessAlive(ownerPid ?? 0)).toBe(false);
    } finally {
      raw.close();
    }

    const activity = json<ActivityJson>(cli('activities', 'show', String(id), '--json'));
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/^Interrupted/);
    expect(activity.errorMessage).toContain(String(ownerPid));
    const objects = json<unknown[]>(cli('cs', 'list', 'HR', '--json'));
    expect(objects.length % 2).toBe(0); // batch size 2: only whole batches
    expect(objects.length).toBeLessThan(200_000);
  });

  it('run without --wait prints the activity id and the run completes on its own', async () => {
    createHr();
    const run = cli('run', 'HR', 'Full');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\d+\n$/);
    const id = run.stdout.trim();

    let activity: ActivityJson | undefined;
    const deadline = Date.now() + 10_000;
    for (;;) {
      activity = json<ActivityJson>(cli('activities', 'show', id, '--json'));
      if (TERMINAL_STATUSES.includes(activity.status) || Date.now() > deadline) break;
      await sleep(100);
    }
    expect(activity.status).toBe('complete');
    expect(activity.counters).toMatchObject({ added: 3 });

    const withItems = json<ActivityJson>(cli('activities', 'show', id, '--items', '--json'));
    expect(withItems.items?.map((i) => [i.externalId, i.changeType])).toEqual([
      ['u1', 'added'],
      ['u2', 'added'],
      ['u3', 'added'],
    ]);
    expect(json<ActivityJson>(cli('activities', 'show', id, '--json'))).not.toHaveProperty('items');
  });
});
