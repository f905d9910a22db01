import type { AttributeChange, MvAttribute, ScalarValue } from '../../../shared/model';
import type { SyncCso } from '../../store';
import { disconnect, reelect } from './deletion';
import { coerce, CoercionError, flowSourceValues } from './flow-values';
import { findKey, inScope, valueOf } from './scoping';
import type { CompiledFlow, CompiledRule } from './sync-model';
import type { ItemDraft, MvoWork, SyncSession } from './sync-session';

/** A reference flow waiting for its targets to have metaverse objects (they may be on a later page). */
export interface DeferredReference {
  cso: SyncCso;
  rule: CompiledRule;
  flow: CompiledFlow;
  attribute: MvAttribute;
  item: ItemDraft;
}

type JoinResult = { mvoId: number } | { mvoId: null } | { error: 'AmbiguousMatch' | 'CouldNotJoinDueToExistingJoin'; message: string };

/** Matching rules in order; the first rule with exactly one hit wins, more than one hit is an error at once (domain §4.3). */
function attemptJoin(session: SyncSession, rules: CompiledRule[], cso: SyncCso): JoinResult {
  for (const rule of rules) {
    for (const matching of rule.rule.matching) {
      const parts = matching.sources.map((source) => valueOf(cso.attributes, source)[0]);
      if (parts.some((p) => p === undefined || String(p) === '')) continue;
      const value = parts.map(String).join(' ');
      const hits = session.mv.match(matching.target, value, rule.mvTypeId, matching.caseSensitive);
      if (hits.length > 1) {
        return { error: 'AmbiguousMatch', message: `More than one metaverse object has ${matching.target} = "${value}"` };
      }
      const hit = hits[0];
      if (hit === undefined) continue;
      const taken = session.joinedTo(hit).find((c) => c.systemId === cso.systemId && c.id !== cso.id);
      if (taken) {
        return {
          error: 'CouldNotJoinDueToExistingJoin',
          message: `Metaverse object #${hit} matched on ${matching.target} = "${value}" is already joined to ${taken.externalId} in this system`,
        };
      }
      return { mvoId: hit };
    }
  }
  return { mvoId: null };
}

/** Join, else project, for an unjoined object in scope; returns its metaverse object, or null if it stays a disconnector. */
function connect(session: SyncSession, cso: SyncCso, rules: CompiledRule[], item: ItemDraft): MvoWork | null {
  const join = attemptJoin(session, rules, cso);
  if ('error' in join) {
    session.fail(item, join.error, join.message);
    return null;
  }
  if (join.mvoId !== null) {
    session.cso.join(cso.id, join.mvoId, 'joined', session.now);
    session.forgetJoins(join.mvoId);
    cso.mvoId = join.mvoId;
    cso.joinType = 'joined';
    item.mvoId = join.mvoId;
    session.counters.joined += 1;
    session.raise(item, 'joined', `joined metaverse object #${join.mvoId}`);
    const work = session.work(join.mvoId, item);
    if (work) work.reevaluate = true;
    if (work?.mvo.deletionDueAt) {
      // A rejoin during the grace period cancels the pending deletion (domain §7.3).
      session.mv.markDeletion(work.mvo.id, null, null);
      work.mvo.deletionDueAt = null;
      session.raise(item, 'joined', 'pending deletion cancelled');
    }
    return work ?? null;
  }
  const projector = rules.find((r) => r.rule.projectToMetaverse);
  if (!projector) return null;
  const id = session.mv.insert(projector.mvTypeId, {}, {}, session.now);
  session.cso.join(cso.id, id, 'projected', session.now);
  cso.mvoId = id;
  cso.joinType = 'projected';
  item.mvoId = id;
  session.counters.projected += 1;
  const typeName = session.model.mvTypeById.get(projector.mvTypeId)?.name ?? 'object';
  session.raise(item, 'projected', `projected as ${typeName} #${id}`);
  return session.adopt(
    { id, objectTypeId: projector.mvTypeId, origin: 'projected', attributes: {}, contributors: {}, deletionDueAt: null },
    item,
    cso,
  );
}

function coerceAll(values: ScalarValue[], attribute: MvAttribute): ScalarValue[] {
  return values.map((v) => coerce(v, attribute.type));
}

const asList = (value: ScalarValue | ScalarValue[] | undefined): ScalarValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Tells the item what changed on its identity and which rule's value won, so its detail can say so. */
function recordFlow(
  session: SyncSession,
  item: ItemDraft,
  name: string,
  before: ScalarValue | ScalarValue[] | undefined,
  after: ScalarValue | ScalarValue[] | undefined,
  syncRuleId: number | null,
): void {
  const index = item.flows.findIndex((f) => f.name === name);
  // A second change to the same attribute in one run (a reference resolved after the page) keeps
  // the value the run started from, so the item shows one change per attribute.
  const removed = index >= 0 ? (item.flows[index]?.removed ?? []) : asList(before);
  const added = asList(after);
  const kind = removed.length === 0 ? 'add' : added.length === 0 ? 'remove' : 'replace';
  const rule = syncRuleId === null ? undefined : session.model.inbound.find((r) => r.rule.id === syncRuleId)?.rule.name;
  const change: AttributeChange = { name, kind, added, removed, ...(rule === undefined ? {} : { syncRule: rule }) };
  if (index >= 0) item.flows[index] = change;
  else item.flows.push(change);
}

