import { EventEmitter } from 'node:events';
import type { AppInfo, EventName, Handlers } from '../../shared/contract';
import { createHandlers } from '../ipc/handlers';
import type { RunProcessPort } from '../runs/process-port';
import { RunQueue } from '../runs/run-queue';
import { openDatabase, type WriteDb } from '../store';

/** Transports only serialise events, so they see the payload untyped. */
export type EventListener = (event: EventName, payload: unknown) => void;

export interface AppHost {
  db: WriteDb;
  queue: RunQueue;
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
}

/** The main-process core shared by the Electron shell and serve mode: store, run queue, handlers. */
export function createAppHost(options: AppHostOptions): AppHost {
  const db = openDatabase(options.databasePath, { migrate: true });
  const queue = new RunQueue(db, options.port, options.databasePath);
  const emitter = new EventEmitter<{ event: [EventName, unknown] }>();
  queue.on('progress', (progress) => emitter.emit('event', 'activities.onProgress', progress));
  queue.on('finished', (activity) => emitter.emit('event', 'activities.onFinished', activity));
  queue.start();
  const handlers = createHandlers({
    db,
    queue,
    info: { ...options.info, databasePath: options.databasePath },
    initiator: 'user',
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
  });
  return {
    db,
    queue,
    handlers,
    onEvent(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    close() {
      queue.stop();
      db.close();
    },
  };
}
