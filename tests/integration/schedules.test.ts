import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivitySummary, ScheduleExecution } from '../../src/shared/model';
import { resolveWorkerEntry } from '../../src/main/host/paths';
import { createNodeProcessPort } from '../../src/main/runs/node-process-port';
import type { RunProcessHandle, RunProcessPort } from '../../src/main/runs/process-port';
import { RunQueue } from '../../src/main/runs/run-queue';
import { ExecutionEngine } from '../../src/main/schedules/engine';
import { executionView } from '../../src/main/schedules/views';
import { getActivity, listChildActivities } from '../../src/main/store';
import { createFileSystem, createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, onCleanup, writeCsv } from '../support/temp';

function writePeople(dir: string, name: string, rows: number): string {
  const lines = ['id,login'];
  for (let i = 0; i < rows; i += 1) lines.push(`u${i},user${i}`);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Harness {
  env: TestEnv;
  dir: string;
  engine: ExecutionEngine;
  queue: RunQueue;
  finished(id: number): Promise<ScheduleExecution>;
}

/** The app's arrangement: a RunQueue forking the built run process, and the execution engine on it. */
function harness(ownerPid?: number): Harness {
  const dir = makeTempDir();
  const real = createNodeProcessPort(resolveWorkerEntry());
  const handles: RunProcessHandle[] = [];
  const exits: Promise<void>[] = [];
  const port: RunProcessPort = {
    start(args) {
      const handle = real.start(args);
      handles.push(handle);
      exits.push(new Promise((r) => handle.onExit(() => r())));
      return handle;
    },
  };
  const env = openTestEnv(dir, {
    enqueue: (p, i) => queue.enqueue(p, i),
    cancel: (a) => queue.cancel(a),
  });
  const queue = new RunQueue(env.db, port, env.dbPath, ownerPid);
  const e = new ExecutionEngine(env.db, queue, ownerPid);
  queue.start();
  e.start();
  onCleanup(async () => {
    e.stop();
    queue.stop();
    for (const handle of handles) handle.kill();
    await Promise.all(exits);
  });
  return {
    env,
    dir,
    engine: e,
    queue,
    finished: (id) =>
      new Promise((res) => {
        const check = (execution: ScheduleExecution): void => {
          if (execution.id !== id || execution.status === 'inProgress') return;
          e.off('changed', check);
          res(execution);
        };
        e.on('changed', check);
        const now = executionView(env.db, id);
        if (now && now.status !== 'inProgress') res(now);
      }),
  };
}

const children = (h: Harness, id: number): ActivitySummary[] => listChildActivities(h.env.db, id);
/** A profile whose override file is checked on save and then vanishes: its runs fail. */
async function brokenProfile(env: TestEnv, systemId: number, name: string, dir: string): Promise<number> {
  const filePath = writeCsv(dir, `${name.replace(/\W+/g, '-')}-gone.csv`, 'id,login\n');
  const profile = await createRunProfile(env, systemId, { name, filePath });
  rmSync(filePath);
  return profile.id;
}

const overlap = (a: ActivitySummary, b: ActivitySummary): boolean =>
  Date.parse(a.startedAt ?? '') < Date.parse(b.endedAt ?? '') && Date.parse(b.startedAt ?? '') < Date.parse(a.endedAt ?? '');

async function systems(h: Harness, rows: number): Promise<{ a: number; a2: number; b: number; broken: number }> {
  const fileA = writePeople(h.dir, 'a.csv', rows);
  const fileB = writePeople(h.dir, 'b.csv', rows);
  const a = await createFileSystem(h.env, { name: 'A', filePath: fileA });
  const b = await createFileSystem(h.env, { name: 'B', filePath: fileB });
  const c = await createFileSystem(h.env, { name: 'C', filePath: writeCsv(h.dir, 'c.csv', 'id,login\n1,x\n') });
  return {
    a: (await createRunProfile(h.env, a.id, { name: 'Import', batchSize: 500 })).id,
    a2: (await createRunProfile(h.env, a.id, { name: 'Import again', batchSize: 500 })).id,
    b: (await createRunProfile(h.env, b.id, { name: 'Import', batchSize: 500 })).id,
    broken: await brokenProfile(h.env, c.id, 'Missing file', h.dir),
  };
}

describe('schedule executions with real run processes', () => {
  it('runs sequential steps one after the other, each in its own run process', async () => {
    const h = harness();
    const p = await systems(h, 50);
    const { id } = await h.env.call('schedules.create', { name: 'Nightly', trigger: { kind: 'manual' }, steps: [{ runProfileId: p.a }, { runProfileId: p.b }] });
    const ex = h.engine.run(id, 'user');
    const done = await h.finished(ex);
    expect(done.status).toBe('complete');
    expect(done.steps.map((s) => s.state)).toEqual(['done', 'done']);
    const [first, second] = children(h, ex);
    expect(Date.parse(first?.endedAt ?? '')).toBeLessThanOrEqual(Date.parse(second?.startedAt ?? ''));
    expect(first).toMatchObject({ initiatedBy: 'schedule', parentActivityId: ex, scheduleId: id });
    expect(getActivity(h.env.db, ex)).toMatchObject({ kind: 'schedule', runType: null, status: 'complete' });
  });

  it('a parallel group on two systems really overlaps; two steps on one system never do', async () => {
    const h = harness();
    const p = await systems(h, 40_000);
    const { id } = await h.env.call('schedules.create', {
      name: 'Parallel',
      trigger: { kind: 'manual' },
      steps: [{ runProfileId: p.a }, { runProfileId: p.b, parallelWithPrevious: true }, { runProfileId: p.a2, parallelWithPrevious: true }],
    });
    const ex = h.engine.run(id, 'user');
    const done = await h.finished(ex);
    expect(done.status).toBe('complete');
    const [a, b, a2] = children(h, ex);
    if (!a || !b || !a2) throw new Error('missing children');
    expect(overlap(a, b) || overlap(a2, b)).toBe(true);
    expect(overlap(a, a2)).toBe(false);
  });

  it('a failing step stops the schedule unless it continues on failure', async () => {
    const h = harness();
    const p = await systems(h, 10);
    const stop = await h.env.call('schedules.create', { name: 'Stops', trigger: { kind: 'manual' }, steps: [{ runProfileId: p.broken }, { runProfileId: p.a }] });
    const stopped = await h.finished(h.engine.run(stop.id, 'user'));
    expect(stopped.status).toBe('failedWithError');
    expect(stopped.steps.map((s) => s.state)).toEqual(['failed', 'notRun']);
    expect(stopped.steps[1]?.activityId).toBeNull();
    const go = await h.env.call('schedules.create', {
      name: 'Goes on',
      trigger: { kind: 'manual' },
      steps: [{ runProfileId: p.broken, continueOnFailure: true }, { runProfileId: p.a }],
    });
    const went = await h.finished(h.engine.run(go.id, 'user'));
    expect(went.status).toBe('completeWithError');
    expect(went.steps.map((s) => s.state)).toEqual(['failed', 'done']);
  });

  it('cancel stops the running step cooperatively and drops the rest', async () => {
    const h = harness();
    const p = await systems(h, 200_000);
    const { id } = await h.env.call('schedules.create', { name: 'Long', trigger: { kind: 'manual' }, steps: [{ runProfileId: p.a }, { runProfileId: p.b }] });
    const ex = h.engine.run(id, 'user');
    // Wait until the first run really runs, then cancel the execution.
    await new Promise<void>((res) => {
      const timer = setInterval(() => {
        if (children(h, ex)[0]?.startedAt) {
          clearInterval(timer);
          res();
        }
      }, 20);
    });
    h.engine.cancel(ex);
    const done = await h.finished(ex);
    expect(done.status).toBe('cancelled');
    expect(done.steps.map((s) => s.state)).toEqual(['cancelled', 'notRun']);
  });

  it('recovers an execution whose coordinator crashed mid-execution', async () => {
    // The crashed coordinator: a process that has exited owns the execution and its run queue.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
    const crashed = harness(dead);
    const p = await systems(crashed, 200_000);
    const { id } = await crashed.env.call('schedules.create', { name: 'Crash', trigger: { kind: 'manual' }, steps: [{ runProfileId: p.a }, { runProfileId: p.b }] });
    const ex = crashed.engine.run(id, 'user');
    // It "crashes": coordination stops while the first step is queued or running.
    crashed.engine.stop();
    crashed.queue.stop();
    // The next start (this process) recovers: the interrupted step and the execution are failed.
    const survivor = new ExecutionEngine(crashed.env.db, { enqueue: () => { throw new Error('unused'); }, cancel: () => undefined, on: () => undefined, off: () => undefined });
    survivor.tick();
    const view = executionView(crashed.env.db, ex);
    expect(view?.status).toBe('failedWithError');
    expect(view?.message).toMatch(/Interrupted/);
    expect(view?.steps[1]?.state).toBe('notRun');
  });
});

describe('junction schedules (CLI)', () => {
  it('schedules run --wait --json runs the steps and exits like run', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const a = await createFileSystem(env, { name: 'A', filePath: writePeople(dir, 'a.csv', 20) });
    const ok = await createRunProfile(env, a.id, { name: 'Import' });
    const broken = { id: await brokenProfile(env, a.id, 'Broken', dir) };
    await env.call('schedules.create', { name: 'Good', trigger: { kind: 'cron', expression: '0 3 * * *' }, steps: [{ runProfileId: ok.id }] });
    await env.call('schedules.create', { name: 'Bad', trigger: { kind: 'manual' }, steps: [{ runProfileId: broken.id }, { runProfileId: ok.id }] });
    env.db.close();
    const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, '--db', env.dbPath, ...args], { encoding: 'utf8', timeout: 25_000 });

    const good = cli('schedules', 'run', 'Good', '--wait', '--json');
    expect(good.status, good.stderr).toBe(0);
    const result = JSON.parse(good.stdout) as ScheduleExecution;
    expect(result).toMatchObject({ scheduleName: 'Good', status: 'complete', initiatedBy: 'cli', steps: [{ state: 'done' }] });

    const bad = cli('schedules', 'run', 'Bad', '--wait', '--json');
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ status: 'failedWithError', steps: [{ state: 'failed' }, { state: 'notRun' }] });

    const list = cli('schedules', 'list', '--json');
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string; nextRunTimes: string[] }[]).map((s) => [s.name, s.nextRunTimes.length])).toEqual([['Bad', 0], ['Good', 5]]);
    const show = cli('schedules', 'show', 'Bad');
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/Trigger: +manual/);
    expect(show.stdout).toMatch(/A\/Broken failed .*A\/Import notRun/);
    // Without --wait and no scheduler running: a detached process coordinates it; the command
    // prints the execution id at once and the execution completes on its own.
    const detached = cli('schedules', 'run', 'Good', '--json');
    expect(detached.status, detached.stderr).toBe(0);
    const { executionId } = JSON.parse(detached.stdout) as { executionId: number };
    let status = 'inProgress';
    for (let waited = 0; waited < 20_000 && status === 'inProgress'; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      const shown = cli('schedules', 'show', 'Good', '--json');
      const schedule = JSON.parse(shown.stdout) as { lastExecution: ScheduleExecution | null };
      if (schedule.lastExecution?.id === executionId) status = schedule.lastExecution.status;
    }
    expect(status).toBe('complete');
  });
});
