import type { Command } from 'commander';
import type { CommandEnv } from '../main';
import { printJson, printTable } from '../output';
import { systemNamed } from './lookup';

export function registerSyncRuleCommands(program: Command, env: CommandEnv): void {
  const rules = program.command('sync-rules').description('sync rules');
  rules
    .command('list')
    .description('list sync rules by name')
    .option('--system <name>', 'only the rules of this connected system')
    .option('--json', 'print a JSON array of sync rules')
    .action(async (options: { system?: string; json?: boolean }) => {
      const session = env.session();
      const systemId = options.system ? systemNamed(session.db, options.system).id : undefined;
      const list = await session.call('syncRules.list', { systemId });
      if (options.json) return printJson(list);
      printTable(
        ['ID', 'NAME', 'SYSTEM', 'DIRECTION', 'CS TYPE', 'MV TYPE', 'ENABLED', 'FLOWS'],
        list.map((r) => [r.id, r.name, r.systemName, r.direction, r.csObjectType, r.mvObjectType, r.enabled ? 'yes' : 'no', r.flows.length]),
      );
    });
}
