import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  ACTIVITY_STATUSES,
  INITIATORS,
  RUN_TYPE_LABELS,
  type ActivityStatus,
  type ExecutionItem,
  type Initiator,
  type RunType,
} from '../../../shared/model';
import type { CommandEnv } from '../main';
import { parsePositiveInt, parseRunType } from '../main';
import { activityJson, durationMs, printActivity, printItems, printJson, printTable, UsageError } from '../output';
import { profileNamed, systemNamed } from './lookup';

interface ListOptions {
  system?: string;
  profile?: string;
  type?: RunType;
  status?: ActivityStatus;
  initiator?: Initiator;
  since?: string;
  until?: string;
  limit: number;
  json?: boolean;
}

/** A date ("2025-06-01", midnight UTC) or a date-time ("2025-06-01T08:00:00+02:00"), as ISO. */
function parseInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected a date (YYYY-MM-DD) or an ISO date-time');
  return new Date(ms).toISOString();
}

export function registerActivityCommands(program: Command, env: CommandEnv): void {
  const activities = program.command('activities').description('run history');
  activities
    .command('list')
    .description('list activities, newest first')
    .option('--system <name>', 'only this connected system')
    .option('--profile <name>', 'only this run profile (of --system)')
    .option('--type <type>', 'only this run type: full-import | delta-import | full-sync | delta-sync | export', parseRunType)
    .addOption(new Option('--status <status>', 'only this status').choices(ACTIVITY_STATUSES))
    .addOption(new Option('--initiator <who>', 'only runs started by').choices(INITIATORS))
    .option('--since <date>', 'created at or after (date or ISO date-time)', parseInstant)
    .option('--until <date>', 'created before (date or ISO date-time)', parseInstant)
    .option('--limit <n>', 'at most this many', parsePositiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (options: ListOptions) => {
      const session = env.session();
      if (options.profile && !options.system) throw new UsageError('--profile needs --system (profile names are per system)');
      const system = options.system ? systemNamed(session.db, options.system) : undefined;
      const runProfileId = system && options.profile ? profileNamed(session.db, system, options.profile).id : undefined;
      const page = await session.call('activities.list', {
        systemId: system?.id,
        runProfileId,
        runType: options.type,
        status: options.status,
        initiatedBy: options.initiator,
        from: options.since,
        to: options.until,
        offset: 0,
        limit: Math.min(options.limit, 1000),
      });
      if (options.json) return printJson(page.rows.map((a) => activityJson(a)));
      printTable(
        ['ID', 'SYSTEM', 'PROFILE', 'TYPE', 'STATUS', 'STARTED', 'SECONDS', 'ADD', 'UPD', 'DEL', 'SAME', 'ERR'],
        page.rows.map((a) => {
          const ms = durationMs(a);
          const c = a.counters;
          return [a.id, a.systemName, a.runProfileName, a.runType ? RUN_TYPE_LABELS[a.runType] : 'Schedule', a.status, a.startedAt,
            ms === null ? null : (ms / 1000).toFixed(1), c.added, c.updated, c.deleted, c.unchanged, c.errors];
        }),
      );
    });
  activities
    .command('show <id>')
    .description('show one activity and, with --items, its execution items')
    .option('--items', 'include execution items')
    .option('--json', 'print JSON')
    .action(async (idText: string, options: { items?: boolean; json?: boolean }) => {
      const id = parsePositiveInt(idText);
      const session = env.session();
      const activity = await session.call('activities.get', { id });
      let items: ExecutionItem[] | undefined;
      if (options.items) {
        items = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await session.call('activities.items', { activityId: id, offset, limit: 1000 });
          items.push(...page.rows);
          if (page.rows.length < 1000) break;
        }
      }
      if (options.json) return printJson(activityJson(activity, items));
      printActivity(activity);
      if (items) {
        process.stdout.write('\n');
        printItems(items);
      }
    });
  activities
    .command('cancel <id>')
    .description('cancel a queued or running activity (it stops after the current batch)')
    .action(async (idText: string) => {
      const id = parsePositiveInt(idText);
      await env.session().call('activities.cancel', { id });
      process.stdout.write(`Cancellation requested for activity ${id}\n`);
    });
}
