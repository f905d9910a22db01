import { dispatch, createHandlers } from '../ipc/handlers';
import type { HandlerContext } from '../ipc/context';
import { adoptOrphanedRuns } from '../runs/adoption';
import { currentProcess, identify } from '../runs/process-liveness';
import { createQueuedRun } from '../runs/queued-run';
import { recoverInterruptedRuns } from '../runs/recovery';
import { RunQueue } from '../runs/run-queue';
import { stopUnresponsiveRun } from '../runs/stop-run';
import { createNodeProcessPort, startDetachedRun } from '../runs/node-process-port';
import { recoverInterruptedExecutions } from '../schedules/engine';
import { resolveWorkerEntry } from '../host/paths';
import { appVersion } from '../host/version';
import { openDatabase, requestActivityCancel, setJobOwner, type WriteDb } from '../store';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import { ApiError } from '../../shared/contract';

/** The CLI's view of main: the same handlers, reached through the same validating dispatcher. */
export interface CliSession {
  db: WriteDb;
  databasePath: string;
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /** A queue whose runs are attached to this process (for --wait). */
  attachedQueue(): RunQueue;
  /** Closes the database once no run process started here can still report to it. */
  close(): Promise<void>;
}

/** Starts a run process of its own for a queued run and hands the job to it, so it outlives this command. */
function handToDetachedRun(db: WriteDb, databasePath: string, activityId: number): void {
  const pid = startDetachedRun(resolveWorkerEntry(), { databasePath, activityId });
  // If it could not start, the job stays ours and is adopted again by the next Junction process.
  if (pid !== undefined) setJobOwner(db, activityId, identify(pid));
}

export function openCliSession(databasePath: string, options: { detachRuns: boolean }): CliSession {
  const db = openDatabase(databasePath, { migrate: true });
  // Every Junction process that starts settles what dead processes left behind (docs/runs.md).
  recoverInterruptedRuns(db);
  recoverInterruptedExecutions(db);
  for (const activityId of adoptOrphanedRuns(db, currentProcess())) handToDetachedRun(db, databasePath, activityId);
  let attached: RunQueue | null = null;
  const attachedQueue = (): RunQueue => {
    attached ??= new RunQueue(db, createNodeProcessPort(resolveWorkerEntry()), databasePath, process.pid, {
      adoptOrphans: false,
      keepsProcessAlive: true,
    });
    return attached;
  };
  const detachedQueue: HandlerContext['queue'] = {
    enqueue(runProfileId, initiatedBy) {
      const result = createQueuedRun(db, runProfileId, initiatedBy, process.pid);
      handToDetachedRun(db, databasePath, result.activityId);
      return result;
    },
    cancel(activityId) {
      // The run process polls this flag, whichever process started it.
      requestActivityCancel(db, activityId);
      stopUnresponsiveRun(db, activityId);
    },
  };
  const handlers = createHandlers({
    db,
    queue: options.detachRuns
      ? detachedQueue
      : {
          enqueue: (runProfileId, initiatedBy) => attachedQueue().enqueue(runProfileId, initiatedBy),
          cancel: (activityId) => attachedQueue().cancel(activityId),
        },
    info: { host: 'browser', version: appVersion(), databasePath, nativeFilePicker: false },
    initiator: 'cli',
  });
  return {
    db,
    databasePath,
    async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
      const envelope = await dispatch(handlers, method, input);
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.value as OutputOf<M>;
    },
    attachedQueue,
    async close() {
      attached?.stop();
      await attached?.whenIdle();
      db.close();
    },
  };
}
