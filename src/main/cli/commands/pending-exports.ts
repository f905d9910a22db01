import { Option, type Command } from 'commander';
import { PENDING_EXPORT_STATUSES, type PendingExport, type PendingExportStatus } from '../../../shared/model';
import type { CommandEnv } from '../main';
import { printJson, printTable } from '../output';
import { systemNamed } from './lookup';

export function registerPendingExportCommands(program: Command, env: CommandEnv): void {
  const pending = program.command('pending-exports').description('changes staged for a connected system, waiting for its export run');
  pending
    .command('list <system>')
    .description("list a system's pending exports, oldest first")
    .addOption(new Option('--status <status>', 'only this status').choices(PENDING_EXPORT_STATUSES))
    .option('--json', 'print a JSON array of pending exports')
    .action(async (systemName: string, options: { status?: PendingExportStatus; json?: boolean }) => {
      const session = env.session();
      const systemId = systemNamed(session.db, systemName).id;
      const rows: PendingExport[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await session.call('pendingExports.list', { systemId, status: options.status, offset, limit: 1000 });
        rows.push(...page.rows);
        if (page.rows.length < 1000) break;
      }
      if (options.json) return printJson(rows);
      printTable(
        ['ID', 'EXTERNAL ID', 'TYPE', 'CHANGE', 'STATUS', 'ERRORS', 'ATTRIBUTES'],
        rows.map((p) => [p.id, p.externalId, p.objectType, p.changeType, p.status, p.errorCount, p.changes.map((c) => c.attribute).join(', ')]),
      );
    });
}
