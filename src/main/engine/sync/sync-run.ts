import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  countObjectsToSync,
  createExecutionItemMerger,
  createExecutionItemWriter,
  ensureMatchIndex,
  setActivityProgress,
  setSyncWatermarks,
  syncWatermarks,
  type NewExecutionItem,
  type SyncCso,
} from '../../store';
import { statusFor, type RunContext, type RunOutcome } from '../run-context';
import { deleteDueObjects, disconnect } from './deletion';
import { contribute, processActive, resolveReference, type DeferredReference } from './inbound';
import { evaluateExports } from './outbound';
import { valueOf } from './scoping';
import { loadSyncModel } from './sync-model';
import { SyncSession } from './sync-session';

/** Pass 1 (domain §4.4): an obsolete object leaves; a joined one disconnects first, which may delete its identity. */
function processObsolete(session: SyncSession, cso: SyncCso): void {
  if (cso.mvoId !== null) {
    const item = session.itemFor(cso);
    const rules = session.inboundRulesFor(cso);
    if (rules[0]?.rule.outOfScopeAction === 'remainJoined') {
      session.raise(item, 'deleted', 'removed from the connector space; metaverse object kept (remain joined)');
    } else {
      disconnect(session, cso, item, 'deleted from the source');
      session.counters.disconnected += 1;
      session.raise(item, 'disconnected', 'disconnected (deleted from the source)');
    }
  }
  session.cso.remove(cso.id);
}

/** Persists the page's metaverse changes, evaluates exports for what changed, writes the items. */
function flush(session: SyncSession, write: (item: NewExecutionItem) => void): void {
  const live = session.touchedWorks().filter((w) => !w.deleted);
  for (const work of live.filter((w) => w.dirty)) {
    session.mv.update(work.mvo.id, work.mvo.attributes, work.mvo.contributors, session.now);
    for (const attribute of session.model.matchAttributes) {
      const changed = [...work.changed].some((c) => c.toLowerCase() === attribute.toLowerCase());
      if (changed) {
        const values = valueOf(work.mvo.attributes, attribute).map(String);
        if (work.created) session.mv.addMatchValues(work.mvo.id, attribute, values);
        else session.mv.setMatchValues(work.mvo.id, attribute, values);
      }
    }
  }
  for (const work of live) if (work.dirty || work.reevaluate) evaluateExports(session, work);
  const { items } = session.drainPage();
  for (const item of items) write(item);
}

function applyReference(session: SyncSession, ref: DeferredReference, final: boolean): string[] {
  const { values, unresolved } = resolveReference(session, ref);
  if (unresolved.length > 0 && !final) return unresolved;
  if (ref.cso.mvoId === null) return [];
  const work = session.work(ref.cso.mvoId, ref.item);
  if (work) contribute(session, work, ref.cso, ref.rule, ref.attribute, values, ref.item);
  return unresolved;
}

/**
 * Full or Delta Synchronisation of one connected system (domain §4): pages of objects in id order,
 * one transaction per page; references to objects on later pages are resolved after the last page.
 */
export async function runSync(ctx: RunContext, mode: 'full' | 'delta'): Promise<RunOutcome> {
  const { db, system, profile } = ctx;
  const startedAt = ctx.now();
  const model = loadSyncModel(db);
  ensureMatchIndex(db, model.matchAttributes);
  const marks = syncWatermarks(db, system.id);
  const since = mode === 'delta' ? marks.lastSyncStartedAt : null;
  const lastSync = marks.lastSyncStartedAt;
  // Objects unchanged since the last sync are skipped unless configuration changed since the last full sync.
  const skipUnchanged = mode === 'full' && lastSync !== null && marks.configAppliedAt !== null && model.configChangedAt <= marks.configAppliedAt;
  const session = new SyncSession(db, model, system.id, startedAt, () => new Date(), mode === 'full' && !skipUnchanged);
  const write = createExecutionItemWriter(db, ctx.activityId);
  const total = countObjectsToSync(db, system.id, since);

  ctx.progress.step('Processing objects', total);
  db.transaction(() => {
    deleteDueObjects(session);
    flush(session, write);
  }).immediate();

  const carried: { csoId: number; ruleId: number; target: string }[] = [];
  let afterId = 0;
  let processed = 0;
  for (;;) {
    if (ctx.signal.aborted) break;
    const page = session.cso.page(system.id, afterId, profile.batchSize, since);
    if (page.length === 0) break;
    db.transaction(() => {
      for (const cso of page) if (cso.status === 'obsolete') processObsolete(session, cso);
      const deferred: DeferredReference[] = [];
      for (const cso of page) {
        if (cso.status !== 'normal') continue;
        if (skipUnchanged && cso.mvoId !== null && cso.lastUpdatedAt !== null && lastSync !== null && cso.lastUpdatedAt <= lastSync) {
          session.counters.unchanged += 1;
          continue;
        }
        processActive(session, cso, deferred);
      }
      for (const ref of deferred) {
        if (applyReference(session, ref, false).length > 0) carried.push({ csoId: ref.cso.id, ruleId: ref.rule.rule.id, target: ref.flow.target });
      }
      flush(session, write);
      processed += page.length;
      setActivityProgress(db, ctx.activityId, { objectsToProcess: total, objectsProcessed: processed, counters: session.counters });
    }).immediate();
    afterId = page[page.length - 1]?.id ?? afterId;
    ctx.progress.advance(processed, session.counters);
    await yieldToEventLoop();
  }
  if (ctx.signal.aborted) return { status: 'cancelled', message: null, errorMessage: null, warningMessage: null };

  const unresolved = await resolveCarried(ctx, session, carried);
  db.transaction(() => {
    setSyncWatermarks(db, system.id, { lastSyncStartedAt: startedAt, configAppliedAt: mode === 'full' ? startedAt : null });
    // Grace-period deletions and cross-page flows happen outside the page loop: record the final figures.
    setActivityProgress(db, ctx.activityId, { objectsToProcess: total, objectsProcessed: processed, counters: session.counters });
  }).immediate();
  const warningMessage = unresolved > 0 ? `${unresolved} reference value(s) name objects that have no metaverse object; they were left out` : null;
  return { status: statusFor(session.counters, warningMessage, false), message: null, errorMessage: null, warningMessage };
}

/** Cross-page references (domain §4.2): merged into each object's earlier item, never a second one. */
async function resolveCarried(ctx: RunContext, session: SyncSession, carried: { csoId: number; ruleId: number; target: string }[]): Promise<number> {
  if (carried.length === 0) return 0;
  ctx.progress.step('Resolving references across pages', carried.length);
  const merge = createExecutionItemMerger(ctx.db, ctx.activityId);
  let unresolved = 0;
  for (let start = 0; start < carried.length; start += ctx.profile.batchSize) {
    ctx.db.transaction(() => {
      for (const entry of carried.slice(start, start + ctx.profile.batchSize)) {
        const cso = session.cso.get(entry.csoId);
        const rule = session.model.inbound.find((r) => r.rule.id === entry.ruleId);
        const flow = rule?.flows.find((f) => f.target === entry.target);
        const attribute = session.model.mvAttributes.get(entry.target.toLowerCase());
        if (!cso || !rule || !flow || !attribute || cso.mvoId === null) continue;
        unresolved += applyReference(session, { cso, rule, flow, attribute, item: session.itemFor(cso) }, true).length;
      }
      flush(session, merge);
    }).immediate();
    ctx.progress.advance(Math.min(start + ctx.profile.batchSize, carried.length), session.counters);
    await yieldToEventLoop();
  }
  return unresolved;
}
