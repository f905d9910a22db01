import { ipcMain, type WebContents } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL, type Envelope } from '../../shared/contract';
import type { AppHost } from '../host/app-host';
import { dispatch } from '../ipc/handlers';

/**
 * Binds the contract to Electron IPC: one channel for calls, one for events. Calls are accepted
 * only from our own window's top frame loaded from our own files.
 */
export function bindIpc(host: AppHost, isTrustedSender: (sender: WebContents, frameUrl: string) => boolean): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown): Promise<Envelope<unknown>> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isTrustedSender(event.sender, frameUrl)) {
      return { ok: false, error: { code: 'unavailable', message: 'Refused: call from an untrusted frame' } };
    }
    return dispatch(host.handlers, String(method), input);
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

export function relayEventsTo(host: AppHost, contents: WebContents): void {
  const unsubscribe = host.onEvent((name, payload) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });
  contents.once('destroyed', unsubscribe);
}
