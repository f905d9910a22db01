import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ActivitySummary } from '../../src/shared/model';
import { resolveWorkerEntry } from '../../src/main/host/paths';
import { tryClaim } from '../../src/main/runs/job-claim';
import { createNodeProcessPort } from '../../src/main/runs/node-process-port';
import { currentProcess, identify, isProcessAlive, processStartTime } from '../../src/main/runs/process-liveness';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import { recoverInterruptedRuns } from '../../src/main/runs/recovery';
import { RunQueue } from '../../src/main/runs/run-queue';
import { stopUnresponsiveRun } from '../../src/main/runs/stop-run';
import { getActivity, getJobForActivity, requestActivityCancel, setJobOwner } from '../../src/main/store';
import { createFileSystem, createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, onCleanup, writeCsv } from '../support/temp';

/** A process that lives until killed: it stands in for a run process whose event loop is blocked. */
function liveProcess(): ChildProcess & { pid: number } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  onCleanup(() => void child.kill('SIGKILL'));
  if (child.pid === undefined) throw new Error('could not start a process');
  return child as ChildProcess & { pid: number };
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

async function oneSystem(): Promise<{ env: TestEnv; profileId: number }> {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const system = await createFileSystem(env, { filePath: writeCsv(dir, 'p.csv', 'id,name\n1,Ann\n2,Bob\n') });
  return { env, profileId: (await createRunProfile(env, system.id)).id };
}

const activity = (env: TestEnv, id: number): ActivitySummary => {
  const found = getActivity(env.db, id);
  if (!found) throw new Error(`no activity ${id}`);
  return found;
};

describe('when a run counts as dead', () => {
  it('a run whose heartbeat stopped but whose process lives is flagged unresponsive and keeps its system until the process is gone', async () => {
    const { env, profileId } = await oneSystem();
    const worker = liveProcess();
    await waitUntil('the process runs', () => processStartTime(worker.pid) !== null || process.platform !== 'linux');
    const first = createQueuedRun(env.db, profileId, 'user', worker.pid).activityId;
    expect(tryClaim(env.db, first, identify(worker.pid))).toEqual({ claimed: true });
    const second = createQueuedRun(env.db, profileId, 'user', process.pid).activityId;

    // Two minutes without a heartbeat (a 1M-row export that never yields), the process still there.
    const later = Date.now() + 120_000;
    expect(recoverInterruptedRuns(env.db, later)).toEqual([]);
    expect(activity(env, first).status).toBe('inProgress');
    expect(activity(env, first).warningMessage).toMatch(new RegExp(`^Unresponsive: .*pid ${worker.pid}`));
    expect(getJobForActivity(env.db, first)?.state).toBe('running');
    expect(tryClaim(env.db, second, currentProcess())).toEqual({ claimed: false, waitingFor: first });
    // Flagged once, not rewritten on every look.
    expect(recoverInterruptedRuns(env.db, later + 5_000)).toEqual([]);

    // Its heartbeat comes back: the flag goes.
    expect(recoverInterruptedRuns(env.db)).toEqual([]);
    expect(activity(env, first).warningMessage).toBeNull();

    // The process is gone: now the run is interrupted and its system released.
    worker.kill('SIGKILL');
    await waitUntil('the process is gone', () => !isProcessAlive(worker.pid));
    expect(recoverInterruptedRuns(env.db, later)).toEqual([first]);
    expect(activity(env, first)).toMatchObject({ status: 'failedWithError' });
    expect(activity(env, first).errorMessage).toMatch(new RegExp(`^Interrupted: .*pid ${worker.pid}`));
    expect(getJobForActivity(env.db, first)).toBeUndefined();
    expect(tryClaim(env.db, second, currentProcess())).toEqual({ claimed: true });
  });

  it.runIf(process.platform === 'linux')('a live pid that belongs to another process than the recorded one is dead (recycled pid)', async () => {
    const { env, profileId } = await oneSystem();
    const started = processStartTime(process.pid);
    expect(started).toMatch(/^\d+$/);
    const impostor = { pid: process.pid, startedAt: String(Number(started) + 1) };
    const { activityId } = createQueuedRun(env.db, profileId, 'user', process.pid);
    setJobOwner(env.db, activityId, impostor);
    expect(tryClaim(env.db, activityId, impostor)).toEqual({ claimed: true });

    expect(recoverInterruptedRuns(env.db)).toEqual([activityId]);
    expect(activity(env, activityId).errorMessage).toMatch(new RegExp(`^Interrupted: .*pid ${process.pid}`));
    expect(getJobForActivity(env.db, activityId)).toBeUndefined();
  });
  it('cancelling an unresponsive run stops its process; the run is then interrupted', async () => {
    const { env, profileId } = await oneSystem();
    const worker = liveProcess();
    const { activityId } = createQueuedRun(env.db, profileId, 'user', worker.pid);
    expect(tryClaim(env.db, activityId, identify(worker.pid))).toEqual({ claimed: true });
    // Still answering: cancellation goes the cooperative way, the process is left alone.
    expect(stopUnresponsiveRun(env.db, activityId)).toBe(false);
    expect(isProcessAlive(worker.pid)).toBe(true);

    const later = Date.now() + 120_000;
    expect(stopUnresponsiveRun(env.db, activityId, later)).toBe(true);
    await waitUntil('the process is stopped', () => !isProcessAlive(worker.pid));
    expect(recoverInterruptedRuns(env.db, later)).toEqual([activityId]);
    expect(activity(env, activityId).errorMessage).toMatch(/^Interrupted/);
  });
});

