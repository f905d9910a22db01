import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import {
  BRIDGE_CALL_PATH,
  BRIDGE_EVENTS_PATH,
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_QUERY,
  type BridgeEventMessage,
} from '../../shared/contract';
import { dispatch } from '../ipc/handlers';
import type { AppHost } from './app-host';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const TOKEN_COOKIE = 'junction_token';
const MAX_BODY_BYTES = 1024 * 1024;

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === TOKEN_COOKIE && value) return decodeURIComponent(value);
  }
  return null;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(body);
}

/**
 * Serve mode's loopback bridge: the built renderer plus the typed contract over HTTP (calls) and
 * a WebSocket (events). Binds 127.0.0.1 only; every request must carry the per-launch token
 * (query on the first page load, then a same-site cookie for assets, a header for API calls).
 */
export async function startBridge(host: AppHost, options: { rendererDir: string; port?: number }): Promise<Bridge> {
  const token = randomBytes(24).toString('base64url');
  let boundPort = 0;
  const authorised = (request: IncomingMessage, url: URL): boolean => {
    const hostHeader = request.headers.host ?? '';
    // Refuse other host names pointing at loopback (DNS rebinding).
    if (hostHeader !== `127.0.0.1:${boundPort}` && hostHeader !== `localhost:${boundPort}`) return false;
    const given =
      url.searchParams.get(BRIDGE_TOKEN_QUERY) ??
      (request.headers[BRIDGE_TOKEN_HEADER] as string | undefined) ??
      cookieToken(request);
    return sameToken(token, given);
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!authorised(request, url)) return send(response, 403, 'Forbidden: this Junction window needs its launch token');
    if (url.pathname === BRIDGE_CALL_PATH) {
      if (request.method !== 'POST') return send(response, 405, 'Method not allowed');
      void readBody(request)
        .then(async (text) => {
          const body = JSON.parse(text) as { method?: unknown; input?: unknown };
          const envelope = await dispatch(host.handlers, String(body.method), body.input);
          send(response, 200, JSON.stringify(envelope), 'application/json');
        })
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          send(response, 400, JSON.stringify({ ok: false, error: { code: 'validation', message } }), 'application/json');
        });
      return;
    }
    serveStatic(options.rendererDir, url, token, response);
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== BRIDGE_EVENTS_PATH || !authorised(request, url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws));
  });
  const unsubscribe = host.onEvent((event, payload) => {
    const message: BridgeEventMessage = { event, payload };
    const text = JSON.stringify(message);
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  boundPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${boundPort}/?${BRIDGE_TOKEN_QUERY}=${token}`,
    port: boundPort,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveStatic(rendererDir: string, url: URL, token: string, response: ServerResponse): void {
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const path = normalize(join(rendererDir, relative));
  if (!path.startsWith(rendererDir + sep) || !existsSync(path) || !statSync(path).isFile()) {
    return send(response, 404, 'Not found');
  }
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  // The first page load carries the token in its URL; assets that page loads carry this cookie.
  if (relative === 'index.html') headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  response.writeHead(200, headers);
  createReadStream(path).pipe(response);
}
