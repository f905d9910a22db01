import { InvalidArgumentError, type Command } from 'commander';
import type { MetaverseObjectSummary } from '../../../shared/model';
import { readMetaverseSchema } from '../../store';
import type { CommandEnv } from '../main';
import { parsePositiveInt } from '../main';
import { printJson, printTable, UsageError } from '../output';

interface Where {
  attribute: string;
  value: string;
}

/** `--where ATTR=VALUE`, repeatable; the value may itself hold "=". */
export function collectWhere(text: string, previous: Where[] = []): Where[] {
  const at = text.indexOf('=');
  const attribute = at < 0 ? '' : text.slice(0, at).trim();
  if (!attribute) throw new InvalidArgumentError('expected ATTRIBUTE=VALUE, e.g. --where department=Sales');
  return [...previous, { attribute, value: text.slice(at + 1) }];
}

const valueText = (value: unknown): string => (Array.isArray(value) ? value.join(' | ') : String(value));

export function registerMetaverseCommands(program: Command, env: CommandEnv): void {
  const mv = program.command('mv').description('the metaverse');
  mv.command('search')
    .description('find metaverse objects of a type; --where matches a value exactly (case-insensitively), or any value of a multi-valued attribute')
    .requiredOption('--type <type>', 'metaverse object type, e.g. person')
    .option('--where <attr=value>', 'attribute filter, exact value (repeatable; all must hold)', collectWhere)
    .option('--text <text>', 'any attribute value contains this text')
    .option('--json', 'print a JSON array of {id, objectType, displayName, attributes}')
    .action(async (options: { type: string; where?: Where[]; text?: string; json?: boolean }) => {
      const session = env.session();
      const type = readMetaverseSchema(session.db).objectTypes.find((t) => t.name.toLowerCase() === options.type.toLowerCase());
      if (!type) throw new UsageError(`the metaverse has no object type "${options.type}"`);
      const objects: MetaverseObjectSummary[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await session.call('metaverse.search', {
          objectType: type.name,
          where: options.where ?? [],
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
