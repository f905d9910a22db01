import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BRIDGE_EVENTS_TOKEN_PROTOCOL_PREFIX, BRIDGE_TOKEN_QUERY } from '../../shared/contract';

// Who may use the loopback bridge. Cookies are not port-scoped, so a page from any other port on
// 127.0.0.1 is "same-site" and would carry a SameSite=Strict cookie: the cookie therefore only
// unlocks static files. Calls and the event stream need the token sent explicitly by our own
// script and an Origin equal to ours, which a page from another origin can do neither of.

export const TOKEN_COOKIE = 'junction_token';

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The origin this request reached us as, or null for any other Host (DNS rebinding: another
 * name resolving to loopback must not get in).
 */
export function ownOrigin(request: IncomingMessage, port: number): string | null {
  const host = request.headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return null;
  return `http://${host}`;
}

function cookieToken(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    // The token is base64url, never percent-encoded: compare the raw text, decode nothing.
    if (part.slice(0, separator).trim() === TOKEN_COOKIE) return part.slice(separator + 1).trim();
  }
  return null;
}

function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** Static files: the tokenised address on the first load, the cookie for the assets it loads. */
export function mayReadPage(request: IncomingMessage, url: URL, token: string): boolean {
  return sameToken(token, url.searchParams.get(BRIDGE_TOKEN_QUERY)) || sameToken(token, cookieToken(request));
}

/** API calls: our own origin and `Authorization: Bearer <token>`; the cookie does not count. */
export function mayCall(request: IncomingMessage, origin: string, token: string): boolean {
  return request.headers.origin === origin && sameToken(token, bearerToken(request));
}

export function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0);
}

/** The event stream: our own origin and the token as a subprotocol (browsers cannot set headers). */
export function mayListen(request: IncomingMessage, origin: string, token: string): boolean {
  if (request.headers.origin !== origin) return false;
  return offeredProtocols(request).some(
    (protocol) =>
      protocol.startsWith(BRIDGE_EVENTS_TOKEN_PROTOCOL_PREFIX) &&
      sameToken(token, protocol.slice(BRIDGE_EVENTS_TOKEN_PROTOCOL_PREFIX.length)),
  );
}

/**
 * Headers on every response. The CSP allows connections to this host and port only (the page's
 * own meta CSP cannot know the port); frame-ancestors and X-Frame-Options stop clickjacking;
 * no-referrer keeps the tokenised first address out of Referer headers; CORP stops other local
 * origins from embedding our files.
 */
export function securityHeaders(origin: string): Record<string, string> {
  const host = origin.replace(/^http:\/\//, '');
  const contentSecurityPolicy = [
    "default-src 'self'",
    "script-src 'self'",
    // MUI's emotion injects style tags at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${origin} ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': contentSecurityPolicy,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}
