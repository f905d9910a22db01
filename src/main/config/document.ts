import { z } from 'zod';
import { batchSizeInput } from '../../shared/contract/run-profiles';
import { scopeGroupInput, syncRuleBody } from '../../shared/contract/sync-rules';
import { fileSettingsInput } from '../../shared/contract/systems';
import { scheduleTriggerInput } from '../../shared/contract/schedules';
import { ATTRIBUTE_TYPES, DELETION_RULES, MV_ATTRIBUTE_TYPES, RUN_TYPES } from '../../shared/model';

/**
 * The configuration document of `junction config export` / `config apply` (docs/configuration.md).
 * Everything is named, never numbered: ids differ between databases. The JSON Schema in
 * docs/config.schema.json is generated from this (see json-schema.ts).
 */

export const CONFIG_VERSION = 1;

/** Descriptions and $defs names for the generated JSON Schema (kept out of zod's global registry). */
export const configMeta = z.registry<{ id?: string; title?: string; description?: string }>();

function doc<T extends z.ZodType>(schema: T, description: string, id?: string): T {
  configMeta.add(schema, id ? { id, description } : { description });
  return schema;
}

const name = (what: string) =>
  z.string().trim().min(1, `${what} is required`).max(100, `${what} is at most 100 characters`);

/** The metaverse's own naming rule (same as metaverse.createObjectType / createAttribute). */
const schemaName = (what: string) =>
  name(what).regex(/^[A-Za-z][A-Za-z0-9 _.-]*$/, `${what} starts with a letter and holds letters, digits, space, _ . -`);

const mvObjectType = doc(
  z
    .object({
      name: schemaName('Object type name'),
      deletionRule: z.enum(DELETION_RULES).default('whenLastConnectorDisconnected'),
      deletionGraceSeconds: z
        .number()
        .int()
        .min(0)
        .max(10 * 365 * 86400)
        .default(0),
      deletionTriggerSystems: doc(
        z.array(name('System name')).max(100).default([]),
        'For whenAuthoritativeSourceDisconnected: the connected systems (by name) whose disconnection deletes the object',
      ),
    })
    .strict(),
  'A metaverse object type; person and group are built in',
  'MetaverseObjectType',
);

const mvAttribute = doc(
  z
    .object({
      name: schemaName('Attribute name'),
      type: z.enum(MV_ATTRIBUTE_TYPES),
      multiValued: z.boolean().default(false),
      boundTo: doc(z.array(name('Object type name')).max(100).default([]), 'The metaverse object types (by name) that have this attribute'),
    })
    .strict(),
  'A metaverse attribute; its type and plurality cannot change once it exists',
  'MetaverseAttribute',
);

const schemaAttribute = doc(
  z
    .object({
      name: name('Attribute name'),
      type: z.enum(ATTRIBUTE_TYPES),
      multiValued: z.boolean().default(false),
      externalId: doc(z.boolean().default(false), 'The anchor: exactly one attribute per object type, single-valued'),
      selected: doc(z.boolean().default(true), 'Imported (true) or ignored (false)'),
      typeSetByAdmin: doc(z.boolean().default(false), 'The type and plurality were chosen by an admin and survive a schema refresh'),
    })
    .strict(),
  'One attribute (column) of a connected system object type, in schema order',
  'SchemaAttribute',
);

const schemaObjectType = doc(
  z
    .object({
      name: name('Object type name'),
      selected: z.boolean().default(true),
      attributes: z.array(schemaAttribute).min(1, 'An object type needs at least its external ID attribute').max(2000),
    })
    .strict(),
  'An object type of a connected system',
  'SchemaObjectType',
);

const runProfile = doc(
  z
    .object({
      name: name('Run profile name'),
      runType: z.enum(RUN_TYPES),
      batchSize: batchSizeInput.default(1000),
      filePath: doc(z.string().trim().min(1).nullable().default(null), "A file path overriding the system's, or null"),
    })
    .strict(),
  'A run profile; matched by name within its system; its run type cannot change once it exists',
  'RunProfile',
);

