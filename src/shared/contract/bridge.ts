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

/**
 * Loopback bridge (serve mode): POST {method, input} to the call path with `Authorization: Bearer
 * <token>`; events over a WebSocket offering both subprotocols below. The token reaches the page
 * once, in the query of the address serve mode prints; a cookie alone never authorises a call,
 * because cookies are not port-scoped and any other local page is "same-site".
 */
export const BRIDGE_CALL_PATH = '/api/call';
export const BRIDGE_EVENTS_PATH = '/api/events';
export const BRIDGE_TOKEN_QUERY = 'token';
/** The subprotocol the server selects; the token travels in a second, per-launch one. */
export const BRIDGE_EVENTS_PROTOCOL = 'junction.events';
export const BRIDGE_EVENTS_TOKEN_PROTOCOL_PREFIX = 'junction.token.';

export function bridgeAuthorization(token: string): string {
  return `Bearer ${token}`;
}

export function bridgeEventsProtocols(token: string): string[] {
  return [BRIDGE_EVENTS_PROTOCOL, `${BRIDGE_EVENTS_TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** One WebSocket message from the bridge. */
export interface BridgeEventMessage {
  event: EventName;
  payload: unknown;
}
