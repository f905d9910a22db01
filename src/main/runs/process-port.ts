import type { ParentMessage, WorkerArgs, WorkerMessage } from './protocol';

/** A started run process, whatever started it. */
export interface RunProcessHandle {
  readonly pid: number | undefined;
  send(message: ParentMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** code is null when the process was killed by a signal. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/**
 * The seam between the run queue and the platform: Electron's utilityProcess in the app,
 * child_process.fork under the Node host (CLI, tests, serve mode). Same worker entry for both.
 */
export interface RunProcessPort {
  start(args: WorkerArgs): RunProcessHandle;
}
