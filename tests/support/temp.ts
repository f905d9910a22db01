import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];
const cleanups: (() => void | Promise<void>)[] = [];

/** A fresh folder under the OS temp dir, removed after the current test. */
export function makeTempDir(prefix = 'junction-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Runs before the temp folders are removed (close databases, stop queues). */
export function onCleanup(cleanup: () => void | Promise<void>): void {
  cleanups.push(cleanup);
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes a CSV file (UTF-8, text as given) and returns its path. */
export function writeCsv(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

/** RFC 4180 quoting: a field is quoted when it holds the delimiter, a quote or a line break. */
export function csvField(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvText(rows: readonly (readonly string[])[], delimiter = ','): string {
  return rows.map((row) => row.map((cell) => csvField(cell, delimiter)).join(delimiter)).join('\n') + '\n';
}
