import type { IncomingMessage } from 'node:http';

/**
 * Large enough for `config apply` of a big lab from the UI (a real configuration is tens of MB),
 * small enough that one request cannot exhaust the host's memory.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export type BodyResult = { kind: 'complete'; text: string } | { kind: 'tooLarge'; limitBytes: number };

/**
 * Reads a request body up to `limitBytes`. Past the limit it keeps reading and discarding until
 * the client has finished sending, so the client gets to read our 413 instead of a connection
 * reset (destroying a socket with unread data makes the kernel answer with RST).
 */
export function readLimitedBody(request: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let chunks: Buffer[] | null = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) chunks = null;
      chunks?.push(chunk);
    });
    request.on('end', () =>
      resolve(chunks ? { kind: 'complete', text: Buffer.concat(chunks).toString('utf8') } : { kind: 'tooLarge', limitBytes }),
    );
    request.on('error', reject);
  });
}

export function describeBytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
