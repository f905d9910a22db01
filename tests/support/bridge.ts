import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppHost, type AppHost } from '../../src/main/host/app-host';
import { startBridge, type Bridge } from '../../src/main/host/bridge-server';
import type { RunProcessPort } from '../../src/main/runs/process-port';
import { makeTempDir, onCleanup } from './temp';

export interface TestBridge {
  bridge: Bridge;
  host: AppHost;
  /** The host's own origin, as its page sends it. */
  origin: string;
  /** Headers our own page sends with a call. */
  callHeaders: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const noRuns: RunProcessPort = {
  start() {
    throw new Error('The bridge tests start no runs');
  },
};

/** A real app host on a fresh database behind a real bridge, serving a minimal page (or `rendererDir`). */
export async function startTestBridge(options: { rendererDir?: string } = {}): Promise<TestBridge> {
  const dir = makeTempDir('junction-bridge-');
  const rendererDir = options.rendererDir ?? join(dir, 'renderer');
  if (!options.rendererDir) {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Junction</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  }
  const host = createAppHost({
    databasePath: join(dir, 'bridge.sqlite'),
    port: noRuns,
    info: { host: 'browser', version: 'test', nativeFilePicker: false },
    housekeepingTimer: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  const bridge = await startBridge(host, { rendererDir });
  onCleanup(async () => {
    await bridge.close();
    host.close();
  });
  const origin = `http://127.0.0.1:${bridge.port}`;
  return { bridge, host, origin, callHeaders: { origin, authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' } };
}

/** One HTTP exchange on a fresh connection; rejects on a reset or a hang-up without an answer. */
export function httpExchange(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * Bytes as written, for requests no HTTP client would send; resolves with whatever came back once
 * the server closes (send `Connection: close`). It never half-closes first: Node's server drops
 * an answer still being streamed when its client half-closes, which no browser does.
 */
export function rawExchange(port: number, bytes: Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`No answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes);
  });
}

export async function call(test: TestBridge, method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const answer = await httpExchange(test.bridge.port, {
    method: 'POST',
    path: '/api/call',
    headers: test.callHeaders,
    body: JSON.stringify({ method, input }),
  });
  return JSON.parse(answer.body) as { ok: boolean; value?: unknown; error?: { message: string } };
}
