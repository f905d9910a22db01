import { dispatch, createHandlers } from '../ipc/handlers';
import type { HandlerContext } from '../ipc/context';
import { createQueuedRun } from '../runs/queued-run';
import { recoverInterruptedRuns } from '../runs/recovery';
import { RunQueue } from '../runs/run-queue';
import { createNodeProcessPort, startDetachedRun } from '../runs/node-process-port';
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
  close(): void;
}

export function openCliSession(databasePath: string, options: { detachRuns: boolean }): CliSession {
  const db = openDatabase(databasePath, { migrate: true });
  recoverInterruptedRuns(db);
  let attached: RunQueue | null = null;
  const attachedQueue = (): RunQueue => {
    attached ??= new RunQueue(db, createNodeProcessPort(resolveWorkerEntry()), databasePath);
    return attached;
  };
  const detachedQueue: HandlerContext['queue'] = {
    enqueue(runProfileId, initiatedBy) {
      const result = createQueuedRun(db, runProfileId, initiatedBy, process.pid);
      const pid = startDetachedRun(resolveWorkerEntry(), { databasePath, activityId: result.activityId });
      // Hand the job to its own process before this command exits, so nobody takes it for dead.
      if (pid !== undefined) setJobOwner(db, result.activityId, pid);
      return result;
    },
    cancel(activityId) {
      // The run process polls this flag, whichever process started it.
      requestActivityCancel(db, activityId);
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
    close() {
      attached?.stop();
      db.close();
    },
  };
}
