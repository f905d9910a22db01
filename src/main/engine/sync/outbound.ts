import type { PendingAttributeChange, PendingExport, ScalarValue, SchemaAttribute } from '../../../shared/model';
import type { SyncCso } from '../../store';
import { coerce, CoercionError, flowSourceValues, sameText } from './flow-values';
import { inScope, valueOf } from './scoping';
import type { CompiledFlow, CompiledRule, SystemInfo } from './sync-model';
import type { ItemDraft, MvoWork, SyncSession } from './sync-session';

/** One outbound flow's desired values for the target, or why there are none to send. */
type Desired = { values: ScalarValue[]; referencesMvoIds: boolean } | { skip: string | null; failObject?: boolean };

function targetAttribute(system: SystemInfo, csType: string, name: string): SchemaAttribute | undefined {
  const type = system.objectTypes.find((t) => t.name.toLowerCase() === csType.toLowerCase());
  return type?.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
}

function anchorAttribute(system: SystemInfo, csType: string): SchemaAttribute | undefined {
  return system.objectTypes.find((t) => t.name.toLowerCase() === csType.toLowerCase())?.attributes.find((a) => a.isExternalId);
}

/**
 * What a flow says the target should hold. A metaverse reference becomes the referenced object's
 * external ID in the target system when it has one there; otherwise the metaverse ids are kept
 * and the export resolves them (the referenced object may be provisioned later in this run).
 */
function desiredValues(session: SyncSession, rule: CompiledRule, flow: CompiledFlow, work: MvoWork, item: ItemDraft): Desired {
  const source = flow.flow.source;
  const sourceAttribute = source.kind === 'attribute' ? session.model.mvAttributes.get(source.attribute.toLowerCase()) : undefined;
  if (sourceAttribute?.type === 'reference') {
    const ids = valueOf(work.mvo.attributes, sourceAttribute.name).map(Number);
    const anchors: string[] = [];
    for (const id of ids) {
      const target = session.joinedTo(id).find((c) => c.systemId === rule.rule.connectedSystemId);
      if (!target) return { values: ids, referencesMvoIds: true };
      anchors.push(target.externalId);
    }
    return { values: anchors, referencesMvoIds: false };
  }
  const outcome = flowSourceValues(flow, work.mvo.attributes, session.clock);
  if (outcome.kind !== 'values') {
    session.fail(item, outcome.errorType, outcome.message);
    return { skip: outcome.message, failObject: outcome.kind === 'failObject' };
  }
  const system = session.model.systems.get(rule.rule.connectedSystemId);
  const attribute = system ? targetAttribute(system, rule.rule.csObjectType, flow.target) : undefined;
  if (attribute && !attribute.multiValued && new Set(outcome.values.map(String)).size > 1) {
    session.fail(item, 'MultiValuedToSingleValued', `${flow.target} in ${system?.name} is single-valued`);
    return { skip: null };
  }
  try {
    const values = attribute ? outcome.values.map((v) => coerce(v, attribute.type)) : outcome.values;
    return { values, referencesMvoIds: false };
  } catch (error) {
    if (!(error instanceof CoercionError)) throw error;
    session.fail(item, 'ExpressionEvaluationError', `${flow.target}: ${error.message}`);
    return { skip: null };
  }
}

function change(attribute: string, values: ScalarValue[], previous: ScalarValue[], referencesMvoIds: boolean): PendingAttributeChange {
  return { attribute, values, previous, referencesMvoIds, status: 'pending' };
}

