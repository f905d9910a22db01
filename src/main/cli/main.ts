import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ApiError } from '../../shared/contract';
import { EXIT_CODES, RUN_TYPES, type RunType } from '../../shared/model';
import { defaultDatabasePath } from '../host/paths';
import { appVersion } from '../host/version';
import { SchemaVersionError } from '../store';
import { openCliSession, type CliSession } from './cli-context';
import { registerActivityCommands } from './commands/activities';
import { registerConfigCommands } from './commands/config';
import { registerConnectorSpaceCommands } from './commands/connector-space';
import { registerLabCommands } from './commands/lab';
import { registerMetaverseCommands } from './commands/metaverse';
import { registerPendingExportCommands } from './commands/pending-exports';
import { registerRunCommand } from './commands/run';
import { registerScheduleCommands } from './commands/schedules';
import { registerSettingsCommands } from './commands/settings';
import { registerSyncRuleCommands } from './commands/sync-rules';
import { registerSystemCommands } from './commands/systems';
import { UsageError } from './output';

/** CLI spellings of run types (kebab-case, like the examples). */
export const RUN_TYPE_ARGUMENTS: Record<string, RunType> = {
  'full-import': 'fullImport',
  'delta-import': 'deltaImport',
  'full-sync': 'fullSync',
  'delta-sync': 'deltaSync',
  export: 'export',
};

export function parseRunType(value: string): RunType {
  const runType = RUN_TYPE_ARGUMENTS[value] ?? RUN_TYPES.find((t) => t === value);
  if (!runType) throw new InvalidArgumentError(`expected one of ${Object.keys(RUN_TYPE_ARGUMENTS).join(', ')}`);
  return runType;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export interface CommandEnv {
  /** Opens the database named by --db / JUNCTION_DB, or the app's own. */
  session(options?: { detachRuns?: boolean }): CliSession;
}

function buildProgram(): Command {
  const program = new Command('junction')
    .description('Junction: identity synchronisation from the command line (same database as the app)')
    .version(appVersion())
    .addOption(new Option('--db <file>', 'database file (default: the app\'s, or $JUNCTION_DB)'))
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let open: CliSession | null = null;
  const env: CommandEnv = {
    session(options) {
      const databasePath = (program.opts() as { db?: string }).db ?? defaultDatabasePath();
      open ??= openCliSession(databasePath, { detachRuns: options?.detachRuns ?? true });
      return open;
    },
  };
  registerSystemCommands(program, env);
  registerConnectorSpaceCommands(program, env);
  registerRunCommand(program, env);
  registerActivityCommands(program, env);
  registerConfigCommands(program, env);
  registerMetaverseCommands(program, env);
  registerSyncRuleCommands(program, env);
  registerPendingExportCommands(program, env);
  registerScheduleCommands(program, env);
  registerSettingsCommands(program, env);
  registerLabCommands(program, env);
  program.hook('postAction', async () => {
    const session = open;
    open = null;
    await session?.close();
  });
  for (const command of program.commands) command.exitOverride();
  return program;
}

function fail(message: string, code: number): never {
  process.stderr.write(`junction: ${message}\n`);
  process.exit(code);
}

/**
 * A reader that stops early (`junction … | head -1`) closes the pipe: there is nobody left to
 * tell anything, so leave quietly instead of dying on an unhandled EPIPE with a stack trace.
 */
function exitQuietlyOnClosedOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CODES.ok);
    throw error;
  });
}

async function main(): Promise<void> {
  exitQuietlyOnClosedOutput(process.stdout);
  exitQuietlyOnClosedOutput(process.stderr);
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print and exit 0; every other commander error is a usage error.
      if (error.exitCode === 0) process.exit(0);
      process.exit(EXIT_CODES.usage);
    }
    if (error instanceof UsageError) fail(error.message, EXIT_CODES.usage);
    if (error instanceof ApiError) {
      fail(error.message, error.code === 'internal' ? EXIT_CODES.failed : EXIT_CODES.usage);
    }
    if (error instanceof SchemaVersionError) fail(error.message, EXIT_CODES.failed);
    fail(error instanceof Error ? error.message : String(error), EXIT_CODES.failed);
  }
}

void main();
