import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeEventsProtocols, BRIDGE_EVENTS_PROTOCOL } from '../../src/shared/contract';
import { call, httpExchange, startTestBridge, type HttpAnswer, type TestBridge } from '../support/bridge';

// Serve mode's bridge against the requests a hostile page on another loopback port can make.
// Cookies are not port-scoped, so such a page is same-site and its requests carry our cookie:
// only the explicit token (Bearer header / WebSocket subprotocol) plus our own Origin may pass.

const RETENTION_CHANGE = JSON.stringify({ method: 'settings.update', input: { retentionDays: 7 } });

async function retentionDays(test: TestBridge): Promise<number> {
  const settings = await call(test, 'settings.get', {});
  return (settings.value as { retentionDays: number }).retentionDays;
}

function tryCall(test: TestBridge, headers: Record<string, string>, path = '/api/call'): Promise<HttpAnswer> {
  return httpExchange(test.bridge.port, { method: 'POST', path, headers: { 'content-type': 'text/plain', ...headers }, body: RETENTION_CHANGE });
}

/** Resolves 'open' with the first event received, or 'refused' when the handshake fails. */
function listen(
  test: TestBridge,
  options: { origin?: string; protocols?: string[]; cookie?: string; query?: string },
): Promise<{ outcome: 'open'; selected: string } | { outcome: 'refused'; status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${test.bridge.port}/api/events${options.query ?? ''}`, options.protocols ?? [], {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.cookie ? { headers: { cookie: options.cookie } } : {}),
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ outcome: 'refused', status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('error', () => resolve({ outcome: 'refused', status: 0 }));
    socket.on('open', () => {
      resolve({ outcome: 'open', selected: socket.protocol });
      socket.close();
    });
  });
}

describe('the bridge refuses calls that do not carry the token explicitly from our own origin', () => {
  it('accepts our own page: Bearer token and our Origin', async () => {
    const test = await startTestBridge();
    const answer = await tryCall(test, test.callHeaders);
    expect(answer.status).toBe(200);
    expect(await retentionDays(test)).toBe(7);
  });

  it.each([
    ['the cookie alone, from another local port', (t: TestBridge) => ({ cookie: `junction_token=${t.bridge.token}`, origin: 'http://127.0.0.1:1' })],
    ['the cookie alone, from our own origin (a form cannot add headers)', (t: TestBridge) => ({ cookie: `junction_token=${t.bridge.token}`, origin: t.origin })],
    ['the Bearer token from another local port', (t: TestBridge) => ({ authorization: `Bearer ${t.bridge.token}`, origin: 'http://127.0.0.1:1' })],
    ['the Bearer token from localhost on another port', (t: TestBridge) => ({ authorization: `Bearer ${t.bridge.token}`, origin: `http://localhost:${t.bridge.port + 1}` })],
    ['the Bearer token with no Origin', (t: TestBridge) => ({ authorization: `Bearer ${t.bridge.token}` })],
    ['the Bearer token from an opaque origin', (t: TestBridge) => ({ authorization: `Bearer ${t.bridge.token}`, origin: 'null' })],
    ['the old x-junction-token header', (t: TestBridge) => ({ 'x-junction-token': t.bridge.token, origin: t.origin })],
    ['a wrong Bearer token from our own origin', (t: TestBridge) => ({ authorization: `Bearer ${t.bridge.token.slice(1)}x`, origin: t.origin })],
  ])('refuses %s with 403 and changes nothing', async (_name, headersFor) => {
    const test = await startTestBridge();
    const before = await retentionDays(test);
    const answer = await tryCall(test, headersFor(test));
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('retentionDays');
    expect(await retentionDays(test)).toBe(before);
  });

  it('refuses the token in the query string of a call', async () => {
    const test = await startTestBridge();
    const before = await retentionDays(test);
    const answer = await tryCall(test, { origin: test.origin }, `/api/call?token=${test.bridge.token}`);
    expect(answer.status).toBe(403);
    expect(await retentionDays(test)).toBe(before);
  });

  it('refuses a DNS-rebound host name even with the token', async () => {
    const test = await startTestBridge();
    const answer = await tryCall(test, { ...test.callHeaders, host: `attacker.example:${test.bridge.port}` });
    expect(answer.status).toBe(403);
  });
});

describe('the event stream needs the token subprotocol and our own origin', () => {
  it('opens for our own page and selects the fixed protocol, never echoing the token', async () => {
    const test = await startTestBridge();
    const result = await listen(test, { origin: test.origin, protocols: bridgeEventsProtocols(test.bridge.token) });
    expect(result).toEqual({ outcome: 'open', selected: BRIDGE_EVENTS_PROTOCOL });
  });

  it.each([
    ['the cookie from another local port', (t: TestBridge) => ({ origin: 'http://127.0.0.1:1', cookie: `junction_token=${t.bridge.token}` })],
    ['the cookie from our own origin', (t: TestBridge) => ({ origin: t.origin, cookie: `junction_token=${t.bridge.token}` })],
    ['the token in the query', (t: TestBridge) => ({ origin: t.origin, query: `?token=${t.bridge.token}` })],
    ['the token subprotocol from another local port', (t: TestBridge) => ({ origin: 'http://127.0.0.1:1', protocols: bridgeEventsProtocols(t.bridge.token) })],
    ['the token subprotocol with no Origin', (t: TestBridge) => ({ protocols: bridgeEventsProtocols(t.bridge.token) })],
    ['a wrong token subprotocol', (t: TestBridge) => ({ origin: t.origin, protocols: bridgeEventsProtocols('wrong') })],
  ])('refuses %s', async (_name, optionsFor) => {
    const test = await startTestBridge();
    const result = await listen(test, optionsFor(test));
    expect(result).toEqual({ outcome: 'refused', status: 403 });
  });
});

describe('security headers on every response', () => {
  it.each([
    ['the page', (t: TestBridge) => ({ path: `/?token=${t.bridge.token}` })],
    ['an asset', (t: TestBridge) => ({ path: '/assets/app.js', headers: { cookie: `junction_token=${t.bridge.token}` } })],
    ['a refused page', () => ({ path: '/' })],
    ['a missing file', (t: TestBridge) => ({ path: `/missing.js?token=${t.bridge.token}` })],
    ['a malformed path', (t: TestBridge) => ({ path: `/%E0%A4%A?token=${t.bridge.token}` })],
    ['a call', (t: TestBridge) => ({ path: '/api/call', method: 'POST', headers: t.callHeaders, body: '{"method":"app.info","input":{}}' })],
  ])('on %s', async (_name, requestFor) => {
    const test = await startTestBridge();
    const answer = await httpExchange(test.bridge.port, requestFor(test));
    const csp = String(answer.headers['content-security-policy']);
    const connectSrc = /connect-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(connectSrc.split(' ').sort()).toEqual(["'self'", test.origin, `ws://127.0.0.1:${test.bridge.port}`].sort());
    expect(csp).toContain("frame-ancestors 'none'");
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});