/** Changes against what the target will hold once already-staged changes are written (no-net-change, domain §4.8). */
function updateChanges(session: SyncSession, rule: CompiledRule, work: MvoWork, target: SyncCso, staged: PendingExport | undefined, item: ItemDraft): PendingAttributeChange[] {
  const changes: PendingAttributeChange[] = [];
  for (const flow of rule.flows) {
    if (flow.flow.initialExportOnly) continue;
    const desired = desiredValues(session, rule, flow, work, item);
    if ('skip' in desired) {
      if (desired.failObject) return [];
      continue;
    }
    // What the target will hold: a staged change for the attribute (sent or not), else its current values.
    const known = staged?.changes.find((c) => c.attribute.toLowerCase() === flow.target.toLowerCase());
    const current = known ? known.values : valueOf(target.attributes, flow.target);
    const currentIsIds = known?.referencesMvoIds ?? false;
    if (desired.referencesMvoIds === currentIsIds && sameText(current, desired.values)) continue;
    changes.push(change(flow.target, desired.values, valueOf(target.attributes, flow.target), desired.referencesMvoIds));
  }
  return changes;
}

/** Merges changes into the object's one open pending export (value-level merge; latest value wins per attribute). */
function stage(session: SyncSession, target: SyncCso, rule: CompiledRule, work: MvoWork, changes: PendingAttributeChange[], item: ItemDraft, systemName: string): void {
  const existing = session.pe.forCso(target.id);
  if (!existing) {
    session.pe.insert({ systemId: target.systemId, csoId: target.id, changeType: 'update', sourceMvoId: work.mvo.id, syncRuleId: rule.rule.id, changes, now: session.now });
  } else {
    const merged = existing.changes.filter((c) => !changes.some((n) => n.attribute.toLowerCase() === c.attribute.toLowerCase()));
    // A later in-scope evaluation cancels a stale, unsent delete (domain §4.10).
    const changeType = existing.changeType === 'delete' ? 'update' : existing.changeType;
    session.pe.save({ ...existing, changeType, status: existing.status === 'failed' ? 'failed' : 'pending', changes: [...merged, ...changes] }, session.now);
  }
  session.counters.pendingExports += 1;
  session.raise(item, item.changeType, `export queued to ${systemName}`);
}

function provision(session: SyncSession, rule: CompiledRule, work: MvoWork, item: ItemDraft): void {
  const system = session.model.systems.get(rule.rule.connectedSystemId);
  if (!system) return;
  const desired = new Map<string, { values: ScalarValue[]; referencesMvoIds: boolean }>();
  for (const flow of rule.flows) {
    const d = desiredValues(session, rule, flow, work, item);
    if ('skip' in d && d.failObject) return;
    if (!('skip' in d) && d.values.length > 0) desired.set(flow.target, d);
  }
  const anchor = anchorAttribute(system, rule.rule.csObjectType);
  const anchorValue = anchor ? [...desired].find(([name]) => name.toLowerCase() === anchor.name.toLowerCase())?.[1] : undefined;
  if (!anchor || !anchorValue || anchorValue.referencesMvoIds || anchorValue.values.length !== 1) {
    session.fail(item, 'InvalidGeneratedExternalId', `Cannot provision to ${system.name}: the flows of "${rule.rule.name}" give no single value for its external ID${anchor ? ` (${anchor.name})` : ''}`);
    return;
  }
  const externalId = String(anchorValue.values[0]);
  const type = system.objectTypes.find((t) => t.name.toLowerCase() === rule.rule.csObjectType.toLowerCase());
  if (!type) return;
  const existing = session.cso.withExternalId(system.id, externalId).find((c) => c.objectTypeId === type.id);
  if (existing) {
    if (existing.mvoId !== null) {
      session.fail(item, 'CouldNotJoinDueToExistingJoin', `${system.name} already holds ${externalId}, joined to metaverse object #${existing.mvoId}`);
      return;
    }
    // The target already has this account: join it instead of creating a second one.
    session.cso.join(existing.id, work.mvo.id, 'joined', session.now);
    session.forgetJoins(work.mvo.id);
    existing.mvoId = work.mvo.id;
    session.raise(item, item.changeType, `joined existing ${externalId} in ${system.name}`);
    const changes = updateChanges(session, rule, work, existing, session.pe.forCso(existing.id), item);
    if (changes.length) stage(session, existing, rule, work, changes, item, system.name);
    return;
  }
  const csoId = session.cso.insertProvisioned(system.id, type.id, externalId, work.mvo.id, session.now);
  session.forgetJoins(work.mvo.id);
  const changes = [...desired].map(([name, d]) => change(name, d.values, [], d.referencesMvoIds));
  session.pe.insert({ systemId: system.id, csoId, changeType: 'create', sourceMvoId: work.mvo.id, syncRuleId: rule.rule.id, changes, now: session.now });
  session.counters.provisioned += 1;
  session.counters.pendingExports += 1;
  session.raise(item, 'provisioned', `provisioned to ${system.name} (create queued)`);
}

