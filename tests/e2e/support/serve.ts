import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIRequestContext } from '@playwright/test';

export interface ServedApp {
  url: string;
  origin: string;
  token: string;
  /** What our own page sends with a call: the token as a Bearer header, from our own origin. */
  apiHeaders: Record<string, string>;
  dir: string;
  stop(): Promise<void>;
}

/** Starts serve mode (the built app, Node host) on a fresh database and returns its tokenised URL. */
export async function startServe(): Promise<ServedApp> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [resolve('out/main/serve.js'), '--db', join(dir, 'e2e.sqlite')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`serve mode did not start: ${text}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running at (\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve mode exited with ${code}: ${text}`)));
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  return {
    url,
    origin: parsed.origin,
    token,
    apiHeaders: { authorization: `Bearer ${token}`, origin: parsed.origin },
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One contract call as our own page makes it; a refused call throws with the app's message. */
export async function callApi<T>(request: APIRequestContext, app: ServedApp, method: string, input: unknown): Promise<T> {
  const response = await request.post(`${app.origin}/api/call`, { headers: app.apiHeaders, data: { method, input } });
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(envelope.error?.message);
  return envelope.value;
}

/** An HR extract: quoted commas, multi-valued groups, a duplicate and a row without an ID. */
export function writeHrCsv(dir: string, rows: number, variant = ''): string {
  const path = join(dir, `hr${variant}.csv`);
  const lines = ['employeeId,firstName,lastName,displayName,email,department,startDate,groups'];
  for (let i = 1; i <= rows; i += 1) {
    const id = `E${String(i).padStart(6, '0')}`;
    lines.push(
      `${id},First${i}${variant},Last${i},"Last${i}, First${i}",first${i}@corp.example,Dept${i % 7},2021-0${(i % 9) + 1}-15,staff|dept${i % 7}`,
    );
  }
  lines.push(',Nobody,Noid,"Noid, Nobody",x@corp.example,Dept1,2021-01-01,staff');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
