import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Electron's app.getPath('userData') for productName "Junction", computed without Electron. */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Junction');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Junction');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Junction');
}

/** The one database the app and the CLI share, unless --db or JUNCTION_DB says otherwise. */
export function defaultDatabasePath(env = process.env): string {
  return env.JUNCTION_DB ?? join(defaultUserDataDir(process.platform, env), 'junction.sqlite');
}

/** The folder holding package.json, found from this (bundled or source) module upwards. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'electron.vite.config.ts'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the Junction folder above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The built run-process entry. Tests run from source but still fork the built worker. */
export function resolveWorkerEntry(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = resolve(packageRoot(), 'out/main/worker.js');
  if (!existsSync(built)) throw new Error(`The run process is not built (${built}); run \`npm run build\``);
  return built;
}

export function rendererDir(): string {
  return resolve(packageRoot(), 'out/renderer');
}
