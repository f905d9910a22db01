import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Initiator, RunCounters } from '../../shared/model';
import { EMPTY_COUNTERS } from '../../shared/model';
import { deleteMvo } from '../engine/sync/deletion';
import { evaluateExports } from '../engine/sync/outbound';
import { loadSyncModel } from '../engine/sync/sync-model';
import { SyncSession } from '../engine/sync/sync-session';
import { createExecutionItemWriter, type WriteDb } from '../store';
import { getAppSettings } from './settings';

/** Activities show a housekeeping pass under this name (it has no run profile, system or run type). */
export const HOUSEKEEPING_NAME = 'Housekeeping';
export const HOUSEKEEPING_KIND = 'housekeeping';

/** Work per transaction: small, so the app's main thread is never held for long. */
const PURGE_ACTIVITIES_PER_TRANSACTION = 50;
const PURGE_ITEMS_PER_TRANSACTION = 5000;
const DELETIONS_PER_TRANSACTION = 50;
/** A housekeeping activity still in progress after this long was interrupted (the process died). */
const STALE_AFTER_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface HousekeepingResult {
  /** The activity recording the pass; null when there was nothing to do. */
  activityId: number | null;
  retentionDays: number;
  /** Activities removed (with their execution items), schedule step runs included. */
  activitiesPurged: number;
  executionItemsPurged: number;
  /** Metaverse objects whose grace period was over, deleted. */
  objectsDeleted: number;
  counters: RunCounters;
}

export interface HousekeepingOptions {
  initiatedBy?: Initiator;
  /** Stop between transactions (the app is closing); what is done stays done. */
  signal?: AbortSignal;
}

/**
 * One housekeeping pass (domain §7.4, §8.6): purges activities older than the retention period
 * (never one in progress) and deletes metaverse objects whose deletion grace period is over,
 * deprovisioning their connections exactly as a sync does. A pass that did work is recorded as an
 * activity (kind 'housekeeping', no run type) with one execution item per deleted object.
 */
export async function runHousekeeping(db: WriteDb, now: Date, options: HousekeepingOptions = {}): Promise<HousekeepingResult> {
  const nowText = now.toISOString();
  const startedReal = Date.now();
  const { retentionDays } = getAppSettings(db);
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const result: HousekeepingResult = {
    activityId: null,
    retentionDays,
    activitiesPurged: 0,
    executionItemsPurged: 0,
    objectsDeleted: 0,
    counters: { ...EMPTY_COUNTERS },
  };
  failStaleHousekeeping(db, now);
  const purgeable = db.prepare(
    `SELECT a.id FROM activities a
      WHERE a.created_at < ? AND a.status != 'inProgress' AND a.parent_activity_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM activities c WHERE c.parent_activity_id = a.id AND c.status = 'inProgress')
      ORDER BY a.id LIMIT ?`,
  );
  const due = db.prepare('SELECT 1 FROM metaverse_objects WHERE deletion_due_at IS NOT NULL AND deletion_due_at <= ? LIMIT 1');
  if (purgeable.all(cutoff, 1).length === 0 && due.get(nowText) === undefined) return result;

  const activityId = startActivity(db, nowText, options.initiatedBy ?? 'schedule');
  result.activityId = activityId;
  const aborted = () => options.signal?.aborted === true;

  // 1. Retention: items first in chunks (an import can hold millions), then the activity itself.
  // A schedule execution goes whole: its step runs (and their items) with it.
  const deleteItems = db.prepare(
    `DELETE FROM execution_items WHERE id IN (SELECT id FROM execution_items
      WHERE activity_id IN (SELECT id FROM activities WHERE id = ? OR parent_activity_id = ?) LIMIT ?)`,
  );
  const deleteActivity = db.prepare("DELETE FROM activities WHERE id = ? AND status != 'inProgress'");
  while (!aborted()) {
    const ids = (purgeable.all(cutoff, PURGE_ACTIVITIES_PER_TRANSACTION) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) break;
    for (const id of ids) {
      for (;;) {
        const removed = db.transaction(() => deleteItems.run(id, id, PURGE_ITEMS_PER_TRANSACTION).changes).immediate();
        result.executionItemsPurged += removed;
        if (removed < PURGE_ITEMS_PER_TRANSACTION) break;
        await yieldToEventLoop();
      }
      // Schedule step runs go with their execution (ON DELETE CASCADE): counted by the change count.
      result.activitiesPurged += db.transaction(() => deleteActivity.run(id).changes).immediate();
    }
    await yieldToEventLoop();
  }

  // 2. Grace periods that are over (domain §7.4): the sync engine's own deletion and deprovisioning.
  const model = loadSyncModel(db);
  const session = new SyncSession(db, model, 0, nowText, () => now, false);
  const write = createExecutionItemWriter(db, activityId);
  while (!aborted()) {
    const deleted = db
      .transaction(() => {
        const ids = session.mv.dueForDeletion(nowText, DELETIONS_PER_TRANSACTION);
        for (const mvoId of ids) {
          const item = session.standaloneItem(mvoId);
          const work = session.work(mvoId, item);
          if (!work) continue;
          item.objectType = model.mvTypeById.get(work.mvo.objectTypeId)?.name ?? null;
          session.promote(item, 'deleted');
          deleteMvo(session, work, item, 'grace period over');
        }
        flush(session, write);
        return ids.length;
      })
      .immediate();
    result.objectsDeleted = session.counters.mvoDeleted;
    if (deleted < DELETIONS_PER_TRANSACTION) break;
    await yieldToEventLoop();
  }

  result.counters = { ...session.counters };
  finishActivity(db, activityId, result, aborted(), new Date(now.getTime() + (Date.now() - startedReal)).toISOString());
  return result;
}

