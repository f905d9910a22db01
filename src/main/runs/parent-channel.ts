import type { ParentMessage, WorkerMessage } from './protocol';

/** Electron's utilityProcess gives the child process.parentPort; child_process.fork gives process.send. */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface ParentChannel {
  /** Resolves once the message is handed to the parent, so a process can exit without dropping it. */
  send(message: WorkerMessage): Promise<void>;
  onMessage(listener: (message: ParentMessage) => void): void;
}

export function connectToParent(): ParentChannel {
  const port = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => {
        port.postMessage(message);
        return Promise.resolve();
      },
      onMessage: (listener) => port.on('message', (event) => listener(event.data as ParentMessage)),
    };
  }
  return {
    send: (message) =>
      new Promise((resolve) => {
        // A detached run (CLI without --wait) has nobody listening: the database is its only output.
        if (!process.connected || !process.send) return resolve();
        process.send(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => {
      process.on('message', (message) => listener(message as ParentMessage));
    },
  };
}
