import { join } from 'node:path';
import { ApiError, type InputOf, type MethodName, type OutputOf } from '../../src/shared/contract';
import type {
  ActivitySummary,
  ConnectedSystem,
  ConnectorSpaceObject,
  ExecutionItem,
  ImportCounters,
  RunProfile,
  RunType,
} from '../../src/shared/model';
import { EMPTY_COUNTERS } from '../../src/shared/model';
import { createHandlers, dispatch } from '../../src/main/ipc/handlers';
import type { HandlerContext } from '../../src/main/ipc/context';
import { executeRun } from '../../src/main/runs/execute-run';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import type { ProgressSink } from '../../src/main/engine/run-context';
import {
  deleteJobForActivity,
  finishActivity,
  getActivity,
  listAllExecutionItems,
  listConnectorSpace,
  openDatabase,
  requestActivityCancel,
  type WriteDb,
} from '../../src/main/store';
import { onCleanup } from './temp';

export interface TestEnv {
  db: WriteDb;
  dbPath: string;
  /** Calls a handler through the validating dispatcher; a failed envelope throws its ApiError. */
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
}

/** A migrated database in `dir`, with handlers whose queue records runs without starting processes. */
export function openTestEnv(dir: string, queue?: HandlerContext['queue']): TestEnv {
  const dbPath = join(dir, 'junction.sqlite');
  const db = openDatabase(dbPath, { migrate: true });
  onCleanup(() => {
    if (db.open) db.close();
  });
  const handlers = createHandlers({
    db,
    queue: queue ?? {
      enqueue: (runProfileId, initiatedBy) => createQueuedRun(db, runProfileId, initiatedBy, process.pid),
      cancel: (activityId) => {
        requestActivityCancel(db, activityId);
      },
    },
    info: { host: 'browser', version: 'test', databasePath: dbPath, nativeFilePicker: false },
    initiator: 'user',
  });
  return {
    db,
    dbPath,
    async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
      const envelope = await dispatch(handlers, method, input);
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.value as OutputOf<M>;
    },
  };
}

export interface FileSystemOptions {
  name?: string;
  filePath: string;
  externalIdColumn?: string;
  objectType?: string | null;
  objectTypeColumn?: string | null;
  delimiter?: string;
  multiValueDelimiter?: string;
}

export function createFileSystem(env: TestEnv, options: FileSystemOptions): Promise<ConnectedSystem> {
  const objectTypeColumn = options.objectTypeColumn ?? null;
  return env.call('systems.create', {
    name: options.name ?? 'HR',
    connectorType: 'file',
    settings: {
      filePath: options.filePath,
      delimiter: options.delimiter ?? ',',
      multiValueDelimiter: options.multiValueDelimiter ?? '|',
      objectType: objectTypeColumn ? null : (options.objectType ?? 'person'),
      objectTypeColumn,
      externalIdColumn: options.externalIdColumn ?? 'id',
    },
  });
}

export function createRunProfile(
  env: TestEnv,
  systemId: number,
  options: { name?: string; runType?: RunType; batchSize?: number; filePath?: string | null } = {},
): Promise<RunProfile> {
  return env.call('runProfiles.create', {
    systemId,
    name: options.name ?? 'Full import',
    runType: options.runType ?? 'fullImport',
    batchSize: options.batchSize ?? 1000,
    filePath: options.filePath ?? null,
  });
}

export const noProgress: ProgressSink = {
  step: () => undefined,
  advance: () => undefined,
};

export interface RunResult {
  activity: ActivitySummary;
  items: ExecutionItem[];
}

/**
 * A run executed in this process, as the run process would: a queued activity + job, executeRun,
 * then the terminal status recorded and the job removed.
 */
export async function runInProcess(db: WriteDb, runProfileId: number): Promise<RunResult> {
  const { activityId } = createQueuedRun(db, runProfileId, 'user', process.pid);
  const outcome = await executeRun(db, activityId, { signal: new AbortController().signal, progress: noProgress });
  finishActivity(db, activityId, { ...outcome, step: outcome.status === 'cancelled' ? 'Cancelled' : 'Finished' });
  deleteJobForActivity(db, activityId);
  const activity = getActivity(db, activityId);
  if (!activity) throw new Error(`activity ${activityId} vanished`);
  return { activity, items: listAllExecutionItems(db, activityId) };
}

/** Every connector-space object of a system, in id order. */
export function connectorSpace(db: WriteDb, systemId: number): ConnectorSpaceObject[] {
  return listConnectorSpace(db, { systemId, offset: 0, limit: 1_000_000 }).rows;
}

export function counters(partial: Partial<ImportCounters>): ImportCounters {
  return { ...EMPTY_COUNTERS, ...partial };
}
