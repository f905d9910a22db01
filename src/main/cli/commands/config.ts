import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { ApiError } from '../../../shared/contract';
import { EXIT_CODES } from '../../../shared/model';
import type { CommandEnv } from '../main';
import { printJson, UsageError } from '../output';

type Format = 'json' | 'yaml';

/** .json → JSON; anything else (.yaml, .yml, none) → YAML. */
export function formatForFile(file: string | undefined): Format {
  return file !== undefined && extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

function readDocument(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(error as Error).message}`);
  }
}

export function registerConfigCommands(program: Command, env: CommandEnv): void {
  const config = program.command('config').description('configuration as code: export and apply the whole configuration (docs/configuration.md)');
  config
    .command('export [file]')
    .description('write the configuration (metaverse schema, connected systems, run profiles, sync rules, priorities) to FILE or stdout')
    .addOption(new Option('--format <format>', 'json or yaml (default: from the file extension, .json → json, else yaml)').choices(['json', 'yaml']))
    .action(async (file: string | undefined, options: { format?: Format }) => {
      const format = options.format ?? formatForFile(file);
      const { text } = await env.session().call('config.export', { format });
      if (file === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(file, text, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot write ${file}: ${(error as Error).message}`);
      }
      process.stdout.write(`Exported the configuration to ${file} (${format})\n`);
    });
  config
    .command('apply <file>')
    .description(
      'validate FILE (YAML or JSON) and apply it in one transaction; objects are matched by name and never deleted. ' +
        `An invalid document changes nothing: every problem is printed to stderr as "path: message" and the exit code is ${EXIT_CODES.usage}`,
    )
    .option('--dry-run', 'validate and list the changes without making them')
    .option('--json', 'print {"dryRun", "changes"} as JSON')
    .action(async (file: string, options: { dryRun?: boolean; json?: boolean }) => {
      const text = readDocument(file);
      const dryRun = options.dryRun ?? false;
      let changes: string[];
      try {
        ({ changes } = await env.session().call('config.apply', { text, dryRun }));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'validation' && error.fields) {
          const lines = Object.entries(error.fields).map(([path, message]) => `  ${path}: ${message}`);
          const n = lines.length;
          process.stderr.write(`junction: ${file} has ${n} problem${n === 1 ? '' : 's'}; nothing was changed\n${lines.join('\n')}\n`);
          process.exitCode = EXIT_CODES.usage;
          return;
        }
        throw error;
      }
      if (options.json) return printJson({ dryRun, changes });
      if (changes.length === 0) {
        process.stdout.write('No changes: the database already matches the document\n');
        return;
      }
      for (const change of changes) process.stdout.write(`${change}\n`);
      const n = changes.length;
      process.stdout.write(dryRun ? `Dry run: ${n} change${n === 1 ? '' : 's'} would be made; nothing was changed\n` : `Applied ${n} change${n === 1 ? '' : 's'}\n`);
    });
}
