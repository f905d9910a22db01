import { InvalidArgumentError, type Command } from 'commander';
import type { MetaverseObjectSummary } from '../../../shared/model';
import type { MvCondition, MvConditionOperator } from '../../../shared/model/drill-down';
import { readMetaverseSchema } from '../../store';
import type { CommandEnv } from '../main';
import { parsePositiveInt } from '../main';
import { printJson, printTable, UsageError } from '../output';
import { printHistory, readHistory } from './connector-space';

/** `--where ATTR=VALUE`, repeatable; the value may itself hold "=". */
export function collectWhere(text: string, previous: MvCondition[] = []): MvCondition[] {
  return [...previous, attributeValue(text, 'equals', '--where department=Sales')];
}

function attributeValue(text: string, operator: MvConditionOperator, example: string): MvCondition {
  const at = text.indexOf('=');
  const attribute = at < 0 ? '' : text.slice(0, at).trim();
  if (!attribute) throw new InvalidArgumentError(`expected ATTRIBUTE=VALUE, e.g. ${example}`);
  const value = text.slice(at + 1);
  if (value === '') throw new InvalidArgumentError(`${attribute}: the value is empty (use --present / --absent to ask whether it has one)`);
  return { attribute, operator, value };
}

const collect =
  (operator: MvConditionOperator, example: string) =>
  (text: string, previous: MvCondition[] = []): MvCondition[] =>
    [...previous, attributeValue(text, operator, example)];

const collectPresence =
  (operator: 'isPresent' | 'isNotPresent') =>
  (attribute: string, previous: MvCondition[] = []): MvCondition[] => {
    if (!attribute.trim()) throw new InvalidArgumentError('expected an attribute name');
    return [...previous, { attribute: attribute.trim(), operator, value: '' }];
  };

const valueText = (value: unknown): string => (Array.isArray(value) ? value.join(' | ') : String(value));

interface SearchOptions {
  type: string;
  where?: MvCondition[];
  startsWith?: MvCondition[];
  contains?: MvCondition[];
  present?: MvCondition[];
  absent?: MvCondition[];
  text?: string;
  json?: boolean;
}

export function registerMetaverseCommands(program: Command, env: CommandEnv): void {
  const mv = program.command('mv').description('the metaverse');
  mv.command('search')
    .description(
      'find metaverse objects of a type; every condition must hold, values compare case-insensitively, and a multi-valued attribute matches when one of its values does',
    )
    .requiredOption('--type <type>', 'metaverse object type, e.g. person')
    .option('--where <attr=value>', 'the attribute equals the value (repeatable)', collectWhere)
    .option('--starts-with <attr=value>', 'the attribute starts with the value (repeatable)', collect('startsWith', '--starts-with accountName=adm'))
    .option('--contains <attr=value>', 'the attribute contains the value (repeatable)', collect('contains', '--contains email=@corp'))
    .option('--present <attr>', 'the attribute has a value (repeatable)', collectPresence('isPresent'))
    .option('--absent <attr>', 'the attribute has no value (repeatable)', collectPresence('isNotPresent'))
    .option('--text <text>', 'any attribute value contains this text')
    .option('--json', 'print a JSON array of {id, objectType, displayName, attributes}')
    .action(async (options: SearchOptions) => {
      const session = env.session();
      const type = readMetaverseSchema(session.db).objectTypes.find((t) => t.name.toLowerCase() === options.type.toLowerCase());
      if (!type) throw new UsageError(`the metaverse has no object type "${options.type}"`);
      const objects: MetaverseObjectSummary[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await session.call('metaverse.search', {
          objectType: type.name,
          where: [options.where, options.startsWith, options.contains, options.present, options.absent].flatMap((c) => c ?? []),
          text: options.text,
          offset,
          limit: 1000,
        });
        objects.push(...page.rows);
        if (page.rows.length < 1000) break;
      }
      if (options.json) {
        return printJson(objects.map((o) => ({ id: o.id, objectType: o.objectType, displayName: o.displayName, attributes: o.attributes })));
      }
      printTable(
        ['ID', 'TYPE', 'DISPLAY NAME', 'ATTRIBUTES'],
        objects.map((o) => [o.id, o.objectType, o.displayName, Object.keys(o.attributes).length]),
      );
    });
  mv.command('history <id>')
    .description("a metaverse object's history: the syncs that touched it and every item of its connected objects, newest first")
    .option('--limit <n>', 'at most this many entries', parsePositiveInt, 1000)
    .option('--json', 'print a JSON array of items, each with its activity')
    .action(async (idText: string, options: { limit: number; json?: boolean }) => {
      const id = parsePositiveInt(idText);
      const session = env.session();
      const entries = await readHistory((before) => session.call('metaverse.history', { id, before, limit: 500 }), options.limit);
      if (options.json) return printJson(entries);
      printHistory(entries);
    });
  mv.command('show <id>')
    .description('show one metaverse object: its values, where each came from, and the connector space objects joined to it')
    .option('--json', 'print JSON')
    .action(async (idText: string, options: { json?: boolean }) => {
      const id = parsePositiveInt(idText);
      const detail = await env.session().call('metaverse.get', { id });
      if (options.json) return printJson(detail);
      process.stdout.write(`${detail.objectType} ${detail.id}: ${detail.displayName} (${detail.origin})\n`);
      if (detail.deletionDueAt) process.stdout.write(`Deletion due ${detail.deletionDueAt}${detail.deletionTriggeredBy ? ` (${detail.deletionTriggeredBy})` : ''}\n`);
      process.stdout.write('\n');
      printTable(
        ['ATTRIBUTE', 'VALUE', 'FROM'],
        Object.entries(detail.attributes).map(([name, value]) => {
          const from = detail.contributions[name];
          return [name, valueText(value), from ? `${from.systemName} (${from.syncRuleName})` : ''];
        }),
      );
      process.stdout.write('\n');
      printTable(
        ['CS ID', 'SYSTEM', 'TYPE', 'EXTERNAL ID', 'STATUS', 'JOIN', 'JOINED AT'],
        detail.lineage.map((l) => [l.csoId, l.systemName, l.objectType, l.externalId, l.status, l.joinType, l.joinedAt]),
      );
    });
}
