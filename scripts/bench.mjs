#!/usr/bin/env node
// `npm run bench [-- --rows N --large --json --keep --batch-size N]`: Junction's benchmark
// (src/main/bench/, docs/performance.md). Builds first when the sources are newer than the built
// bench, with the build's output on stderr so `--json` prints exactly one JSON object.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out/main/bench.js');

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = ['out/main/bench.js', 'out/main/worker.js'].map((file) => join(root, file));
const stale = built.some((file) => !existsSync(file)) || newestMtime(join(root, 'src')) > Math.min(...built.map((file) => statSync(file).mtimeMs));
if (stale) {
  process.stderr.write('bench: building Junction (electron-vite build)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
}
const result = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
