import {
  BRIDGE_CALL_PATH,
  BRIDGE_EVENTS_PATH,
  BRIDGE_TOKEN_QUERY,
  bridgeAuthorization,
  bridgeEventsProtocols,
  type BridgeEventMessage,
  type JunctionBridge,
} from '../../../shared/contract/bridge';
import type { Envelope } from '../../../shared/contract/errors';
import type { EventName, MethodName, PayloadOf } from '../../../shared/contract/index';

const TOKEN_STORAGE_KEY = 'junction.bridgeToken';
const MAX_BACKOFF_MS = 10_000;

/**
 * The token arrives once in the URL the CLI opened. It is kept in sessionStorage so a reload
 * still works, and removed from the address bar so it does not end up in history or screenshots.
 */
function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(BRIDGE_TOKEN_QUERY);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    params.delete(BRIDGE_TOKEN_QUERY);
    const query = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
}

type AnyListener = (payload: unknown) => void;

function unavailable(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'unavailable', message } };
}

export function createLoopbackBridge(): JunctionBridge {
  const token = takeToken();
  const listeners = new Map<EventName, Set<AnyListener>>();
  let backoffMs = 500;

  const connect = (): void => {
    // Browsers cannot set headers on a WebSocket: the token rides as a subprotocol instead.
    const socket = new WebSocket(`ws://${location.host}${BRIDGE_EVENTS_PATH}`, bridgeEventsProtocols(token));
    socket.onopen = () => {
      backoffMs = 500;
    };
    socket.onmessage = (ev: MessageEvent<unknown>) => {
      if (typeof ev.data !== 'string') return;
      let message: BridgeEventMessage;
      try {
        message = JSON.parse(ev.data) as BridgeEventMessage;
      } catch {
        return;
      }
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    };
    socket.onclose = () => {
      // Missed events are covered by the polling fallback; we only need the stream back.
      setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    };
  };
  connect();

  return {
    async call(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
      let response: Response;
      try {
        response = await fetch(BRIDGE_CALL_PATH, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: bridgeAuthorization(token) },
          body: JSON.stringify({ method, input }),
        });
      } catch {
        return unavailable('Cannot reach the Junction service. Is it still running?');
      }
      try {
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return unavailable(`The Junction service answered ${response.status} ${response.statusText}`);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): void {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      set.add(listener as AnyListener);
      listeners.set(event, set);
    },
    off<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): void {
      listeners.get(event)?.delete(listener as AnyListener);
    },
  };
}
