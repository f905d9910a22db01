import type { ActivityStatus, ErrorType, Initiator, RunType } from '../../../shared/model';
import type { ErrorTypeCount, HistoryEntry, HistoryPage } from '../../../shared/model/drill-down';
import type { ReadDb } from '../database';
import { executionItemFromRow, type ExecutionItemRow } from './execution-items';

interface HistoryRow extends ExecutionItemRow {
  a_system_name: string;
  a_run_profile_name: string;
  a_run_type: RunType | null;
  a_status: ActivityStatus;
  a_initiated_by: Initiator;
  a_created_at: string;
}

function entryFromRow(row: HistoryRow): HistoryEntry {
  return {
    ...executionItemFromRow(row),
    activity: {
      id: row.activity_id,
      systemName: row.a_system_name,
      runProfileName: row.a_run_profile_name,
      runType: row.a_run_type,
      status: row.a_status,
      initiatedBy: row.a_initiated_by,
      createdAt: row.a_created_at,
    },
  };
}

const SELECT_ENTRIES = `SELECT i.*, a.system_name AS a_system_name, a.run_profile_name AS a_run_profile_name,
    a.run_type AS a_run_type, a.status AS a_status, a.initiated_by AS a_initiated_by, a.created_at AS a_created_at
  FROM execution_items i JOIN activities a ON a.id = i.activity_id`;

export interface HistoryQuery {
  /** Only items older than this item id (the previous page's nextBefore). */
  before?: number | undefined;
  limit: number;
}

/** Reads one more row than asked so the page knows whether another follows. */
function page(db: ReadDb, ids: number[], limit: number): HistoryPage {
  const more = ids.length > limit;
  const wanted = ids.slice(0, limit);
  if (wanted.length === 0) return { rows: [], nextBefore: null };
  const rows = db
    .prepare(`${SELECT_ENTRIES} WHERE i.id IN (${wanted.map(() => '?').join(', ')}) ORDER BY i.id DESC`)
    .all(...wanted) as HistoryRow[];
  return { rows: rows.map(entryFromRow), nextBefore: more ? (wanted[wanted.length - 1] ?? null) : null };
}

const cursor = (query: HistoryQuery): number => query.before ?? Number.MAX_SAFE_INTEGER;

/**
 * Every execution item that touched one connector space object, newest first. The external ID
 * is checked too: an object id freed by a deletion can be taken by a later object, and the
 * earlier object's items are not this one's history.
 */
export function connectorSpaceHistory(
  db: ReadDb,
  object: { id: number; externalId: string },
  query: HistoryQuery,
): HistoryPage {
  const ids = (
    db
      .prepare(
        `SELECT id FROM execution_items WHERE cso_id = ? AND id < ? AND (external_id IS NULL OR external_id = ?)
          ORDER BY id DESC LIMIT ?`,
      )
      .all(object.id, cursor(query), object.externalId, query.limit + 1) as { id: number }[]
  ).map((r) => r.id);
  return page(db, ids, query.limit);
}

/**
 * A metaverse object's history: the sync items that named it, and every item of the connector
 * space objects joined to it now (their imports, syncs and exports), newest first.
 */
export function metaverseHistory(db: ReadDb, mvoId: number, query: HistoryQuery): HistoryPage {
  const before = cursor(query);
  const take = query.limit + 1;
  // Each branch walks its own index from the cursor and stops after a page, so a busy identity
  // costs two short index scans, not a read of its whole past.
  const ids = (
    db
      .prepare(
        `SELECT id FROM (SELECT id FROM execution_items WHERE mvo_id = ? AND id < ? ORDER BY id DESC LIMIT ?)
         UNION
         SELECT id FROM (SELECT i.id FROM connector_space_objects c JOIN execution_items i ON i.cso_id = c.id
                          WHERE c.mvo_id = ? AND i.id < ? AND (i.external_id IS NULL OR i.external_id = c.external_id)
                          ORDER BY i.id DESC LIMIT ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(mvoId, before, take, mvoId, before, take, take) as { id: number }[]
  ).map((r) => r.id);
  return page(db, ids, query.limit);
}

/** Each error type of one activity with how many of its items failed with it, most frequent first. */
export function errorTypeCounts(db: ReadDb, activityId: number): ErrorTypeCount[] {
  return db
    .prepare(
      `SELECT error_type AS errorType, COUNT(*) AS count FROM execution_items
        WHERE activity_id = ? AND error_type IS NOT NULL GROUP BY error_type ORDER BY count DESC, error_type`,
    )
    .all(activityId) as { errorType: ErrorType; count: number }[];
}
