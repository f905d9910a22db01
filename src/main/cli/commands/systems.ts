import { Option, type Command } from 'commander';
import {
  DEFAULT_CHANGE_TYPE_COLUMN,
  DEFAULT_FILE_ENCODING,
  FILE_ENCODINGS,
  FILE_MODES,
  RUN_TYPE_LABELS,
  type FileEncoding,
  type FileMode,
  type RunType,
} from '../../../shared/model';
import type { CommandEnv } from '../main';
import { parsePositiveInt, parseRunType } from '../main';
import { printJson, printTable, UsageError } from '../output';
import { SCOPE_ARGUMENTS, scopeOption } from './connector-space';
import { systemNamed } from './lookup';
import { delimiterArgument, registerSystemUpdateCommand } from './system-update';
import { registerSchemaCommands } from './schema';

interface CreateSystemOptions {
  connector: string;
  file: string;
  externalId: string;
  objectType?: string;
  objectTypeColumn?: string;
  delimiter: string;
  multiValueDelimiter: string;
  encoding: FileEncoding;
  mode: FileMode;
  changeTypeColumn: string;
  description: string;
}

export function registerSystemCommands(program: Command, env: CommandEnv): void {
  const systems = program.command('systems').description('connected systems');
  systems
    .command('create <name>')
    .description('create a connected system and import its schema')
    .addOption(new Option('--connector <type>', 'connector type').choices(['file']).makeOptionMandatory())
    .requiredOption('--file <path>', 'the CSV file')
    .requiredOption('--external-id <column>', 'the column holding each object\'s external ID (anchor)')
    .option('--object-type <type>', 'a fixed object type for every row')
    .option('--object-type-column <column>', 'the column naming each row\'s object type')
    .option('--delimiter <c>', 'field delimiter (one character; "tab" for a tab)', delimiterArgument, ',')
    .option('--multi-value-delimiter <c>', 'separator of values inside one cell', delimiterArgument, '|')
    .addOption(
      new Option('--encoding <encoding>', 'text encoding of a file without a byte-order mark, and of exports')
        .choices(FILE_ENCODINGS)
        .default(DEFAULT_FILE_ENCODING),
    )
    .addOption(new Option('--mode <mode>', 'file mode').choices(FILE_MODES).default('importOnly'))
    .option('--change-type-column <column>', 'the column holding add / update / delete in a Delta Import change file', DEFAULT_CHANGE_TYPE_COLUMN)
    .option('--description <text>', 'description', '')
    .action(async (name: string, options: CreateSystemOptions) => {
      if (Boolean(options.objectType) === Boolean(options.objectTypeColumn)) {
        throw new UsageError('give exactly one of --object-type TYPE or --object-type-column COLUMN');
      }
      const system = await env.session().call('systems.create', {
        name,
        description: options.description,
        connectorType: 'file',
        settings: {
          filePath: options.file,
          delimiter: options.delimiter,
          multiValueDelimiter: options.multiValueDelimiter,
          encoding: options.encoding,
          objectType: options.objectType ?? null,
          objectTypeColumn: options.objectTypeColumn ?? null,
          externalIdColumn: options.externalId,
          mode: options.mode,
          changeTypeColumn: options.changeTypeColumn,
        },
      });
      const attributes = system.objectTypes.reduce((n, t) => n + t.attributes.length, 0);
      process.stdout.write(
        `Created connected system "${system.name}" (id ${system.id}): ${system.objectTypes.length} object type(s), ${attributes} attribute(s)\n`,
      );
    });
  registerSystemUpdateCommand(systems, env);
  systems
    .command('list')
    .description('list connected systems')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await env.session().call('systems.list', {});
      if (options.json) return printJson(list);
      printTable(
        ['ID', 'NAME', 'CONNECTOR', 'OBJECTS', 'PROFILES', 'LAST RUN'],
        list.map((s) => [s.id, s.name, s.connectorType, s.objectCount, s.runProfileCount, s.lastActivity?.status ?? '']),
      );
    });
  systems
    .command('show <name>')
    .description('show a connected system\'s settings and schema')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const session = env.session();
      const system = await session.call('systems.get', { id: systemNamed(session.db, name).id });
      if (options.json) return printJson(system);
      process.stdout.write(`${system.name} (id ${system.id}), file ${system.settings.filePath} (${system.settings.encoding})\n`);
      for (const type of system.objectTypes) {
        process.stdout.write(`\nObject type ${type.name}${type.selected ? '' : ' (not selected)'}\n`);
        printTable(
          ['ATTRIBUTE', 'TYPE', 'PLURALITY', 'EXTERNAL ID', 'SELECTED'],
          type.attributes.map((a) => [
            a.name,
            a.type,
            a.multiValued ? 'multi' : 'single',
            a.isExternalId ? 'yes' : '',
            a.selected ? 'yes' : 'no',
          ]),
        );
      }
    });

  registerSchemaCommands(systems, env);

  const profiles = program.command('run-profiles').description('run profiles of a connected system');
  profiles
    .command('create <system> <profile>')
    .description('create a run profile')
    .requiredOption('--type <type>', 'full-import | delta-import | full-sync | delta-sync | export', parseRunType)
    .option('--file <path>', 'file path overriding the system\'s')
    .option('--batch-size <n>', 'objects per transaction', parsePositiveInt, 1000)
    .action(async (systemName: string, name: string, options: { type: RunType; file?: string; batchSize: number }) => {
      const session = env.session();
      const profile = await session.call('runProfiles.create', {
        systemId: systemNamed(session.db, systemName).id,
        name,
        runType: options.type,
        batchSize: options.batchSize,
        filePath: options.file ?? null,
      });
      process.stdout.write(`Created run profile "${profile.name}" (${RUN_TYPE_LABELS[profile.runType]}, id ${profile.id})\n`);
    });
  profiles
    .command('list <system>')
    .description('list a system\'s run profiles')
    .option('--json', 'print JSON')
    .action(async (systemName: string, options: { json?: boolean }) => {
      const session = env.session();
      const list = await session.call('runProfiles.list', { systemId: systemNamed(session.db, systemName).id });
      if (options.json) return printJson(list);
      printTable(
        ['ID', 'NAME', 'TYPE', 'BATCH', 'FILE'],
        list.map((p) => [p.id, p.name, RUN_TYPE_LABELS[p.runType], p.batchSize, p.filePath]),
      );
    });

  const cs = program.command('cs').description('connector space');
  cs.command('list <system>')
    .description('list the objects in a system\'s connector space')
    .option('--search <text>', 'external ID or attribute value contains')
    .addOption(scopeOption())
    .option('--json', 'print a JSON array')
    .action(async (systemName: string, options: { search?: string; scope?: string; json?: boolean }) => {
      const session = env.session();
      const systemId = systemNamed(session.db, systemName).id;
      const scope = options.scope === undefined ? undefined : SCOPE_ARGUMENTS[options.scope];
      const objects = [];
      // Paged, so a large connector space is listed whole rather than capped.
      for (let offset = 0; ; offset += 1000) {
        const page = await session.call('connectorSpace.list', { systemId, search: options.search, scope, offset, limit: 1000 });
        objects.push(...page.rows);
        if (page.rows.length < 1000) break;
      }
      if (options.json) {
        return printJson(
          objects.map((o) => ({ externalId: o.externalId, objectType: o.objectType, status: o.status, attributes: o.attributes })),
        );
      }
      printTable(
        ['EXTERNAL ID', 'TYPE', 'STATUS', 'ATTRIBUTES'],
        objects.map((o) => [o.externalId, o.objectType, o.status, Object.keys(o.attributes).length]),
      );
    });
}
