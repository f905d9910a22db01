import type { Envelope } from './errors';
import type { EventName, MethodName, PayloadOf } from './index';

/**
 * What the Electron preload exposes as `window.junction`, and what the browser client builds
 * over the loopback bridge: call / on / off, nothing else.
 */
export interface JunctionBridge {
  call(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): void;
  off<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): void;
}

/** Loopback bridge (serve mode): POST {method, input} here with the token header; events over a WebSocket. */
export const BRIDGE_CALL_PATH = '/api/call';
export const BRIDGE_EVENTS_PATH = '/api/events';
export const BRIDGE_TOKEN_HEADER = 'x-junction-token';
export const BRIDGE_TOKEN_QUERY = 'token';

/** One WebSocket message from the bridge. */
export interface BridgeEventMessage {
  event: EventName;
  payload: unknown;
}
