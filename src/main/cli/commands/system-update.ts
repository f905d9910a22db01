import { Option, type Command } from 'commander';
import { FILE_ENCODINGS, FILE_MODES, type FileEncoding, type FileMode } from '../../../shared/model';
import type { CommandEnv } from '../main';
import { UsageError } from '../output';
import { systemNamed } from './lookup';
import { withValueChangeCheck } from './schema';

interface UpdateSystemOptions {
  rename?: string;
  description?: string;
  file?: string;
  externalId?: string;
  objectType?: string;
  objectTypeColumn?: string;
  delimiter?: string;
  multiValueDelimiter?: string;
  encoding?: FileEncoding;
  mode?: FileMode;
  changeTypeColumn?: string;
  force?: boolean;
}

/** "\t" and the word "tab" are easier to type in a shell than a literal tab. */
export function delimiterArgument(value: string): string {
  if (value === '\\t' || value.toLowerCase() === 'tab') return '\t';
  return value;
}

/**
 * `systems update`: changes only the settings given, keeping the rest as stored, and re-reads the
 * schema as the app's settings form does (the handlers validate the result as a whole).
 */
export function registerSystemUpdateCommand(systems: Command, env: CommandEnv): void {
  systems
    .command('update <name>')
    .description('change a connected system\'s settings (only those given) and refresh its schema')
    .option('--rename <name>', 'a new name')
    .option('--description <text>', 'description')
    .option('--file <path>', 'the CSV file')
    .option('--external-id <column>', 'the column holding each object\'s external ID (anchor)')
    .option('--object-type <type>', 'a fixed object type for every row (replaces an object-type column)')
    .option('--object-type-column <column>', 'the column naming each row\'s object type (replaces a fixed type)')
    .option('--delimiter <c>', 'field delimiter (one character; "tab" for a tab)', delimiterArgument)
    .option('--multi-value-delimiter <c>', 'separator of values inside one cell', delimiterArgument)
    .addOption(new Option('--encoding <encoding>', 'text encoding of a file without a byte-order mark, and of exports').choices(FILE_ENCODINGS))
    .addOption(new Option('--mode <mode>', 'file mode').choices(FILE_MODES))
    .option('--change-type-column <column>', 'the column holding add / update / delete in a Delta Import change file')
    .option('--force', 'change stored values that read differently once the schema is re-read (e.g. 0011 -> 11)')
    .action(async (name: string, options: UpdateSystemOptions) => {
      if (options.objectType !== undefined && options.objectTypeColumn !== undefined) {
        throw new UsageError('give at most one of --object-type TYPE or --object-type-column COLUMN');
      }
      const session = env.session();
      const current = await session.call('systems.get', { id: systemNamed(session.db, name).id });
      const s = current.settings;
      const objectTypeChosen = options.objectType !== undefined || options.objectTypeColumn !== undefined;
      const system = await withValueChangeCheck(options.force === true, (confirmation) =>
        session.call('systems.update', {
          ...confirmation,
          id: current.id,
          name: options.rename ?? current.name,
          description: options.description ?? current.description,
          settings: {
            filePath: options.file ?? s.filePath,
            delimiter: options.delimiter ?? s.delimiter,
            multiValueDelimiter: options.multiValueDelimiter ?? s.multiValueDelimiter,
            encoding: options.encoding ?? s.encoding,
            objectType: objectTypeChosen ? (options.objectType ?? null) : s.objectType,
            objectTypeColumn: objectTypeChosen ? (options.objectTypeColumn ?? null) : s.objectTypeColumn,
            externalIdColumn: options.externalId ?? s.externalIdColumn,
            mode: options.mode ?? s.mode,
            changeTypeColumn: options.changeTypeColumn ?? s.changeTypeColumn,
          },
        }),
      );
      process.stdout.write(`Updated connected system "${system.name}" (id ${system.id})\n`);
    });
}
