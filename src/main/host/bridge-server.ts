import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import {
  BRIDGE_CALL_PATH,
  BRIDGE_EVENTS_PATH,
  BRIDGE_EVENTS_PROTOCOL,
  BRIDGE_TOKEN_QUERY,
  type ApiErrorPayload,
  type BridgeEventMessage,
} from '../../shared/contract';
import { dispatch } from '../ipc/handlers';
import type { AppHost } from './app-host';
import { describeBytes, MAX_BODY_BYTES, readLimitedBody } from './bridge-body';
import { mayCall, mayListen, mayReadPage, ownOrigin, securityHeaders, TOKEN_COOKIE } from './bridge-security';

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
// The server never reads what the page sends on the event socket; a tiny cap keeps it that way.
const MAX_EVENT_SOCKET_MESSAGE_BYTES = 4 * 1024;

const callRequestSchema = z.object({ method: z.string(), input: z.unknown() });

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  rendererDir: string;
  port?: number;
  maxBodyBytes?: number;
}

class BadRequest extends Error {}

/** Only origin-form targets ("/path?query"): "//host/x", "*" and absolute URLs are refused. */
function parseTarget(raw: string | undefined): URL {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) throw new BadRequest('Bad request target');
  try {
    return new URL(raw, 'http://127.0.0.1');
  } catch {
    throw new BadRequest('Bad request target');
  }
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string, type: string): void {
  response.writeHead(status, { ...headers, 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  send(response, status, headers, body, 'text/plain; charset=utf-8');
}

/** API answers are envelopes, so the UI shows the message like any other refused call. */
function sendRefusal(response: ServerResponse, status: number, headers: Record<string, string>, error: ApiErrorPayload): void {
  send(response, status, headers, JSON.stringify({ ok: false, error }), 'application/json');
}

/** Writes a bare HTTP response on a socket that never became an HTTP exchange (upgrade, parse error). */
function answerRawSocket(socket: Duplex, status: string, headers: Record<string, string>): void {
  const lines = [`HTTP/1.1 ${status}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  socket.end(`${lines.join('\r\n')}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * Serve mode's loopback bridge: the built renderer plus the typed contract over HTTP (calls) and
 * a WebSocket (events). Binds 127.0.0.1 only. Static files need the per-launch token (query on
 * the first load, then a cookie); calls and the event stream need it sent explicitly by our own
 * page, from our own origin (see bridge-security.ts for why the cookie is not enough).
 */
export async function startBridge(host: Pick<AppHost, 'handlers' | 'onEvent'>, options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(24).toString('base64url');
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let boundPort = 0;
  const canonicalOrigin = (): string => `http://127.0.0.1:${boundPort}`;

  const handleCall = async (request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): Promise<void> => {
    if (request.method !== 'POST') {
      return sendRefusal(response, 405, { ...headers, allow: 'POST' }, { code: 'validation', message: 'Calls are POST requests' });
    }
    const body = await readLimitedBody(request, maxBodyBytes);
    if (body.kind === 'tooLarge') {
      const message = `The request is larger than the ${describeBytes(body.limitBytes)} the Junction service accepts`;
      return sendRefusal(response, 413, headers, { code: 'validation', message });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return sendRefusal(response, 400, headers, { code: 'validation', message: 'The request body is not valid JSON' });
    }
    const call = callRequestSchema.safeParse(json);
    if (!call.success) {
      return sendRefusal(response, 400, headers, { code: 'validation', message: 'A call is {"method": string, "input": ...}' });
    }
    const envelope = await dispatch(host.handlers, call.data.method, call.data.input);
    send(response, 200, headers, JSON.stringify(envelope), 'application/json');
  };

  const handleRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = ownOrigin(request, boundPort);
    const headers = securityHeaders(origin ?? canonicalOrigin());
    const url = parseTarget(request.url);
    if (!origin) return sendText(response, 403, headers, 'Forbidden: unknown host name');
    if (url.pathname === BRIDGE_CALL_PATH) {
      if (!mayCall(request, origin, token)) {
        const message = 'Refused: calls need this window’s launch token and must come from its own page';
        return sendRefusal(response, 403, headers, { code: 'unavailable', message });
      }
      return handleCall(request, response, headers);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, { ...headers, allow: 'GET, HEAD' }, 'Method not allowed');
    }
    if (!mayReadPage(request, url, token)) return sendText(response, 403, headers, 'Forbidden: this Junction window needs its launch token');
    serveStatic(options.rendererDir, url, token, request, response, headers);
  };

  const server: Server = createServer((request, response) => {
    // Whatever a request holds, it is answered and the host keeps running.
    handleRequest(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      const status = error instanceof BadRequest ? 400 : 500;
      const message = error instanceof Error ? error.message : String(error);
      sendText(response, status, securityHeaders(canonicalOrigin()), status === 400 ? message : 'Internal error');
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    answerRawSocket(socket, status, securityHeaders(canonicalOrigin()));
  });

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_EVENT_SOCKET_MESSAGE_BYTES,
    // Never echo the token protocol back: select the fixed one, which the page offers alongside.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_EVENTS_PROTOCOL) ? BRIDGE_EVENTS_PROTOCOL : false),
  });
  sockets.on('connection', (socket) => {
    socket.on('error', () => socket.terminate());
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const origin = ownOrigin(request, boundPort);
    let path: string;
    try {
      path = parseTarget(request.url).pathname;
    } catch {
      return answerRawSocket(socket, '400 Bad Request', securityHeaders(canonicalOrigin()));
    }
    if (!origin || path !== BRIDGE_EVENTS_PATH || !mayListen(request, origin, token)) {
      return answerRawSocket(socket, '403 Forbidden', securityHeaders(origin ?? canonicalOrigin()));
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
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

function serveStatic(
  rendererDir: string,
  url: URL,
  token: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): void {
  let relative: string;
  try {
    relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    throw new BadRequest('Bad request target: malformed percent-encoding');
  }
  if (relative.includes('\0')) throw new BadRequest('Bad request target');
  const path = normalize(join(rendererDir, relative));
  if (!path.startsWith(rendererDir + sep) || !existsSync(path) || !statSync(path).isFile()) {
    return sendText(response, 404, headers, 'Not found');
  }
  const fileHeaders: Record<string, string> = {
    ...headers,
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
  };
  // The first page load carries the token in its URL; assets that page loads carry this cookie.
  if (relative === 'index.html') fileHeaders['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  response.writeHead(200, fileHeaders);
  if (request.method === 'HEAD') return void response.end();
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}
