import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ActivityProgress, ActivitySummary } from '../../src/shared/model';
import { resolveWorkerEntry } from '../../src/main/host/paths';
import { createNodeProcessPort } from '../../src/main/runs/node-process-port';
import type { RunProcessHandle, RunProcessPort } from '../../src/main/runs/process-port';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import { tryClaim } from '../../src/main/runs/job-claim';
import { identify, isProcessAlive } from '../../src/main/runs/process-liveness';
import { recoverInterruptedRuns } from '../../src/main/runs/recovery';
import { RunQueue } from '../../src/main/runs/run-queue';
import {
  countConnectorSpace,
  getActivity,
  getJobForActivity,
  heartbeatJobsOwnedBy,
  listAllExecutionItems,
  listConnectorSpace,
  listJobs,
  requestActivityCancel,
} from '../../src/main/store';
import { createFileSystem, createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, onCleanup, writeCsv } from '../support/temp';

/** A file of `rows` people, written fast (the big ones are ~9 MB). */
function writePeople(dir: string, name: string, rows: number): string {
  const lines = ['id,login,employeeNumber,groups'];
  for (let i = 0; i < rows; i += 1) lines.push(`u${i},user${i},${i},${i % 2 ? 'a|b' : 'c'}`);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Harness {
  env: TestEnv;
  dir: string;
  queue: RunQueue;
  handles: RunProcessHandle[];
  /** Resolves with the activity once the queue reports it finished. */
  finished(activityId: number): Promise<ActivitySummary>;
  activity(activityId: number): ActivitySummary;
}

/** A RunQueue forking the built run process; every started process is recorded and reaped. */
function harness(): Harness {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const real = createNodeProcessPort(resolveWorkerEntry());
  const handles: RunProcessHandle[] = [];
  const exits: Promise<void>[] = [];
  const port: RunProcessPort = {
    start(args) {
      const handle = real.start(args);
      handles.push(handle);
      exits.push(new Promise((resolve) => handle.onExit(() => resolve())));
      return handle;
    },
  };
  const queue = new RunQueue(env.db, port, env.dbPath);
  const done = new Map<number, ActivitySummary>();
  queue.on('finished', (activity) => done.set(activity.id, activity));
  onCleanup(async () => {
    queue.stop();
    for (const handle of handles) handle.kill();
    await Promise.all(exits);
  });
  return {
    env,
    dir,
    queue,
    handles,
    finished: (activityId) =>
      new Promise((resolve) => {
        const seen = done.get(activityId);
        if (seen) return resolve(seen);
        const listener = (activity: ActivitySummary): void => {
          if (activity.id !== activityId) return;
          queue.off('finished', listener);
          resolve(activity);
        };
        queue.on('finished', listener);
      }),
    activity: (activityId) => {
      const activity = getActivity(env.db, activityId);
      if (!activity) throw new Error(`no activity ${activityId}`);
      return activity;
    },
  };
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

async function bigImport(h: Harness, rows: number, batchSize: number) {
  const filePath = writePeople(h.dir, 'big.csv', rows);
  const system = await createFileSystem(h.env, { filePath });
  const profile = await createRunProfile(h.env, system.id, { batchSize });
  return { system, profile };
}

describe('run processes and the run queue', () => {
  it('enqueue answers at once; the run completes in its own process', async () => {
    const h = harness();
    const filePath = writeCsv(h.dir, 'p.csv', 'id,name\n1,Ann\n2,Bob\n3,Cy\n');
    const system = await createFileSystem(h.env, { filePath });
    const profile = await createRunProfile(h.env, system.id);

    const { activityId, queuedBehind } = h.queue.enqueue(profile.id, 'user');
    expect(queuedBehind).toBeNull();
    expect(h.activity(activityId)).toMatchObject({ status: 'inProgress', startedAt: null, initiatedBy: 'user' });
    expect(h.handles).toHaveLength(1);
    expect(h.handles[0]?.pid).not.toBe(process.pid);

    const finished = await h.finished(activityId);
    expect(finished.status).toBe('complete');
    expect(finished.counters).toMatchObject({ added: 3, errors: 0 });
    expect(countConnectorSpace(h.env.db, system.id)).toBe(3);
    expect(h.activity(activityId).endedAt).not.toBeNull();
    expect(getJobForActivity(h.env.db, activityId)).toBeUndefined();
  });

  it('reports live progress from the run process', async () => {
    const h = harness();
    const { profile } = await bigImport(h, 20_000, 500);
    const samples: ActivityProgress[] = [];
    h.queue.on('progress', (p) => samples.push(p));
    const { activityId } = h.queue.enqueue(profile.id, 'user');
    const finished = await h.finished(activityId);
    expect(finished.status).toBe('complete');
    expect(finished.counters.added).toBe(20_000);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.every((p) => p.activityId === activityId && p.status === 'inProgress')).toBe(true);
    const importing = samples.filter((p) => p.step === 'Importing objects');
    expect(importing.length).toBeGreaterThan(0);
    expect(importing.every((p) => p.objectsToProcess === 20_000)).toBe(true);
    const processed = importing.map((p) => p.objectsProcessed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
  });

  it('a second run on the same system waits for the first to end', async () => {
    const h = harness();
    const { system, profile } = await bigImport(h, 5_000, 1000);
    const first = h.queue.enqueue(profile.id, 'user');
    const second = h.queue.enqueue(profile.id, 'user');
    expect(second.queuedBehind).toBe(first.activityId);
    expect(h.handles).toHaveLength(1);

    const [a, b] = await Promise.all([h.finished(first.activityId), h.finished(second.activityId)]);
    expect([a.status, b.status]).toEqual(['complete', 'complete']);
    const firstRun = h.activity(first.activityId);
    const secondRun = h.activity(second.activityId);
    expect(Date.parse(secondRun.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(firstRun.endedAt ?? 'x'));
    expect(firstRun.counters).toMatchObject({ added: 5_000 });
    expect(secondRun.counters).toMatchObject({ added: 0, unchanged: 5_000 });
    expect(countConnectorSpace(h.env.db, system.id)).toBe(5_000);
    expect(listJobs(h.env.db)).toEqual([]);
  });

  it('cancel stops a big import after a whole batch, without deletion detection', async () => {
    const h = harness();
    // Three objects the big file does not hold: deletion detection, if it ran, would obsolete them.
    const filePath = writeCsv(h.dir, 'big.csv', 'id,login,employeeNumber,groups\nold1,a,1,x\nold2,b,2,x\nold3,c,3,x\n');
    const system = await createFileSystem(h.env, { filePath });
    const profile = await createRunProfile(h.env, system.id, { batchSize: 500 });
    const seed = h.queue.enqueue(profile.id, 'user');
    expect((await h.finished(seed.activityId)).counters.added).toBe(3);

    writePeople(h.dir, 'big.csv', 200_000);
    const { activityId } = h.queue.enqueue(profile.id, 'user');
    await waitUntil('the first batch is committed', () => h.activity(activityId).objectsProcessed > 0);

    const cancelledAt = Date.now();
    h.queue.cancel(activityId);
    const finished = await h.finished(activityId);
    expect(Date.now() - cancelledAt).toBeLessThan(3000);
    expect(finished.status).toBe('cancelled');
    expect(finished.errorMessage).toBeNull();

    const imported = countConnectorSpace(h.env.db, system.id) - 3;
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(200_000);
    expect(imported % 500).toBe(0);
    const items = listAllExecutionItems(h.env.db, activityId);
    expect(items.filter((i) => i.changeType === 'deleted')).toEqual([]);
    expect(items.filter((i) => i.changeType === 'added')).toHaveLength(imported);
    expect(h.activity(activityId).objectsProcessed).toBe(imported);
    const old = listConnectorSpace(h.env.db, { systemId: system.id, search: 'old', offset: 0, limit: 10 }).rows;
    expect(old.map((o) => [o.externalId, o.status])).toEqual([
      ['old1', 'normal'],
      ['old2', 'normal'],
      ['old3', 'normal'],
    ]);
  });

  it('a run process killed mid-run fails its activity as interrupted and leaves only whole batches', async () => {
    const h = harness();
    const { system, profile } = await bigImport(h, 200_000, 500);
    const { activityId } = h.queue.enqueue(profile.id, 'user');
    await waitUntil('the first batch is committed', () => h.activity(activityId).objectsProcessed > 0);

    const handle = h.handles[0];
    expect(handle?.pid).toBeDefined();
    expect(getJobForActivity(h.env.db, activityId)?.ownerPid).toBe(handle?.pid);
    handle?.kill();
    const finished = await h.finished(activityId);
    expect(finished.status).toBe('failedWithError');
    expect(finished.errorMessage).toMatch(/^Interrupted/);
    expect(finished.endedAt).not.toBeNull();

    const count = countConnectorSpace(h.env.db, system.id);
    expect(count % 500).toBe(0);
    expect(count).toBeLessThan(200_000);
    expect(listAllExecutionItems(h.env.db, activityId)).toHaveLength(count);
    expect(getJobForActivity(h.env.db, activityId)).toBeUndefined();
  });

  it('a run survives other processes writing to the database while it imports', async () => {
    // Main's queue heartbeats its queued jobs, the UI cancels and edits: a run process must wait
    // for such writers (busy_timeout), never fail with "database is locked".
    const h = harness();
    const { system, profile } = await bigImport(h, 30_000, 1000);
    const first = h.queue.enqueue(profile.id, 'user');
    expect((await h.finished(first.activityId)).status).toBe('complete');

    // Another live process (the app's main, say) with a run queued on another system, heartbeating
    // it as RunQueue.tick does, only much more often. This queue leaves that job alone.
    const otherFile = writeCsv(h.dir, 'other.csv', 'id\n1\n');
    const other = await createFileSystem(h.env, { name: 'Other', filePath: otherFile });
    const otherProfile = await createRunProfile(h.env, other.id);
    const otherOwner = process.ppid;
    expect(isProcessAlive(otherOwner)).toBe(true);
    createQueuedRun(h.env.db, otherProfile.id, 'user', otherOwner);
    const hammer = setInterval(() => heartbeatJobsOwnedBy(h.env.db, otherOwner), 2);
    try {
      const second = h.queue.enqueue(profile.id, 'user');
      const finished = await h.finished(second.activityId);
      expect(finished.errorMessage).toBeNull();
      expect(finished.status).toBe('complete');
      expect(finished.counters).toMatchObject({ unchanged: 30_000, errors: 0 });
    } finally {
      clearInterval(hammer);
    }
    expect(countConnectorSpace(h.env.db, system.id)).toBe(30_000);
  });

  it('a run whose cancellation was requested while it was queued never starts', async () => {
    // The CLI (`junction activities cancel`) or another window only sets the flag on a run that
    // main has queued; when main later starts it, the run process must honour the flag.
    const h = harness();
    const filePath = writeCsv(h.dir, 'p.csv', 'id,name\n1,Ann\n2,Bob\n');
    const system = await createFileSystem(h.env, { filePath });
    const profile = await createRunProfile(h.env, system.id);
    const { activityId } = createQueuedRun(h.env.db, profile.id, 'user', process.pid);
    expect(requestActivityCancel(h.env.db, activityId)).toBe(true);

    h.queue.start(); // the next pump starts a run process for the queued job
    const finished = await h.finished(activityId);
    expect(h.handles).toHaveLength(1);
    expect(finished.status).toBe('cancelled');
    expect(countConnectorSpace(h.env.db, system.id)).toBe(0);
    expect(listAllExecutionItems(h.env.db, activityId)).toEqual([]);
  });

  it('recoverInterruptedRuns fails runs whose process is dead and leaves live ones alone', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const filePath = writeCsv(dir, 'p.csv', 'id\n1\n');
    const a = await createFileSystem(env, { name: 'A', filePath });
    const b = await createFileSystem(env, { name: 'B', filePath });
    const profileA = await createRunProfile(env, a.id);
    const profileB = await createRunProfile(env, b.id);

    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    expect(deadPid).toBeGreaterThan(0);
    expect(isProcessAlive(deadPid)).toBe(false);
    const dead = createQueuedRun(env.db, profileA.id, 'user', deadPid).activityId;
    // It was running in that process (a queued run whose owner died is adopted instead: run-liveness.test.ts).
    expect(tryClaim(env.db, dead, identify(deadPid))).toEqual({ claimed: true });
    const alive = createQueuedRun(env.db, profileB.id, 'user', process.pid).activityId;

    expect(recoverInterruptedRuns(env.db)).toEqual([dead]);
    const failed = getActivity(env.db, dead);
    expect(failed?.status).toBe('failedWithError');
    expect(failed?.errorMessage).toMatch(/^Interrupted/);
    expect(failed?.errorMessage).toContain(String(deadPid));
    expect(failed?.endedAt).not.toBeNull();
    expect(getJobForActivity(env.db, dead)).toBeUndefined();

    expect(getActivity(env.db, alive)?.status).toBe('inProgress');
    expect(getJobForActivity(env.db, alive)?.ownerPid).toBe(process.pid);
    expect(recoverInterruptedRuns(env.db)).toEqual([]);

    // A live owner that stopped heartbeating for over a minute is not dead (see run-liveness.test.ts).
    expect(recoverInterruptedRuns(env.db, Date.now() + 61_000)).toEqual([]);
    expect(getActivity(env.db, alive)?.status).toBe('inProgress');
  });
});
