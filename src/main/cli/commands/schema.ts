import { Option, type Command } from 'commander';
import { ApiError } from '../../../shared/contract';
import { ATTRIBUTE_TYPES, type AttributeType, type ConnectedSystem } from '../../../shared/model';
import type { CommandEnv } from '../main';
import { UsageError } from '../output';
import { systemNamed } from './lookup';

type Confirmation = { confirmValueChanges?: true };

/**
 * Runs a schema change the way the schema tab does: a change that would alter stored values is
 * refused with their count unless --force is given; with --force the count is still printed.
 */
export async function withValueChangeCheck(force: boolean, change: (confirmation: Confirmation) => Promise<ConnectedSystem>): Promise<ConnectedSystem> {
  try {
    return await change({});
  } catch (error) {
    const question = error instanceof ApiError ? error.fields?.confirmValueChanges : undefined;
    if (!question) throw error;
    const count = question.replace(/\s*Confirm to save anyway\.$/, '');
    if (!force) throw new UsageError(`${count}: nothing was changed; run again with --force to change them`);
    process.stdout.write(`${count}: changing them (--force)\n`);
    return change({ confirmValueChanges: true });
  }
}

/** `systems set-type` and `systems refresh-schema`: the schema tab's type override and refresh. */
export function registerSchemaCommands(systems: Command, env: CommandEnv): void {
  systems
    .command('set-type <system> <attribute>')
    .description('override the type of a connector space attribute (kept when the schema is refreshed)')
    .addOption(new Option('--type <type>', 'the new type').choices(ATTRIBUTE_TYPES).makeOptionMandatory())
    .option('--object-type <name>', 'the object type holding the attribute, when several do')
    .option('--force', 'change stored values that read differently as the new type (e.g. 0011 -> 11)')
    .action(async (systemName: string, attributeName: string, options: { type: AttributeType; objectType?: string; force?: boolean }) => {
      const session = env.session();
      const system = await session.call('systems.get', { id: systemNamed(session.db, systemName).id });
      const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
      const candidates = system.objectTypes
        .filter((t) => options.objectType === undefined || same(t.name, options.objectType))
        .flatMap((t) => t.attributes.filter((a) => same(a.name, attributeName)).map((a) => ({ type: t.name, attribute: a })));
      if (candidates.length === 0) throw new UsageError(`system "${system.name}" has no attribute "${attributeName}" (see \`junction systems show "${system.name}"\`)`);
      if (candidates.length > 1) {
        throw new UsageError(`several object types have "${attributeName}" (${candidates.map((c) => c.type).join(', ')}): name one with --object-type`);
      }
      const [{ type, attribute }] = candidates as [(typeof candidates)[number]];
      await withValueChangeCheck(options.force === true, (confirmation) =>
        session.call('systems.updateAttribute', { systemId: system.id, attributeId: attribute.id, type: options.type, ...confirmation }),
      );
      process.stdout.write(`${type}.${attribute.name} is now ${options.type} (set by admin)\n`);
    });
  systems
    .command('refresh-schema <system>')
    .description('read the schema from the file again (types set by an admin are kept)')
    .option('--force', 'change stored values that read differently as their newly inferred type')
    .action(async (systemName: string, options: { force?: boolean }) => {
      const session = env.session();
      const id = systemNamed(session.db, systemName).id;
      const system = await withValueChangeCheck(options.force === true, (confirmation) => session.call('systems.refreshSchema', { id, ...confirmation }));
      const attributes = system.objectTypes.reduce((n, t) => n + t.attributes.length, 0);
      process.stdout.write(`Refreshed the schema of "${system.name}": ${system.objectTypes.length} object type(s), ${attributes} attribute(s)\n`);
    });
}