/**
 * The object left an export rule's scope or its metaverse object is gone (domain §4.10): a Delete
 * pending export when any rule for that system and type says delete, otherwise just the join breaks.
 */
export function deprovision(session: SyncSession, cso: SyncCso, item: ItemDraft, reason: string): void {
  const type = cso.objectType.toLowerCase();
  const rules = session.model.outbound.filter((r) => r.rule.connectedSystemId === cso.systemId && r.rule.csObjectType.toLowerCase() === type);
  const systemName = session.model.systems.get(cso.systemId)?.name ?? `system ${cso.systemId}`;
  session.cso.disconnect(cso.id);
  if (cso.mvoId !== null) session.forgetJoins(cso.mvoId);
  cso.mvoId = null;
  if (!rules.some((r) => r.rule.deprovisionAction === 'delete')) {
    session.counters.disconnected += 1;
    session.raise(item, item.changeType, `disconnected from ${systemName} (${reason})`);
    return;
  }
  const existing = session.pe.forCso(cso.id);
  const neverWritten = existing?.changeType === 'create' && existing.status !== 'exported' && existing.changes.every((c) => c.status === 'pending');
  if (existing && neverWritten) {
    // Created and deleted before anything was written: the two cancel out (domain §5.2).
    session.pe.remove(existing.id);
    session.cso.remove(cso.id);
  } else if (existing) {
    // A fresh operation: the update's failures say nothing about whether the delete will work.
    session.pe.save({ ...existing, changeType: 'delete', status: 'pending', changes: [], errorCount: 0, lastError: null, nextRetryAt: null }, session.now);
  } else {
    session.pe.insert({ systemId: cso.systemId, csoId: cso.id, changeType: 'delete', sourceMvoId: null, syncRuleId: null, changes: [], now: session.now });
  }
  session.counters.deprovisioned += 1;
  session.counters.pendingExports += 1;
  session.raise(item, item.changeType, `delete queued to ${systemName} (${reason})`);
}

/** Export evaluation for one touched metaverse object: every enabled outbound rule of its type (domain §4.8). */
export function evaluateExports(session: SyncSession, work: MvoWork): void {
  if (work.deleted) return;
  const item = work.item ?? session.standaloneItem(work.mvo.id);
  for (const rule of session.model.outbound) {
    if (rule.mvTypeId !== work.mvo.objectTypeId) continue;
    const system = session.model.systems.get(rule.rule.connectedSystemId);
    if (!system) continue;
    const target = session.joinedTo(work.mvo.id).find((c) => c.systemId === rule.rule.connectedSystemId);
    if (target && target.objectType.toLowerCase() !== rule.rule.csObjectType.toLowerCase()) {
      session.fail(item, 'CouldNotJoinDueToExistingJoin', `${system.name} already holds this identity as a ${target.objectType}`);
      continue;
    }
    if (!inScope(rule.rule.scoping, work.mvo.attributes)) {
      if (target) deprovision(session, target, item, 'out of scope');
      continue;
    }
    if (!target) {
      if (rule.rule.provisionToSystem) provision(session, rule, work, item);
      continue;
    }
    const staged = session.pe.forCso(target.id);
    const changes = updateChanges(session, rule, work, target, staged, item);
    if (changes.length) stage(session, target, rule, work, changes, item, system.name);
  }
}
