#!/usr/bin/env node
// `npm run scan:electron`: Electronegativity over the Electron shell's TypeScript sources, failing
// on any HIGH or MEDIUM finding. Its CLI cannot be used: it loads whichever commander is hoisted
// (ours is 14, it was written for 2) and crashes. Its `run()` cannot be used either: it fetches
// translations over the network first. So this drives its loader, parser and finders directly,
// offline: the bundled English strings, our own Electron version, and no check that downloads
// Electron's release list.
//
// Usage: node scripts/electron-scan.mjs [path ...]   (defaults to the shell's sources)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_INPUTS = ['src/main/electron', 'src/main/index.ts', 'src/preload'];
// Downloads Electron's releases list from GitHub: never in a test run.
const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck'];
const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

const require = createRequire(import.meta.url);
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const toolRequire = createRequire(join(toolDir, 'package.json'));

function loadStrings() {
  // The checks read their descriptions through a global `__` at construction time.
  const i18n = toolRequire('i18n');
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: join(toolDir, 'dist', 'locales'),
    updateFiles: false,
    objectNotation: true,
    register: globalThis,
  });
  i18n.setLocale('en-US');
}

function electronVersion() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const declared = manifest.devDependencies?.electron ?? manifest.dependencies?.electron ?? '';
  const match = /\d+(\.\d+){0,2}/.exec(declared);
  if (!match) throw new Error('package.json declares no Electron version');
  const parts = match[0].split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

async function listFiles(input) {
  const { LoaderDirectory, LoaderFile } = toolRequire('./dist/loader');
  const loader = statSync(input).isDirectory() ? new LoaderDirectory() : new LoaderFile();
  await loader.load(input);
  return { loader, files: [...loader.list_files] };
}

export async function scan(inputs) {
  loadStrings();
  const { Finder, GlobalChecks } = toolRequire('./dist/finder');
  const { Parser } = toolRequire('./dist/parser');
  const version = electronVersion();
  const parser = new Parser(false, true);
  const globalChecks = new GlobalChecks([], NETWORK_CHECKS, undefined);
  const finder = await new Finder([], [], undefined);
  const atomicIssues = [];
  const errors = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`Nothing to scan at ${input}`);
    const { loader, files } = await listFiles(input);
    for (const file of files) {
      try {
        const [type, data, content] = parser.parse(file, loader.load_buffer(file));
        if (data === null) continue;
        atomicIssues.push(...(await finder.find(file, data, type, content, null, version)));
      } catch (error) {
        errors.push({
          file,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  // Global checks see every file's findings at once (a permission handler set in one file
  // answers the finding raised in another), so they run after all inputs.
  const issues = (await globalChecks.getResults(atomicIssues, undefined)).filter(
    (issue) => !issue.visibility || (!issue.visibility.inlineDisabled && !issue.visibility.globalCheckDisabled),
  );
  return { issues, errors };
}

async function main() {
  const inputs = (process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_INPUTS).map((input) => resolve(root, input));
  const { issues, errors } = await scan(inputs);
  for (const error of errors) process.stderr.write(`electron-scan: could not parse ${relative(root, error.file)}: ${error.message}\n`);
  for (const issue of issues) {
    const where = `${relative(root, issue.file)}:${issue.location.line}:${issue.location.column}`;
    process.stdout.write(`${issue.severity.name.padEnd(13)} ${issue.id.padEnd(34)} ${where}\n    ${issue.description}\n`);
  }
  const failing = issues.filter((issue) => FAILING_SEVERITIES.has(issue.severity.name));
  process.stdout.write(
    `electron-scan: ${issues.length} finding(s), ${failing.length} high or medium, ${errors.length} unparsable file(s)\n`,
  );
  // An unparsable file was not scanned at all, which is no pass either.
  process.exitCode = failing.length > 0 || errors.length > 0 ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`electron-scan: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