/** Applies one contribution, through the priority walk when the attribute has several contributors. */
export function contribute(session: SyncSession, work: MvoWork, cso: SyncCso, rule: CompiledRule, attribute: MvAttribute, values: ScalarValue[], item: ItemDraft): void {
  const contributors = session.model.contributors.get(`${work.mvo.objectTypeId}:${attribute.name.toLowerCase()}`) ?? [];
  const elected =
    contributors.length <= 1
      ? { values, contributor: { systemId: cso.systemId, syncRuleId: rule.rule.id } }
      : session.elect(work, attribute, { current: { cso, rule, values } });
  const before = work.mvo.attributes[findKey(work.mvo.attributes, attribute.name) ?? attribute.name];
  if (session.setAttribute(work, attribute, elected.values, elected.contributor)) {
    recordFlow(session, item, attribute.name, before, work.mvo.attributes[attribute.name], elected.contributor?.syncRuleId ?? null);
    item.flowed += 1;
    session.counters.attributeFlows += 1;
    session.promote(item, 'attributeFlow');
  }
}

/**
 * Non-reference flows of every in-scope rule; reference flows are queued for after the page. A
 * rule's flows are all evaluated before any is applied, so failObject stops the whole rule.
 */
function flowInbound(session: SyncSession, cso: SyncCso, rules: CompiledRule[], work: MvoWork, item: ItemDraft, deferred: DeferredReference[]): void {
  for (const rule of rules) {
    if (rule.mvTypeId !== work.mvo.objectTypeId) continue;
    const ready: { attribute: MvAttribute; values: ScalarValue[] }[] = [];
    const references: DeferredReference[] = [];
    let failedObject = false;
    for (const flow of rule.flows) {
      const attribute = session.model.mvAttributes.get(flow.target.toLowerCase());
      if (!attribute) continue;
      if (attribute.type === 'reference') {
        references.push({ cso, rule, flow, attribute, item });
        continue;
      }
      const outcome = flowSourceValues(flow, cso.attributes, session.clock);
      if (outcome.kind !== 'values') {
        session.fail(item, outcome.errorType, outcome.message);
        if (outcome.kind === 'failObject') failedObject = true;
        continue;
      }
      let values: ScalarValue[];
      try {
        values = coerceAll(outcome.values, attribute);
      } catch (error) {
        if (!(error instanceof CoercionError)) throw error;
        session.fail(item, 'ExpressionEvaluationError', `${attribute.name}: ${error.message}`);
        continue;
      }
      if (!attribute.multiValued && new Set(values.map(String)).size > 1) {
        session.fail(item, 'MultiValuedToSingleValued', `${attribute.name} is single-valued but ${flow.target} has ${values.length} values`);
        continue;
      }
      ready.push({ attribute, values });
    }
    if (failedObject) continue;
    for (const { attribute, values } of ready) contribute(session, work, cso, rule, attribute, values, item);
    deferred.push(...references);
  }
}

/** Resolves a reference flow: each source value is the external ID of an object in the same system. */
export function resolveReference(session: SyncSession, ref: DeferredReference): { values: number[]; unresolved: string[] } {
  const outcome = flowSourceValues(ref.flow, ref.cso.attributes, session.clock);
  if (outcome.kind !== 'values') return { values: [], unresolved: [] };
  const values: number[] = [];
  const unresolved: string[] = [];
  for (const raw of outcome.values) {
    const mvoId = session.referencedMvo(ref.cso.systemId, String(raw));
    if (mvoId !== null) values.push(mvoId);
    else unresolved.push(String(raw));
  }
  return { values, unresolved };
}

/** Per-CSO decision tree for a live object (domain §4.3). */
export function processActive(session: SyncSession, cso: SyncCso, deferred: DeferredReference[]): void {
  const rules = session.inboundRulesFor(cso);
  if (rules.length === 0) return;
  const applicable = rules.filter((r) => inScope(r.rule.scoping, cso.attributes));
  const item = session.itemFor(cso);
  if (applicable.length === 0 && rules.some((r) => r.hasScoping)) {
    if (cso.mvoId === null) return;
    if (rules[0]?.rule.outOfScopeAction === 'remainJoined') {
      session.raise(item, 'none', 'out of scope: join kept, nothing flows');
      // Its contributions are no longer an opinion: the next contributor takes over now (domain §4.7).
      const work = session.work(cso.mvoId, item);
      if (work) reelect(session, work, cso.systemId, { keepWhenNoneElected: true });
      return;
    }
    disconnect(session, cso, item, 'out of scope');
    session.counters.disconnected += 1;
    session.raise(item, 'disconnected', 'disconnected (out of scope)');
    return;
  }
  const work = cso.mvoId === null ? connect(session, cso, applicable, item) : session.work(cso.mvoId, item);
  if (!work) return;
  // After a configuration change a full sync re-evaluates every export rule for every object it processes.
  if (session.reevaluateAll) work.reevaluate = true;
  flowInbound(session, cso, applicable, work, item, deferred);
}
