import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rendererDir } from '../../src/main/host/paths';
import { call, httpExchange, rawExchange, startTestBridge, type TestBridge } from '../support/bridge';

// Whatever arrives on the loopback port is answered, and the host keeps running.

const FUZZ_SEED = 20260909;
const FUZZ_RUNS = 300;

function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0);
}

async function stillAnswers(test: TestBridge): Promise<void> {
  const info = await call(test, 'app.info', {});
  expect(info.ok).toBe(true);
}

describe('malformed requests', () => {
  it('answers a malformed percent-encoding in the path with 400 and keeps running', async () => {
    const test = await startTestBridge();
    const answer = await httpExchange(test.bridge.port, { path: `/%E0%A4%A?token=${test.bridge.token}` });
    expect(answer.status).toBe(400);
    const withCookie = await httpExchange(test.bridge.port, { path: '/assets/%E0%A4%A', headers: { cookie: `junction_token=${test.bridge.token}` } });
    expect(withCookie.status).toBe(400);
    await stillAnswers(test);
  });

  it('answers a malformed cookie and a malformed event-stream target, and keeps running', async () => {
    const test = await startTestBridge();
    expect((await httpExchange(test.bridge.port, { path: '/', headers: { cookie: 'junction_token=%E0%A4%A' } })).status).toBe(403);
    const upgrade = await rawExchange(
      test.bridge.port,
      Buffer.from(`GET //%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${test.bridge.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`),
    );
    expect(statusOf(upgrade)).toBe(400);
    await stillAnswers(test);
  });

  it('answers a few hundred random paths, headers and bodies with a 2xx-4xx status, then still serves calls', async () => {
    const test = await startTestBridge();
    const { port, token } = test.bridge;
    const fragment = fc.oneof(
      fc.constantFrom('%', '%E0', '%A4', '%A', '%00', '%2F', '%2e%2e', '/', '//', '..', '?', '#', '&', `token=${token}`, '\u00e9', ';', ' ', '\t', 'api', 'call', 'events'),
      fc.string({ maxLength: 6 }),
    );
    const path = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(''));
    const target = fc.oneof(
      path.map((p) => `/${p}`),
      path.map((p) => `/${p}?token=${token}`),
      path.map((p) => `/api/call${p}`),
      path,
    );
    const headerValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(`junction_token=${token}`, 'junction_token=%E0%A4%A', `Bearer ${token}`, 'Bearer', 'websocket', 'Upgrade', 'null', `http://127.0.0.1:${port}`),
    );
    const headerName = fc.oneof(
      fc.constantFrom('Cookie', 'Authorization', 'Origin', 'Content-Type', 'Upgrade', 'Connection', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version'),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'G\u00c9T', ''),
      target,
      headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
      body: fc.oneof(fc.string({ maxLength: 200 }), fc.json(), fc.constant('{"method":"settings.update","input":{"retentionDays":1}}')),
      host: fc.constantFrom(`127.0.0.1:${port}`, `localhost:${port}`, 'attacker.example', ''),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, target: requestTarget, headers, body, host }) => {
        const bodyBytes = Buffer.from(body, 'utf8');
        const head = [
          `${method} ${requestTarget} HTTP/1.1`,
          `Host: ${host}`,
          ...headers.map(([name, value]) => `${name}: ${value}`),
          `Content-Length: ${bodyBytes.length}`,
          'Connection: close',
        ].join('\r\n');
        const answer = await rawExchange(port, Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'utf8'), bodyBytes]));
        const status = statusOf(answer);
        expect(status, answer.slice(0, 200)).toBeGreaterThanOrEqual(200);
        expect(status, answer.slice(0, 200)).toBeLessThan(500);
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    await stillAnswers(test);
    expect(((await call(test, 'settings.get', {})).value as { retentionDays: number }).retentionDays).not.toBe(1);
  }, 120_000);
});

describe('request bodies', () => {
  it('accepts a 2 MB call (a large configuration) instead of resetting the connection', async () => {
    const test = await startTestBridge();
    const text = `# ${'x'.repeat(2 * 1024 * 1024)}\n`;
    const answer = await httpExchange(test.bridge.port, {
      method: 'POST',
      path: '/api/call',
      headers: test.callHeaders,
      body: JSON.stringify({ method: 'config.apply', input: { text, dryRun: true } }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toMatch(/larger than/);
  });

  it('applies a 20 MB configuration document: the contract accepts what the bridge accepts', async () => {
    const test = await startTestBridge();
    const text = `# ${'x'.repeat(20 * 1024 * 1024)}\nversion: 1\n`;
    const answer = await httpExchange(test.bridge.port, {
      method: 'POST',
      path: '/api/call',
      headers: test.callHeaders,
      body: JSON.stringify({ method: 'config.apply', input: { text, dryRun: true } }),
    });
    expect(answer.status).toBe(200);
    const envelope = JSON.parse(answer.body) as { ok: boolean; error?: { message: string } };
    expect(envelope.error?.message).toBeUndefined();
    expect(envelope.ok).toBe(true);
  }, 60_000);

  it('answers 413 with a message above 64 MB, then keeps serving', async () => {
    const test = await startTestBridge();
    const answer = await httpExchange(test.bridge.port, {
      method: 'POST',
      path: '/api/call',
      headers: test.callHeaders,
      body: Buffer.alloc(65 * 1024 * 1024, 0x20),
    });
    expect(answer.status).toBe(413);
    expect((JSON.parse(answer.body) as { error: { message: string } }).error.message).toMatch(/larger than the 64 MB/);
    await stillAnswers(test);
  }, 60_000);
});

describe('the favicon', () => {
  it.each([
    ['/junction.svg', 'image/svg+xml'],
    ['/junction-32.png', 'image/png'],
  ])('serves %s as %s', async (path, type) => {
    const test = await startTestBridge({ rendererDir: rendererDir() });
    const page = await httpExchange(test.bridge.port, { path: `/?token=${test.bridge.token}` });
    expect(page.body).toContain(`href=".${path}"`);
    const icon = await httpExchange(test.bridge.port, { path, headers: { cookie: `junction_token=${test.bridge.token}` } });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe(type);
  });
});
