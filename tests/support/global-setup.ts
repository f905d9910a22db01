import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The run-process and CLI tests execute the built bundles (out/main/worker.js, out/main/cli.js),
 * so a missing build must stop the run at once instead of failing deep inside a test.
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  const missing = ['out/main/worker.js', 'out/main/cli.js'].filter((file) => !existsSync(resolve(root, file)));
  if (missing.length > 0) {
    throw new Error(`The tests need the built app, but ${missing.join(' and ')} is missing: run \`npm run build\` first (or \`npx electron-vite build\`)`);
  }
}