describe('a queued run outlives the process that queued it', () => {
  it('is not failed when its owner exits before starting it, and the next host adopts and runs it', async () => {
    const { env, profileId } = await oneSystem();
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    expect(isProcessAlive(exited)).toBe(false);
    const { activityId } = createQueuedRun(env.db, profileId, 'cli', exited);

    expect(recoverInterruptedRuns(env.db)).toEqual([]);
    expect(activity(env, activityId).status).toBe('inProgress');

    const queue = new RunQueue(env.db, createNodeProcessPort(resolveWorkerEntry()), env.dbPath);
    onCleanup(async () => {
      queue.stop();
      await queue.whenIdle();
    });
    const finished = new Promise<ActivitySummary>((resolve) =>
      queue.on('finished', (a) => {
        if (a.id === activityId) resolve(a);
      }),
    );
    queue.start();
    expect((await finished).status).toBe('complete');
    expect(activity(env, activityId).counters).toMatchObject({ added: 2 });
    expect(getJobForActivity(env.db, activityId)).toBeUndefined();
  });

  it('an orphaned queued run whose cancellation was asked for ends cancelled, not interrupted', async () => {
    const { env, profileId } = await oneSystem();
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    const { activityId } = createQueuedRun(env.db, profileId, 'cli', exited);
    requestActivityCancel(env.db, activityId);
    expect(recoverInterruptedRuns(env.db)).toEqual([activityId]);
    expect(activity(env, activityId)).toMatchObject({ status: 'cancelled', errorMessage: null });
    expect(getJobForActivity(env.db, activityId)).toBeUndefined();
  });
});

describe('a run waiting its turn', () => {
  it('ends cancelled when its cancellation is asked for elsewhere while its system is busy', async () => {
    const { env, profileId } = await oneSystem();
    const holder = liveProcess();
    const busy = createQueuedRun(env.db, profileId, 'user', holder.pid).activityId;
    expect(tryClaim(env.db, busy, identify(holder.pid))).toEqual({ claimed: true });

    const queue = new RunQueue(env.db, createNodeProcessPort(resolveWorkerEntry()), env.dbPath);
    onCleanup(async () => {
      queue.stop();
      await queue.whenIdle();
    });
    const { activityId, queuedBehind } = queue.enqueue(profileId, 'cli');
    expect(queuedBehind).toBe(busy);
    const finished = new Promise<ActivitySummary>((resolve) =>
      queue.on('finished', (a) => {
        if (a.id === activityId) resolve(a);
      }),
    );
    queue.start();
    // As `junction activities cancel` does from another process: only the flag.
    requestActivityCancel(env.db, activityId);
    expect(await finished).toMatchObject({ status: 'cancelled', message: 'Cancelled before it started' });
    expect(queue.isRunning(activityId)).toBe(false);
    expect(getActivity(env.db, busy)?.status).toBe('inProgress');
  });
});
