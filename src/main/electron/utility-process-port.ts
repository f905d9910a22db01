import { utilityProcess } from 'electron';
import type { RunProcessHandle, RunProcessPort } from '../runs/process-port';
import { workerArgv, type WorkerArgs, type WorkerMessage } from '../runs/protocol';

/** Electron's utilityProcess: the app's run processes (same worker entry as the Node host's fork). */
export function createUtilityProcessPort(workerEntry: string): RunProcessPort {
  return {
    start(args: WorkerArgs): RunProcessHandle {
      const child = utilityProcess.fork(workerEntry, workerArgv(args), { serviceName: 'Junction run', stdio: 'inherit' });
      return {
        get pid() {
          return child.pid;
        },
        send: (message) => child.postMessage(message),
        onMessage: (listener) => child.on('message', (message: unknown) => listener(message as WorkerMessage)),
        // utilityProcess reports only an exit code; a crash shows as a non-zero code.
        onExit: (listener) => child.on('exit', (code: number) => listener(code, null)),
        kill: () => {
          child.kill();
        },
      };
    },
  };
}
