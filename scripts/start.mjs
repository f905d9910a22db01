#!/usr/bin/env node
// `npm start`: opens Junction. The real Electron window where Electron is installed; otherwise
// (as on build machines where its binary cannot be downloaded) the same UI in the browser via
// serve mode. Rebuilds first when the sources are newer than the build.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forceServe = args.includes('--serve');
const passThrough = args.filter((a) => a !== '--serve');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const marker = join(root, 'out/renderer/index.html');
  const stale = !existsSync(marker) || newestMtime(join(root, 'src')) > statSync(join(root, 'out/main/index.js')).mtimeMs;
  if (!stale) return;
  process.stdout.write('Building Junction…\n');
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
}

/**
 * The Electron binary's path, or null where it cannot be had. The electron package fetches its
 * binary on first use (its install script is not run, see allowScripts); that attempt runs in a
 * child so a machine without access says so in our one line, not in a stack trace.
 */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

/**
 * better-sqlite3 is compiled for this Node; Electron needs its own build. Fetch Electron's
 * prebuilt binary into out/native once (the Node copy stays for the CLI and tests) and hand its
 * path to main and the run processes through JUNCTION_SQLITE_BINDING.
 */
function electronSqliteBinding() {
  const electronVersion = require('electron/package.json').version;
  const dir = join(root, 'out/native', `better-sqlite3-electron-${electronVersion}`);
  const binding = join(dir, 'build/Release/better_sqlite3.node');
  if (existsSync(binding)) return binding;
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  cpSync(source, dir, { recursive: true });
  execFileSync(
    process.execPath,
    [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion],
    { cwd: dir, stdio: 'inherit' },
  );
  return binding;
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

ensureBuilt();
const electron = forceServe ? null : electronBinary();
if (electron) {
  run(electron, ['.', ...passThrough], { ...process.env, JUNCTION_SQLITE_BINDING: electronSqliteBinding() });
} else {
  if (!forceServe) {
    process.stdout.write('Electron is not installed on this machine, so Junction opens in your browser instead (serve mode).\n');
  }
  run(process.execPath, [join(root, 'out/main/serve.js'), '--open', ...passThrough]);
}
