import { EventEmitter } from 'node:events';
import type { ExecuteResult } from '../../shared/contract';
import type { ActivityProgress, ActivitySummary, Initiator } from '../../shared/model';
import {
  finishActivity,
  getActivity,
  getJobForActivity,
  isCancelRequested,
  listJobs,
  listJobsForSystem,
  requestActivityCancel,
  deleteJobForActivity,
  type WriteDb,
} from '../store';
import { adoptOrphanedRuns } from './adoption';
import { jobAhead } from './job-claim';
import { identify } from './process-liveness';
import { createQueuedRun, RunNotFoundError } from './queued-run';
import type { RunProcessHandle, RunProcessPort } from './process-port';
import { recoverInterruptedRuns } from './recovery';
import { stopUnresponsiveRun } from './stop-run';

export interface RunQueueEvents {
  progress: [ActivityProgress];
  finished: [ActivitySummary];
}

export interface RunQueueOptions {
  /**
   * Take over queued runs whose owner died before starting them (adoption.ts). Hosts that stay
   * up (the app, serve mode) do; a CLI command that exits after its own run does not.
   */
  adoptOrphans?: boolean;
  /** Keep the process alive while the queue runs (a CLI waiting for a queued run has nothing else to). */
  keepsProcessAlive?: boolean;
}

const PUMP_INTERVAL_MS = 500;

/**
 * Main's run queue. Requests become an activity + a queued job at once (the caller gets the
 * activity id immediately); a run process is started when its connected system is free. The
 * database is the source of truth, so runs queued by another process (the CLI) are respected.
 */
export class RunQueue extends EventEmitter<RunQueueEvents> {
  private readonly running = new Map<number, RunProcessHandle>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: WriteDb,
    private readonly port: RunProcessPort,
    private readonly databasePath: string,
    private readonly ownerPid: number = process.pid,
    private readonly options: RunQueueOptions = { adoptOrphans: true },
  ) {
    super();
  }

  start(): void {
    this.stopped = false;
    recoverInterruptedRuns(this.db);
    this.adopt();
    this.timer = setInterval(() => this.tick(), PUMP_INTERVAL_MS);
    if (!this.options.keepsProcessAlive) this.timer.unref();
  }

  /** Stops pumping; running processes are left to finish on their own connection. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Resolves once no process started by this queue is running, i.e. once no exit listener of
   * ours can touch the database any more: close the database only after this.
   */
  whenIdle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  enqueue(runProfileId: number, initiatedBy: Initiator): ExecuteResult {
    const result = createQueuedRun(this.db, runProfileId, initiatedBy, this.ownerPid);
    this.pump();
    return result;
  }

  cancel(activityId: number): void {
    const activity = getActivity(this.db, activityId);
    if (!activity) throw new RunNotFoundError(`Activity ${activityId} does not exist`);
    if (activity.status !== 'inProgress') return;
    requestActivityCancel(this.db, activityId);
    if (stopUnresponsiveRun(this.db, activityId)) return;
    const handle = this.running.get(activityId);
    if (handle) {
      handle.send({ kind: 'cancel' });
      return;
    }
    this.cancelIfQueuedHere(activityId);
  }

  /** A queued job we own and have not started is cancelled on the spot. */
  private cancelIfQueuedHere(activityId: number): void {
    const job = getJobForActivity(this.db, activityId);
    if (!job || job.state !== 'queued' || job.ownerPid !== this.ownerPid || this.running.has(activityId)) return;
    const cancel = this.db.transaction(() => {
      finishActivity(this.db, activityId, { status: 'cancelled', message: 'Cancelled before it started', step: 'Cancelled' });
      deleteJobForActivity(this.db, activityId);
    });
    cancel.immediate();
    this.emitFinished(activityId);
  }

  isRunning(activityId: number): boolean {
    return this.running.has(activityId);
  }

  private tick(): void {
    // No heartbeat for the jobs we hold queued: this process's pid and start time vouch for them.
    for (const id of recoverInterruptedRuns(this.db)) this.emitFinished(id);
    // A cancel asked for elsewhere (another window, `junction activities cancel`) while the run
    // waits here behind a busy system: it must not wait for the system to be free to end.
    // (A free system starts it instead: its run process honours the flag before doing anything.)
    for (const job of listJobs(this.db)) {
      if (job.ownerPid !== this.ownerPid || job.state !== 'queued' || !isCancelRequested(this.db, job.activityId)) continue;
      if (jobAhead(listJobsForSystem(this.db, job.connectedSystemId), job.activityId)) this.cancelIfQueuedHere(job.activityId);
    }
    this.adopt();
    this.pump();
  }

  private adopt(): void {
    if (this.options.adoptOrphans) adoptOrphanedRuns(this.db, identify(this.ownerPid));
  }

  /** Starts a process for each queued job of ours whose system has nothing ahead of it. */
  private pump(): void {
    if (this.stopped) return;
    for (const job of listJobs(this.db)) {
      if (job.state !== 'queued' || job.ownerPid !== this.ownerPid || this.running.has(job.activityId)) continue;
      if (jobAhead(listJobsForSystem(this.db, job.connectedSystemId), job.activityId)) continue;
      this.launch(job.activityId);
    }
  }

  private launch(activityId: number): void {
    const handle = this.port.start({ databasePath: this.databasePath, activityId });
    this.running.set(activityId, handle);
    handle.onMessage((message) => {
      if (message.kind === 'progress') this.emit('progress', message.progress);
    });
    handle.onExit((code, signal) => {
      this.running.delete(activityId);
      if (this.running.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      // A host that closed its database without waiting (whenIdle) has nothing left to record here.
      if (!this.db.open) return;
      const activity = getActivity(this.db, activityId);
      if (activity?.status === 'inProgress') {
        const how = signal ? `was killed (${signal})` : `exited with code ${code ?? 'unknown'}`;
        const fail = this.db.transaction(() => {
          finishActivity(this.db, activityId, {
            status: 'failedWithError',
            errorMessage: `Interrupted: the run process ${how} before the run finished`,
          });
          deleteJobForActivity(this.db, activityId);
        });
        fail.immediate();
      }
      this.emitFinished(activityId);
      this.pump();
    });
  }

  private emitFinished(activityId: number): void {
    const activity = getActivity(this.db, activityId);
    if (activity) this.emit('finished', activity);
  }
}
