import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { ApiError, type ConfigApplyResult } from '../../../shared/contract';
import type { ConfigPlan } from '../../../shared/contract/config';
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

/** The plan in three groups, each line indented under its heading, as a reviewer reads it. */
function printPlan(plan: ConfigPlan): void {
  const section = (heading: string, lines: string[], none: string): string =>
    `${heading} (${lines.length}):\n${lines.length ? lines.map((l) => `  ${l}`).join('\n') : `  ${none}`}\n`;
  process.stdout.write(
    section('Create', plan.create, 'nothing') +
      section('Change', plan.change, 'nothing') +
      section('Delete', plan.delete, 'nothing (apply never deletes: objects missing from the document are kept)') +
      'Plan only: nothing was changed\n',
  );
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
    .option('--plan', 'validate and show the plan (what would be created, changed and deleted) without changing anything')
    .option('--json', 'print {"dryRun", "changes", "plan"} as JSON')
    .action(async (file: string, options: { dryRun?: boolean; plan?: boolean; json?: boolean }) => {
      const text = readDocument(file);
      const dryRun = (options.dryRun ?? false) || (options.plan ?? false);
      let result: ConfigApplyResult;
      try {
        result = await env.session().call('config.apply', { text, dryRun });
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
      const { changes, plan } = result;
      if (options.json) return printJson({ dryRun, changes, plan });
      if (options.plan) return printPlan(plan);
      if (changes.length === 0) {
        process.stdout.write('No changes: the database already matches the document\n');
        return;
      }
      for (const change of changes) process.stdout.write(`${change}\n`);
      const n = changes.length;
      process.stdout.write(dryRun ? `Dry run: ${n} change${n === 1 ? '' : 's'} would be made; nothing was changed\n` : `Applied ${n} change${n === 1 ? '' : 's'}\n`);
    });
}
