import { EventEmitter } from 'node:events';
import type { AppInfo, EventName, Handlers } from '../../shared/contract';
import { scheduleHousekeeping, type HousekeepingTimer } from '../housekeeping/housekeeping-timer';
import { createHandlers } from '../ipc/handlers';
import type { RunProcessPort } from '../runs/process-port';
import { RunQueue } from '../runs/run-queue';
import { ExecutionEngine } from '../schedules/engine';
import { Scheduler } from '../schedules/scheduler';
import { executionView } from '../schedules/views';
import { getActivity, openDatabase, type WriteDb } from '../store';

/** Transports only serialise events, so they see the payload untyped. */
export type EventListener = (event: EventName, payload: unknown) => void;

export interface AppHost {
  db: WriteDb;
  queue: RunQueue;
  /** Coordinates schedule executions started here; the scheduler fires triggers while the app runs. */
  executions: ExecutionEngine;
  scheduler: Scheduler;
  handlers: Handlers;
  /** Every contract event, for whichever transport relays them (Electron IPC, bridge WebSocket). */
  onEvent(listener: EventListener): () => void;
  close(): void;
}

export interface AppHostOptions {
  databasePath: string;
  port: RunProcessPort;
  info: Omit<AppInfo, 'databasePath'>;
  pickFile?: (title: string | undefined) => Promise<string | null>;
  openPath?: (path: string) => Promise<void>;
  /** Drives housekeeping (at start, then every 6 hours); tests inject a fake. */
  housekeepingTimer?: HousekeepingTimer;
}

/** The main-process core shared by the Electron shell and serve mode: store, run queue, handlers. */
export function createAppHost(options: AppHostOptions): AppHost {
  const db = openDatabase(options.databasePath, { migrate: true });
  const queue = new RunQueue(db, options.port, options.databasePath);
  const emitter = new EventEmitter<{ event: [EventName, unknown] }>();
  queue.on('progress', (progress) => emitter.emit('event', 'activities.onProgress', progress));
  queue.on('finished', (activity) => emitter.emit('event', 'activities.onFinished', activity));
  queue.start();
  const executions = new ExecutionEngine(db, queue);
  executions.on('changed', (execution) => {
    emitter.emit('event', 'schedules.onExecutionChanged', execution);
    const parent = execution.status === 'inProgress' ? undefined : getActivity(db, execution.id);
    if (parent) emitter.emit('event', 'activities.onFinished', parent);
  });
  executions.start();
  const scheduler = new Scheduler(db, executions);
  scheduler.on('fired', (outcome) => {
    // A skipped trigger is recorded as a finished execution: show it like any other.
    const skipped = outcome.kind === 'skipped' ? executionView(db, outcome.executionId) : undefined;
    if (skipped) emitter.emit('event', 'schedules.onExecutionChanged', skipped);
  });
  scheduler.start();
  const stopHousekeeping = scheduleHousekeeping(db, {
    ...(options.housekeepingTimer ? { timer: options.housekeepingTimer } : {}),
    onPass: (result) => {
      const activity = result.activityId === null ? undefined : getActivity(db, result.activityId);
      if (activity) emitter.emit('event', 'activities.onFinished', activity);
    },
    onError: (error) => {
      process.stderr.write(`junction housekeeping: ${error instanceof Error ? error.message : String(error)}\n`);
    },
  });
  const handlers = createHandlers({
    db,
    queue,
    info: { ...options.info, databasePath: options.databasePath },
    initiator: 'user',
    schedules: executions,
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
    ...(options.openPath ? { openPath: options.openPath } : {}),
  });
  return {
    db,
    queue,
    executions,
    scheduler,
    handlers,
    onEvent(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    close() {
      stopHousekeeping();
      scheduler.stop();
      executions.stop();
      queue.stop();
      db.close();
    },
  };
}
