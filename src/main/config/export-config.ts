import { stringify } from 'yaml';
import {
  getSyncRule,
  listObjectTypes,
  listPriorities,
  listRunProfiles,
  listSyncRules,
  listScheduleRecords,
  listScheduleSteps,
  getRunProfile,
  listSystemSummaries,
  getSystem,
  readMetaverseSchema,
  type ReadDb,
} from '../store';
import { CONFIG_VERSION, configDocument, type ConfigDocument, type ConfigDocumentInput } from './document';

export type ConfigFormat = 'json' | 'yaml';

/** Name order that does not depend on the machine's locale: case-insensitive, then exact. */
export function byName<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const lx = x.toLowerCase();
    const ly = y.toLowerCase();
    if (lx !== ly) return lx < ly ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

const sortNames = (names: string[]): string[] => [...names].sort(byName((n: string) => n));

/** The whole configuration as a document (read-only). Deterministic: the same database gives the same document. */
export function buildConfigDocument(db: ReadDb): ConfigDocument {
  const mv = readMetaverseSchema(db);
  const typeName = new Map(mv.objectTypes.map((t) => [t.id, t.name]));
  const systemName = (id: number): string | undefined => getSystem(db, id)?.name;

  const systems = listSystemSummaries(db).sort(byName((s) => s.name));
  const raw: ConfigDocumentInput = {
    version: CONFIG_VERSION,
    metaverse: {
      objectTypes: [...mv.objectTypes].sort(byName((t) => t.name)).map((t) => ({
        name: t.name,
        deletionRule: t.deletionRule,
        deletionGraceSeconds: t.deletionGraceSeconds,
        deletionTriggerSystems: sortNames(
          t.deletionTriggerSystemIds.map(systemName).filter((n): n is string => n !== undefined),
        ),
      })),
      attributes: [...mv.attributes].sort(byName((a) => a.name)).map((a) => ({
        name: a.name,
        type: a.type,
        multiValued: a.multiValued,
        boundTo: sortNames(a.boundTypeIds.map((id) => typeName.get(id)).filter((n): n is string => n !== undefined)),
      })),
    },
    connectedSystems: systems.map((summary) => {
      const system = getSystem(db, summary.id);
      if (!system) throw new Error(`Connected system ${summary.id} vanished during export`);
      const s = system.settings;
      return {
        name: system.name,
        description: system.description,
        connector: system.connectorType,
        settings: {
          filePath: s.filePath,
          delimiter: s.delimiter,
          multiValueDelimiter: s.multiValueDelimiter,
          encoding: s.encoding,
          ...(s.objectTypeColumn ? { objectTypeColumn: s.objectTypeColumn } : { objectType: s.objectType }),
          externalIdColumn: s.externalIdColumn,
          mode: s.mode,
          changeTypeColumn: s.changeTypeColumn,
        },
        schema: {
          objectTypes: listObjectTypes(db, system.id)
            .sort(byName((t) => t.name))
            .map((t) => ({
              name: t.name,
              selected: t.selected,
              // Schema order, as stored: it is the column order of the file.
              attributes: t.attributes.map((a) => ({
                name: a.name,
                type: a.type,
                multiValued: a.multiValued,
                externalId: a.isExternalId,
                selected: a.selected,
                typeSetByAdmin: a.typeSetByAdmin,
              })),
            })),
        },
        runProfiles: listRunProfiles(db, system.id)
          .sort(byName((p) => p.name))
          .map((p) => ({ name: p.name, runType: p.runType, batchSize: p.batchSize, filePath: p.filePath })),
      };
    }),
    syncRules: listSyncRules(db)
      .sort(byName((r) => r.name))
      .map((r) => ({
        name: r.name,
        description: r.description,
        system: r.systemName,
        csObjectType: r.csObjectType,
        mvObjectType: r.mvObjectType,
        direction: r.direction,
        enabled: r.enabled,
        projectToMetaverse: r.projectToMetaverse,
        provisionToSystem: r.provisionToSystem,
        outOfScopeAction: r.outOfScopeAction,
        deprovisionAction: r.deprovisionAction,
        // Rule order: evaluation order matters.
        scoping: r.scoping,
        matching: r.matching,
        flows: r.flows,
      })),
    attributePriorities: listPriorities(db)
      .map((p) => ({
        mvObjectType: typeName.get(p.mvObjectTypeId) ?? `#${p.mvObjectTypeId}`,
        attribute: p.attribute,
        order: p.syncRuleIds.map((id) => getSyncRule(db, id)?.name).filter((n): n is string => n !== undefined),
      }))
      .sort(byName((p) => `${p.mvObjectType}\u0000${p.attribute}`)),
    schedules: listScheduleRecords(db)
      .sort(byName((s) => s.name))
      .map((s) => ({
        name: s.name,
        description: s.description,
        enabled: s.enabled,
        trigger: s.trigger,
        // Step order: it is the execution order.
        steps: listScheduleSteps(db, s.id).map((step, i) => {
          const profile = getRunProfile(db, step.runProfileId);
          return {
            system: (profile && systemName(profile.connectedSystemId)) ?? '',
            runProfile: profile?.name ?? '',
            parallelWithPrevious: i > 0 && step.parallelWithPrevious,
            continueOnFailure: step.continueOnFailure,
          };
        }),
      })),
  };
  // Parsing fills defaults and puts every key in schema order, so the text is canonical.
  const parsed = configDocument.safeParse(raw);
  return parsed.success ? parsed.data : (raw as ConfigDocument);
}

const YAML_HEADER = '# Junction configuration (docs/configuration.md). Apply with: junction config apply FILE\n';

export function serialiseConfig(document: ConfigDocument, format: ConfigFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return YAML_HEADER + stringify(document, { lineWidth: 0, indent: 2 });
}

export function exportConfig(db: ReadDb, format: ConfigFormat): string {
  return serialiseConfig(buildConfigDocument(db), format);
}
