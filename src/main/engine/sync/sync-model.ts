import { parseExpression, type ParsedExpression } from '../../../shared/expressions';
import type {
  AttributeFlow,
  FileConnectorSettings,
  MvAttribute,
  MvObjectType,
  SchemaObjectType,
  SyncRule,
} from '../../../shared/model';
import {
  configChangedAt,
  getSystem,
  listObjectTypes,
  listPriorities,
  listSyncRules,
  readMetaverseSchema,
  type ReadDb,
} from '../../store';
import { hasCriteria } from './scoping';

export interface CompiledFlow {
  flow: AttributeFlow;
  target: string;
  /** For expression sources: parsed once per run, evaluated per object. */
  expression: ParsedExpression | null;
}

export interface CompiledRule {
  rule: SyncRule;
  mvTypeId: number;
  hasScoping: boolean;
  flows: CompiledFlow[];
}

export interface SystemInfo {
  id: number;
  name: string;
  settings: FileConnectorSettings;
  objectTypes: SchemaObjectType[];
}

/** Everything a sync run needs to know about configuration, loaded once at its start. */
export interface SyncModel {
  mvTypes: MvObjectType[];
  mvTypeById: Map<number, MvObjectType>;
  mvTypeByName: Map<string, MvObjectType>;
  mvAttributes: Map<string, MvAttribute>;
  systems: Map<number, SystemInfo>;
  inbound: CompiledRule[];
  outbound: CompiledRule[];
  /** Per "mvTypeId:attribute" (lower-cased): inbound rules flowing into it, highest priority first. */
  contributors: Map<string, CompiledRule[]>;
  /** Metaverse attributes some inbound matching rule targets: kept in the match index. */
  matchAttributes: Set<string>;
  configChangedAt: string;
}

export const contributorKey = (mvTypeId: number, attribute: string): string => `${mvTypeId}:${attribute.toLowerCase()}`;

function compileFlows(rule: SyncRule): CompiledFlow[] {
  return rule.flows.map((flow) => {
    let expression: ParsedExpression | null = null;
    if (flow.source.kind === 'expression') {
      const parsed = parseExpression(flow.source.expression, { scope: rule.direction === 'inbound' ? 'cs' : 'mv' });
      // Rules are validated when saved; a rule that no longer parses fails each object loudly instead.
      expression = parsed.ok ? parsed.expression : null;
    }
    return { flow, target: flow.target, expression };
  });
}

export function loadSyncModel(db: ReadDb): SyncModel {
  const schema = readMetaverseSchema(db, { counts: false });
  const mvTypeById = new Map(schema.objectTypes.map((t) => [t.id, t]));
  const mvTypeByName = new Map(schema.objectTypes.map((t) => [t.name.toLowerCase(), t]));
  const mvAttributes = new Map(schema.attributes.map((a) => [a.name.toLowerCase(), a]));
  const rules = listSyncRules(db).filter((r) => r.enabled);
  const compile = (rule: SyncRule): CompiledRule | null => {
    const mvType = mvTypeByName.get(rule.mvObjectType.toLowerCase());
    if (!mvType) return null;
    return { rule, mvTypeId: mvType.id, hasScoping: hasCriteria(rule.scoping), flows: compileFlows(rule) };
  };
  const compiled = rules.map(compile).filter((r): r is CompiledRule => r !== null);
  const inbound = compiled.filter((r) => r.rule.direction === 'inbound');
  const outbound = compiled.filter((r) => r.rule.direction === 'outbound');

  const systems = new Map<number, SystemInfo>();
  for (const rule of compiled) {
    if (systems.has(rule.rule.connectedSystemId)) continue;
    const system = getSystem(db, rule.rule.connectedSystemId);
    if (system) {
      systems.set(system.id, { id: system.id, name: system.name, settings: system.settings, objectTypes: listObjectTypes(db, system.id) });
    }
  }

  const priorities = new Map(listPriorities(db).map((p) => [contributorKey(p.mvObjectTypeId, p.attribute), p.syncRuleIds]));
  const contributors = new Map<string, CompiledRule[]>();
  for (const rule of inbound) {
    for (const flow of rule.flows) {
      const key = contributorKey(rule.mvTypeId, flow.target);
      contributors.set(key, [...(contributors.get(key) ?? []), rule]);
    }
  }
  for (const [key, list] of contributors) {
    const order = priorities.get(key) ?? [];
    const rank = (r: CompiledRule): number => {
      const index = order.indexOf(r.rule.id);
      // Unranked contributors come last, in a stable order (domain §4.7).
      return index >= 0 ? index : order.length + r.rule.id;
    };
    contributors.set(key, [...list].sort((a, b) => rank(a) - rank(b)));
  }
  const matchAttributes = new Set<string>();
  for (const rule of inbound) for (const m of rule.rule.matching) matchAttributes.add(m.target);

  return {
    mvTypes: schema.objectTypes,
    mvTypeById,
    mvTypeByName,
    mvAttributes,
    systems,
    inbound,
    outbound,
    contributors,
    matchAttributes,
    configChangedAt: configChangedAt(db),
  };
}

