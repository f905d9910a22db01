import { InvalidArgumentError, type Command } from 'commander';
import { RETENTION_DAYS_RANGE } from '../../../shared/contract/settings';
import { runHousekeeping } from '../../housekeeping/housekeeping';
import type { CommandEnv } from '../main';
import { printJson } from '../output';

function parseRetentionDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < RETENTION_DAYS_RANGE.min || n > RETENTION_DAYS_RANGE.max) {
    throw new InvalidArgumentError(`expected a whole number of days from ${RETENTION_DAYS_RANGE.min} to ${RETENTION_DAYS_RANGE.max}`);
  }
  return n;
}

export function registerSettingsCommands(program: Command, env: CommandEnv): void {
  const settings = program.command('settings').description('application settings (history retention)');
  settings
    .command('show')
    .description('show the application settings')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const value = await env.session().call('settings.get', {});
      if (options.json) return printJson(value);
      process.stdout.write(`Retention: activities older than ${value.retentionDays} day(s) are purged by housekeeping\n`);
    });
  settings
    .command('set')
    .description('change application settings')
    .requiredOption('--retention-days <n>', 'keep activities and their items this many days (1-3650)', parseRetentionDays)
    .action(async (options: { retentionDays: number }) => {
      const value = await env.session().call('settings.update', { retentionDays: options.retentionDays });
      process.stdout.write(`Retention set to ${value.retentionDays} day(s)\n`);
    });

  const housekeeping = program.command('housekeeping').description('history retention and grace-period deletions');
  housekeeping
    .command('run')
    .description('purge activities older than the retention period and delete metaverse objects whose grace period is over')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const result = await runHousekeeping(env.session().db, new Date(), { initiatedBy: 'cli' });
      if (options.json) return printJson(result);
      if (result.activityId === null) {
        process.stdout.write('Nothing to do: no activity is past retention and no deletion is due\n');
        return;
      }
      process.stdout.write(
        `Housekeeping (activity ${result.activityId}): ${result.activitiesPurged} activit${result.activitiesPurged === 1 ? 'y' : 'ies'} ` +
          `older than ${result.retentionDays} day(s) purged, ${result.objectsDeleted} metaverse object(s) deleted, ` +
          `${result.counters.deprovisioned} delete export(s) queued\n`,
      );
    });
}