const connectedSystem = doc(
  z
    .object({
      name: name('Name'),
      description: z.string().max(2000).default(''),
      connector: z.literal('file'),
      settings: doc(fileSettingsInput, 'File connector settings: give objectType or objectTypeColumn, not both', 'FileSettings'),
      schema: doc(
        z.object({ objectTypes: z.array(schemaObjectType).max(1000) }).strict(),
        'The schema as stored (apply never reads the file to discover it)',
      ),
      runProfiles: z.array(runProfile).max(1000).default([]),
    })
    .strict(),
  'A connected system (no secrets: the file connector has none)',
  'ConnectedSystem',
);

const rule = syncRuleBody.shape;
const syncRule = doc(
  z
    .object({
      name: rule.name,
      description: rule.description,
      system: doc(name('System'), 'The connected system, by name'),
      csObjectType: rule.csObjectType,
      mvObjectType: rule.mvObjectType,
      direction: rule.direction,
      enabled: rule.enabled,
      projectToMetaverse: rule.projectToMetaverse,
      provisionToSystem: rule.provisionToSystem,
      outOfScopeAction: rule.outOfScopeAction,
      deprovisionAction: rule.deprovisionAction,
      scoping: rule.scoping,
      matching: rule.matching,
      flows: rule.flows,
    })
    .strict(),
  'A sync rule; matched by name; its direction cannot change once it exists',
  'SyncRule',
);
configMeta.add(scopeGroupInput, { id: 'ScopeGroup', description: 'all/any of criteria and nested groups; an empty group is true' });

const attributePriority = doc(
  z
    .object({
      mvObjectType: name('Metaverse object type'),
      attribute: name('Attribute'),
      order: doc(z.array(name('Sync rule name')).max(100), 'Inbound sync rules (by name), highest priority first'),
    })
    .strict(),
  'The order in which inbound rules contribute one metaverse attribute',
  'AttributePriority',
);

const scheduleStep = doc(
  z
    .object({
      system: doc(name('System'), 'The connected system, by name'),
      runProfile: doc(name('Run profile'), 'The run profile of that system, by name'),
      parallelWithPrevious: doc(z.boolean().default(false), 'Runs together with the previous step (a parallel group)'),
      continueOnFailure: doc(z.boolean().default(false), 'A failed, cancelled or completed-with-error run does not stop the schedule'),
    })
    .strict(),
  'A schedule step: a run profile (the only step kind)',
  'ScheduleStep',
);

const schedule = doc(
  z
    .object({
      name: name('Schedule name'),
      description: z.string().max(2000).default(''),
      enabled: z.boolean().default(true),
      trigger: doc(scheduleTriggerInput, 'manual; times on weekdays; every N minutes/hours in a daily window; or a cron expression (local time)', 'ScheduleTrigger'),
      steps: z.array(scheduleStep).min(1, 'Add at least one step').max(100),
    })
    .strict(),
  'A schedule; matched by name (docs/schedules.md)',
  'Schedule',
);

export const configDocument = doc(
  z
    .object({
      version: z.literal(CONFIG_VERSION),
      metaverse: z
        .object({
          objectTypes: z.array(mvObjectType).max(1000).default([]),
          attributes: z.array(mvAttribute).max(10_000).default([]),
        })
        .strict()
        .default({ objectTypes: [], attributes: [] }),
      connectedSystems: z.array(connectedSystem).max(1000).default([]),
      syncRules: z.array(syncRule).max(10_000).default([]),
      attributePriorities: z.array(attributePriority).max(10_000).default([]),
      schedules: z.array(schedule).max(1000).default([]),
    })
    .strict(),
  'A Junction configuration: metaverse schema, connected systems, run profiles, sync rules, attribute priorities and schedules. See docs/configuration.md.',
);

export type ConfigDocument = z.output<typeof configDocument>;
export type ConfigDocumentInput = z.input<typeof configDocument>;
export type ConfigSystem = ConfigDocument['connectedSystems'][number];
export type ConfigSyncRule = ConfigDocument['syncRules'][number];
