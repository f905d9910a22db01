import { evaluateExpression, ExpressionError, parseExpression, type ExprValue } from '../../shared/expressions';
import type { AttributePriority, AttributeValues, ScalarValue } from '../../shared/model';
import {
  addSchemaAttribute,
  deleteSyncRule,
  getConnectorSpaceObject,
  getMetaverseDetail,
  getSyncRule,
  insertSyncRule,
  listConnectorSpace,
  listPriorities,
  listSyncRules,
  readMetaverseSchema,
  setPriority,
  updateSyncRule,
  type WriteDb,
} from '../store';
import { valueOf } from '../engine/sync/scoping';
import type { DomainHandlers, HandlerContext } from './context';
import { found, invalid } from './errors';
import { validateSyncRule, type SyncRuleBody } from './sync-rule-validation';

/** Inbound contributors per metaverse type and attribute, in priority order (unranked last). */
export function attributePriorities(db: WriteDb): AttributePriority[] {
  const rules = listSyncRules(db).filter((r) => r.direction === 'inbound');
  const stored = listPriorities(db);
  const types = readMetaverseSchema(db).objectTypes;
  const groups = new Map<string, AttributePriority>();
  for (const rule of rules) {
    for (const flow of rule.flows) {
      const key = `${rule.mvObjectType.toLowerCase()}:${flow.target.toLowerCase()}`;
      const group = groups.get(key) ?? { mvObjectType: rule.mvObjectType, attribute: flow.target, contributors: [] };
      group.contributors.push({ syncRuleId: rule.id, syncRuleName: rule.name, systemName: rule.systemName, ranked: false });
      groups.set(key, group);
    }
  }
  for (const group of groups.values()) {
    const typeId = types.find((t) => t.name.toLowerCase() === group.mvObjectType.toLowerCase())?.id;
    const order = stored.find((p) => p.mvObjectTypeId === typeId && p.attribute.toLowerCase() === group.attribute.toLowerCase())?.syncRuleIds ?? [];
    const rank = (id: number): number => (order.includes(id) ? order.indexOf(id) : order.length + id);
    group.contributors.sort((a, b) => rank(a.syncRuleId) - rank(b.syncRuleId));
    for (const c of group.contributors) c.ranked = order.includes(c.syncRuleId);
  }
  return [...groups.values()].sort((a, b) => `${a.mvObjectType}.${a.attribute}`.localeCompare(`${b.mvObjectType}.${b.attribute}`));
}

function save(db: WriteDb, body: SyncRuleBody, id?: number): number {
  const { record, newTargetAttributes } = validateSyncRule(db, body, id);
  return db
    .transaction(() => {
      for (const attribute of newTargetAttributes) addSchemaAttribute(db, attribute.objectTypeId, attribute);
      if (id === undefined) return insertSyncRule(db, record);
      updateSyncRule(db, id, record);
      return id;
    })
    .immediate();
}

function describe(value: ExprValue): { value: unknown; valueType: string } {
  if (value === null) return { value: null, valueType: 'null' };
  if (Array.isArray(value)) return { value: value.map((v) => (v instanceof Date ? v.toISOString() : v)), valueType: 'list' };
  if (value instanceof Date) return { value: value.toISOString(), valueType: 'date-time' };
  return { value, valueType: typeof value };
}

export function syncRuleHandlers(ctx: HandlerContext): DomainHandlers<'syncRules' | 'expressions'> {
  const { db } = ctx;
  return {
    'syncRules.list': ({ systemId }) => listSyncRules(db, systemId),
    'syncRules.get': ({ id }) => found(getSyncRule(db, id), `Sync rule ${id}`),
    'syncRules.create': (body) => found(getSyncRule(db, save(db, body)), 'The new sync rule'),
    'syncRules.update': ({ id, ...body }) => {
      const current = found(getSyncRule(db, id), `Sync rule ${id}`);
      if (current.direction !== body.direction) {
        throw invalid('The direction of a sync rule cannot change after it is saved', { direction: 'Create a new rule for the other direction' });
      }
      return found(getSyncRule(db, save(db, body, id)), `Sync rule ${id}`);
    },
    'syncRules.delete': ({ id }) => {
      found(getSyncRule(db, id), `Sync rule ${id}`);
      deleteSyncRule(db, id);
    },
    'syncRules.priorities': () => attributePriorities(db),
    'syncRules.setPriority': ({ mvObjectType, attribute, syncRuleIds }) => {
      const type = readMetaverseSchema(db).objectTypes.find((t) => t.name.toLowerCase() === mvObjectType.toLowerCase());
      if (!type) throw invalid(`The metaverse has no object type "${mvObjectType}"`, { mvObjectType: 'Unknown object type' });
      const group = attributePriorities(db).find(
        (p) => p.mvObjectType.toLowerCase() === mvObjectType.toLowerCase() && p.attribute.toLowerCase() === attribute.toLowerCase(),
      );
      const known = new Set(group?.contributors.map((c) => c.syncRuleId) ?? []);
      const stranger = syncRuleIds.find((id) => !known.has(id));
      if (stranger !== undefined) throw invalid(`Sync rule ${stranger} does not flow into ${mvObjectType}.${attribute}`, { syncRuleIds: 'Not a contributor' });
      setPriority(db, type.id, attribute, syncRuleIds);
      return attributePriorities(db);
    },
    'expressions.test': ({ expression, scope, objectId, externalId, systemId }) => {
      const parsed = parseExpression(expression, { scope });
      if (!parsed.ok) {
        const at = parsed.error.position === null ? '' : ` (at character ${parsed.error.position + 1})`;
        return { ok: false, value: null, valueType: null, error: `${parsed.error.message}${at}` };
      }
      let attributes: AttributeValues;
      if (scope === 'mv') {
        if (objectId === undefined) throw invalid('Choose a metaverse object to test against', { objectId: 'Required' });
        attributes = found(getMetaverseDetail(db, objectId), `Metaverse object ${objectId}`).attributes;
      } else if (objectId !== undefined) {
        attributes = found(getConnectorSpaceObject(db, objectId), `Connector space object ${objectId}`).attributes;
      } else {
        if (systemId === undefined || !externalId) throw invalid('Give the external ID of an object in the rule\'s system', { externalId: 'Required' });
        const match = listConnectorSpace(db, { systemId, search: externalId, offset: 0, limit: 50 }).rows.find((o) => o.externalId === externalId);
        attributes = found(match, `Object "${externalId}"`).attributes;
      }
      try {
        const value = evaluateExpression(parsed.expression, {
          get: (_scope, name) => {
            const list: ScalarValue[] = valueOf(attributes, name);
            return list.length === 0 ? null : list.length === 1 ? (list[0] as ScalarValue) : list;
          },
        });
        return { ok: true, error: null, ...describe(value) };
      } catch (error) {
        if (error instanceof ExpressionError) return { ok: false, value: null, valueType: null, error: error.message };
        throw error;
      }
    },
  };
}
