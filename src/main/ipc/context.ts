import type { Handlers } from '../../shared/contract';
import type { AppInfo } from '../../shared/contract';
import type { Initiator } from '../../shared/model';
import type { RunQueue } from '../runs/run-queue';
import type { ExecutionEngine } from '../schedules/engine';
import type { WriteDb } from '../store';

/** What handlers need from their host; the Electron shell, serve mode and the CLI each provide it. */
export interface HandlerContext {
  db: WriteDb;
  queue: Pick<RunQueue, 'enqueue' | 'cancel'>;
  info: AppInfo;
  /** Who a run started through these handlers is attributed to. */
  initiator: Initiator;
  /** The schedule execution coordinator of this process, if it runs one (the app, the CLI with --wait). */
  schedules?: Pick<ExecutionEngine, 'run' | 'cancel' | 'owns'>;
  /** The clock of schedule computations (tests pass a fake one). */
  now?: () => Date;
  /** The native file picker; only the Electron shell has one. */
  pickFile?: (title: string | undefined) => Promise<string | null>;
  /** Opens a folder in the file manager; only the Electron shell can. */
  openPath?: (path: string) => Promise<void>;
}

/** The handlers of one contract domain, e.g. DomainHandlers<'systems'>. */
export type DomainHandlers<D extends string> = Pick<Handlers, Extract<keyof Handlers, `${D}.${string}`>>;
