#!/usr/bin/env node
// The `junction` command: a thin launcher for the built CLI (npm install builds it via "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('junction: the CLI is not built yet; run `npm install` (or `npm run build`) in the Junction folder first\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
