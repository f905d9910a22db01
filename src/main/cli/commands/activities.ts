import { Option, type Command } from 'commander';
import { ACTIVITY_STATUSES, RUN_TYPE_LABELS, type ActivityStatus, type ExecutionItem } from '../../../shared/model';
import type { CommandEnv } from '../main';
import { parsePositiveInt } from '../main';
import { activityJson, durationMs, printActivity, printItems, printJson, printTable } from '../output';
import { systemNamed } from './lookup';

export function registerActivityCommands(program: Command, env: CommandEnv): void {
  const activities = program.command('activities').description('run history');
  activities
    .command('list')
    .description('list activities, newest first')
    .option('--system <name>', 'only this connected system')
    .addOption(new Option('--status <status>', 'only this status').choices(ACTIVITY_STATUSES))
    .option('--limit <n>', 'at most this many', parsePositiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (options: { system?: string; status?: ActivityStatus; limit: number; json?: boolean }) => {
      const session = env.session();
      const systemId = options.system ? systemNamed(session.db, options.system).id : undefined;
      const page = await session.call('activities.list', {
        systemId,
        status: options.status,
        offset: 0,
        limit: Math.min(options.limit, 1000),
      });
      if (options.json) return printJson(page.rows.map((a) => activityJson(a)));
      printTable(
        ['ID', 'SYSTEM', 'PROFILE', 'TYPE', 'STATUS', 'STARTED', 'SECONDS', 'ADD', 'UPD', 'DEL', 'SAME', 'ERR'],
        page.rows.map((a) => {
          const ms = durationMs(a);
          const c = a.counters;
          return [a.id, a.systemName, a.runProfileName, RUN_TYPE_LABELS[a.runType], a.status, a.startedAt,
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
