import { fork, spawn } from 'node:child_process';
import type { RunProcessHandle, RunProcessPort } from './process-port';
import { workerArgv, type WorkerArgs, type WorkerMessage } from './protocol';

/**
 * Extra Node flags for run processes only, e.g. JUNCTION_RUN_NODE_FLAGS="--cpu-prof" to profile a
 * run (NODE_OPTIONS refuses profiling flags, and would also profile the parent).
 */
function runProcessFlags(): string[] {
  return (process.env.JUNCTION_RUN_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/** child_process.fork: the Node host's run processes, attached so progress flows back. */
export function createNodeProcessPort(workerEntry: string): RunProcessPort {
  return {
    start(args: WorkerArgs): RunProcessHandle {
      const child = fork(workerEntry, workerArgv(args), {
        execArgv: runProcessFlags(),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message);
        },
        onMessage: (listener) => child.on('message', (m) => listener(m as WorkerMessage)),
        onExit: (listener) => child.on('exit', listener),
        kill: () => child.kill('SIGKILL'),
      };
    },
  };
}

/** A run that outlives the command that started it (CLI `run` without --wait). Returns its pid. */
export function startDetachedRun(workerEntry: string, args: WorkerArgs): number | undefined {
  const child = spawn(process.execPath, [...runProcessFlags(), workerEntry, ...workerArgv(args)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid;
}
