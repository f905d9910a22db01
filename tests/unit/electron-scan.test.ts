import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp';

// `npm run scan:electron` (Electronegativity, offline) gates `npm test`: it must pass on the shell
// as it is and must fail when someone plants an insecure window.

const root = resolve(import.meta.dirname, '..', '..');
const SCAN_TIMEOUT_MS = 60_000;

function scan(...inputs: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'electron-scan.mjs'), ...inputs], {
    cwd: root,
    encoding: 'utf8',
    timeout: SCAN_TIMEOUT_MS,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the Electron security scan', () => {
  it('finds nothing high or medium in the shell (main window, entry, preload)', { timeout: SCAN_TIMEOUT_MS }, () => {
    const { status, output } = scan();
    expect(output).toMatch(/0 high or medium/);
    expect(status).toBe(0);
  });

  it('exits non-zero on a planted window with Node integration and no context isolation', { timeout: SCAN_TIMEOUT_MS }, () => {
    const dir = makeTempDir('junction-scan-');
    writeFileSync(
      join(dir, 'insecure-window.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'export function open(): BrowserWindow {',
        '  return new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        '}',
        '',
      ].join('\n'),
    );
    const { status, output } = scan(dir);
    expect(output).toMatch(/HIGH +CONTEXT_ISOLATION_JS_CHECK/);
    expect(status).not.toBe(0);
  });
});
