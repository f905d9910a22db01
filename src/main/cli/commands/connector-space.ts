import { Option, type Command } from 'commander';
import { CS_SCOPES, CS_SCOPE_LABELS, type CsScope, type HistoryEntry, type HistoryPage } from '../../../shared/model/drill-down';
import { findConnectorSpaceByExternalId } from '../../store';
import type { CommandEnv } from '../main';
import { parsePositiveInt } from '../main';
import { printJson, printTable, UsageError } from '../output';
import { systemNamed } from './lookup';

/** Scopes on the command line are kebab-case: pending-export-adds, export-errors, … */
export const SCOPE_ARGUMENTS: Record<string, CsScope> = Object.fromEntries(
  CS_SCOPES.map((scope) => [scope.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), scope]),
);

/** Every page of a history, newest first, up to `limit` entries. */
export async function readHistory(next: (before: number | undefined) => Promise<HistoryPage>, limit: number): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let before: number | undefined;
  while (entries.length < limit) {
    const page = await next(before);
    entries.push(...page.rows);
    if (page.nextBefore === null) break;
    before = page.nextBefore;
  }
  return entries.slice(0, limit);
}

export function printHistory(entries: HistoryEntry[]): void {
  printTable(
    ['ITEM', 'WHEN', 'ACTIVITY', 'SYSTEM', 'RUN PROFILE', 'BY', 'EXTERNAL ID', 'CHANGE', 'OUTCOME / ERROR'],
    entries.map((e) => [
      e.id,
      e.activity.createdAt,
      e.activity.id,
      e.activity.systemName,
      e.activity.runProfileName,
      e.activity.initiatedBy,
      e.externalId,
      e.changeType,
      [e.outcome, e.errorType && `${e.errorType}: ${e.errorMessage ?? ''}`].filter(Boolean).join('; '),
    ]),
  );
}

/** `cs history` and `cs scopes`, added to the `cs` command that `cs list` lives in. */
export function registerConnectorSpaceCommands(program: Command, env: CommandEnv): void {
  const cs = program.commands.find((c) => c.name() === 'cs') ?? program.command('cs').description('connector space');
  cs.command('history <system> <externalId>')
    .description('every execution item that touched one connector space object, newest first, with the run and who started it')
    .option('--type <type>', 'object type, when the system has the external ID under several')
    .option('--limit <n>', 'at most this many entries', parsePositiveInt, 1000)
    .option('--json', 'print a JSON array of items, each with its activity')
    .action(async (systemName: string, externalId: string, options: { type?: string; limit: number; json?: boolean }) => {
      const session = env.session();
      const system = systemNamed(session.db, systemName);
      const matches = findConnectorSpaceByExternalId(session.db, system.id, externalId).filter(
        (o) => !options.type || o.objectType.toLowerCase() === options.type.toLowerCase(),
      );
      if (matches.length === 0) throw new UsageError(`"${system.name}" has no connector space object with external ID "${externalId}"`);
      if (matches.length > 1) {
        throw new UsageError(`"${externalId}" is in "${system.name}" as ${matches.map((o) => o.objectType).join(' and ')}: choose one with --type`);
      }
      const object = matches[0] as (typeof matches)[number];
      const entries = await readHistory(
        (before) => session.call('connectorSpace.history', { id: object.id, before, limit: 500 }),
        options.limit,
      );
      if (options.json) return printJson(entries);
      printHistory(entries);
    });
  cs.command('scopes <system>')
    .description("how many objects each pending view of a system holds (list them with `cs list SYSTEM --scope SCOPE`)")
    .option('--json', 'print a JSON object of counts')
    .action(async (systemName: string, options: { json?: boolean }) => {
      const session = env.session();
      const [counts] = await session.call('connectorSpace.scopeCounts', { systemId: systemNamed(session.db, systemName).id });
      if (!counts) return;
      if (options.json) return printJson(counts.counts);
      printTable(
        ['SCOPE', 'OBJECTS', 'MEANING'],
        Object.entries(SCOPE_ARGUMENTS).map(([argument, scope]) => [argument, counts.counts[scope], CS_SCOPE_LABELS[scope]]),
      );
    });
}

/** The --scope option of `cs list`. */
export function scopeOption(): Option {
  return new Option('--scope <scope>', 'only the objects of one pending view').choices(Object.keys(SCOPE_ARGUMENTS));
}
