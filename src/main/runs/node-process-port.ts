import { fork, spawn } from 'node:child_process';
import type { RunProcessHandle, RunProcessPort } from './process-port';
import { workerArgv, type WorkerArgs, type WorkerMessage } from './protocol';

/** child_process.fork: the Node host's run processes, attached so progress flows back. */
export function createNodeProcessPort(workerEntry: string): RunProcessPort {
  return {
    start(args: WorkerArgs): RunProcessHandle {
      const child = fork(workerEntry, workerArgv(args), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
  const child = spawn(process.execPath, [workerEntry, ...workerArgv(args)], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid;
}
