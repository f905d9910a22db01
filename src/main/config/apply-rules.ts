import {
  addSchemaAttribute,
  findSyncRuleByName,
  insertSyncRule,
  listPriorities,
  setPriority,
  updateSyncRule,
  type WriteDb,
} from '../store';
import { invalid } from '../ipc/errors';
import { attributePriorities } from '../ipc/sync-rule-handlers';
import { validateSyncRule, type SyncRuleBody } from '../ipc/sync-rule-validation';
import { lower, type ApplyContext } from './apply-context';
import type { ConfigDocument } from './document';

/** Sync rules, validated as the sync rule editor validates them. */
export function applySyncRules(db: WriteDb, rules: ConfigDocument['syncRules'], ctx: ApplyContext): void {
  const { changes, failed } = ctx;
  rules.forEach((rule, i) => {
    const path = ['syncRules', i] as const;
    const systemId = ctx.systemNamed(rule.system);
    if (systemId === undefined) {
      ctx.unknownSystem([...path, 'system'], rule.system);
      failed.rules.add(lower(rule.name));
      return;
    }
    if (failed.types.has(lower(rule.mvObjectType))) {
      failed.rules.add(lower(rule.name));
      return;
    }
    const { system: _system, ...fields } = rule;
    const body: SyncRuleBody = { ...fields, connectedSystemId: systemId };
    const ok = ctx.attempt(path, () => {
      const existing = findSyncRuleByName(db, rule.name);
      if (existing && existing.direction !== rule.direction) {
        throw invalid('direction', { direction: `The direction of an existing sync rule cannot change (it is ${existing.direction})` });
      }
      const { record, newTargetAttributes } = validateSyncRule(db, body, existing?.id);
      for (const attribute of newTargetAttributes) {
        addSchemaAttribute(db, attribute.objectTypeId, attribute);
        changes.push(`connected system ${rule.system}: schema attribute ${attribute.name} added (written by sync rule ${rule.name})`);
      }
      if (!existing) {
        insertSyncRule(db, record);
        changes.push(`sync rule ${rule.name}: created`);
        return;
      }
      const mvTypeName = ctx.mvTypes().find((t) => t.id === record.mvObjectTypeId)?.name ?? '';
      const unchanged =
        existing.name === record.name &&
        existing.description === record.description &&
        existing.connectedSystemId === record.connectedSystemId &&
        existing.csObjectType === record.csObjectType &&
        lower(existing.mvObjectType) === lower(mvTypeName) &&
        existing.enabled === record.enabled &&
        existing.projectToMetaverse === record.projectToMetaverse &&
        existing.provisionToSystem === record.provisionToSystem &&
        existing.outOfScopeAction === record.outOfScopeAction &&
        existing.deprovisionAction === record.deprovisionAction &&
        JSON.stringify(existing.scoping) === JSON.stringify(record.scoping) &&
        JSON.stringify(existing.matching) === JSON.stringify(record.matching) &&
        JSON.stringify(existing.flows) === JSON.stringify(record.flows);
      if (unchanged) return;
      updateSyncRule(db, existing.id, record);
      changes.push(`sync rule ${record.name}: updated`);
    });
    if (!ok) failed.rules.add(lower(rule.name));
  });
}

/** Attribute priorities (by rule name). */
export function applyAttributePriorities(db: WriteDb, priorities: ConfigDocument['attributePriorities'], ctx: ApplyContext): void {
  const { problems, failed } = ctx;
  priorities.forEach((priority, i) => {
    const path = ['attributePriorities', i] as const;
    const type = ctx.mvTypeNamed(priority.mvObjectType);
    if (!type) {
      if (!failed.types.has(lower(priority.mvObjectType))) {
        problems.add([...path, 'mvObjectType'], `The metaverse has no object type "${priority.mvObjectType}"`);
      }
      return;
    }
    const group = attributePriorities(db).find(
      (p) => lower(p.mvObjectType) === lower(type.name) && lower(p.attribute) === lower(priority.attribute),
    );
    const ids: number[] = [];
    let complete = true;
    priority.order.forEach((ruleName, j) => {
      const rule = findSyncRuleByName(db, ruleName);
      if (!rule) {
        complete = false;
        if (!failed.rules.has(lower(ruleName))) problems.add([...path, 'order', j], `There is no sync rule named "${ruleName}"`);
        return;
      }
      if (!group?.contributors.some((c) => c.syncRuleId === rule.id)) {
        complete = false;
        problems.add([...path, 'order', j], `Sync rule "${rule.name}" has no inbound flow into ${type.name}.${priority.attribute}`);
        return;
      }
      ids.push(rule.id);
    });
    if (!complete) return;
    const stored = listPriorities(db).find((p) => p.mvObjectTypeId === type.id && lower(p.attribute) === lower(priority.attribute));
    if (stored && stored.syncRuleIds.length === ids.length && stored.syncRuleIds.every((id, k) => id === ids[k])) return;
    ctx.attempt(path, () => {
      setPriority(db, type.id, priority.attribute, ids);
      ctx.changes.push(`attribute priority ${type.name}.${priority.attribute}: ${stored ? 'updated' : 'set'}`);
    });
  });
}