/** As a sync's page flush: persist what changed on surviving objects, evaluate their exports, write the items. */
function flush(session: SyncSession, write: ReturnType<typeof createExecutionItemWriter>): void {
  const live = session.touchedWorks().filter((w) => !w.deleted);
  for (const work of live.filter((w) => w.dirty)) session.mv.update(work.mvo.id, work.mvo.attributes, work.mvo.contributors, session.now);
  for (const work of live) if (work.dirty || work.reevaluate) evaluateExports(session, work);
  for (const item of session.drainPage().items) write(item);
}

function startActivity(db: WriteDb, now: string, initiatedBy: Initiator): number {
  return Number(
    db
      .prepare(
        `INSERT INTO activities (connected_system_id, system_name, run_profile_id, run_profile_name, run_type, status, step,
           initiated_by, created_at, started_at, counters, kind)
         VALUES (NULL, '', NULL, ?, '', 'inProgress', 'Purging old history', ?, ?, ?, ?, ?)`,
      )
      .run(HOUSEKEEPING_NAME, initiatedBy, now, now, JSON.stringify(EMPTY_COUNTERS), HOUSEKEEPING_KIND).lastInsertRowid,
  );
}

function finishActivity(db: WriteDb, id: number, result: HousekeepingResult, cancelled: boolean, endedAt: string): void {
  const parts = [
    `${result.activitiesPurged} activit${result.activitiesPurged === 1 ? 'y' : 'ies'} older than ${result.retentionDays} day(s) purged`,
    `${result.objectsDeleted} metaverse object(s) deleted after their grace period`,
  ];
  const status = cancelled ? 'cancelled' : result.counters.errors > 0 ? 'completeWithError' : 'complete';
  db.prepare(
    `UPDATE activities SET status = ?, step = 'Finished', message = ?, ended_at = ?, objects_to_process = ?,
       objects_processed = ?, counters = ? WHERE id = ?`,
  ).run(status, parts.join('; '), endedAt, result.objectsDeleted, result.objectsDeleted, JSON.stringify(result.counters), id);
}

/** A pass whose process died mid-way never finished its activity: close it (an activity is never left in progress). */
function failStaleHousekeeping(db: WriteDb, now: Date): void {
  const before = new Date(now.getTime() - STALE_AFTER_MS).toISOString();
  db.prepare(
    `UPDATE activities SET status = 'failedWithError', error_message = 'Interrupted: the housekeeping pass did not finish',
       step = 'Interrupted', ended_at = ? WHERE kind = ? AND status = 'inProgress' AND created_at < ?`,
  ).run(now.toISOString(), HOUSEKEEPING_KIND, before);
}
