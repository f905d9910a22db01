import type {
  CsoStatus,
  Page,
  PendingAttributeChange,
  PendingChangeType,
  PendingExport,
  PendingExportStatus,
} from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';

interface PendingExportRow {
  id: number;
  connected_system_id: number;
  cso_id: number;
  external_id: string;
  object_type: string;
  change_type: PendingChangeType;
  status: PendingExportStatus;
  error_count: number;
  max_retries: number;
  last_error: string | null;
  last_attempted_at: string | null;
  next_retry_at: string | null;
  source_mvo_id: number | null;
  sync_rule_id: number | null;
  changes: string;
  created_at: string;
}

function fromRow(row: PendingExportRow): PendingExport {
  return {
    id: row.id,
    connectedSystemId: row.connected_system_id,
    csoId: row.cso_id,
    externalId: row.external_id,
    objectType: row.object_type,
    changeType: row.change_type,
    status: row.status,
    errorCount: row.error_count,
    maxRetries: row.max_retries,
    lastError: row.last_error,
    lastAttemptedAt: row.last_attempted_at,
    nextRetryAt: row.next_retry_at,
    sourceMvoId: row.source_mvo_id,
    syncRuleId: row.sync_rule_id,
    changes: JSON.parse(row.changes) as PendingAttributeChange[],
    createdAt: row.created_at,
  };
}

const SELECT = `SELECT p.*, c.external_id, t.name AS object_type FROM pending_exports p
  JOIN connector_space_objects c ON c.id = p.cso_id
  JOIN object_types t ON t.id = c.object_type_id`;

export function listPendingExports(
  db: ReadDb,
  filter: { systemId: number; status?: PendingExportStatus | undefined; offset: number; limit: number },
): Page<PendingExport> {
  const where = ['p.connected_system_id = ?'];
  const params: (string | number)[] = [filter.systemId];
  if (filter.status) {
    where.push('p.status = ?');
    params.push(filter.status);
  }
  const clause = where.join(' AND ');
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM pending_exports p WHERE ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`${SELECT} WHERE ${clause} ORDER BY p.id LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset) as PendingExportRow[];
  return { rows: rows.map(fromRow), total };
}

export function getPendingExport(db: ReadDb, id: number): PendingExport | undefined {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as PendingExportRow | undefined;
  return row && fromRow(row);
}

// "+" keeps the planner off the status index: a page walks the primary key from its cursor instead
// of re-scanning every executable row for each page.
const EXECUTABLE = `+p.connected_system_id = ? AND +p.status IN ('pending', 'exportNotConfirmed')
  AND (p.next_retry_at IS NULL OR p.next_retry_at <= ?) AND p.error_count < p.max_retries`;

/** What an export run will send, fixed at its start: how many, and the highest id among them. */
export function executableRange(db: ReadDb, systemId: number, now: string): { count: number; maxId: number } {
  const row = db.prepare(`SELECT COUNT(*) AS count, COALESCE(MAX(p.id), 0) AS maxId FROM pending_exports p WHERE ${EXECUTABLE}`).get(systemId, now) as {
    count: number;
    maxId: number;
  };
  return row;
}

/** One keyset page of the executable set, so an export holds a page of pending exports at a time, not all of them. */
export function pageExecutablePendingExports(
  db: ReadDb,
  range: { systemId: number; now: string; afterId: number; maxId: number; limit: number },
): PendingExport[] {
  return (
    db
      .prepare(`${SELECT} WHERE p.id > ? AND p.id <= ? AND ${EXECUTABLE} ORDER BY p.id LIMIT ?`)
      .all(range.afterId, range.maxId, range.systemId, range.now, range.limit) as PendingExportRow[]
  ).map(fromRow);
}

export function retryPendingExport(db: WriteDb, id: number, now: string): boolean {
  return (
    db
      .prepare(
        "UPDATE pending_exports SET status = 'pending', error_count = 0, next_retry_at = NULL, updated_at = ? WHERE id = ? AND status = 'failed'",
      )
      .run(now, id).changes === 1
  );
}

/** Every failed export of one system back to pending in one statement; returns how many. */
export function retryFailedPendingExports(db: WriteDb, systemId: number, now: string): number {
  return db
    .prepare(
      "UPDATE pending_exports SET status = 'pending', error_count = 0, next_retry_at = NULL, updated_at = ? WHERE connected_system_id = ? AND status = 'failed'",
    )
    .run(now, systemId).changes;
}

/** Statements for sync (staging) and export/import (settling), prepared once per run. */
export function preparePendingExportStatements(db: WriteDb) {
  const byCso = db.prepare(`${SELECT} WHERE p.cso_id = ?`);
  const insert = db.prepare(
    `INSERT INTO pending_exports (connected_system_id, cso_id, change_type, status, source_mvo_id, sync_rule_id, changes,
       created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE pending_exports SET change_type = ?, status = ?, error_count = ?, last_error = ?, last_attempted_at = ?,
       next_retry_at = ?, changes = ?, updated_at = ? WHERE id = ?`,
  );
  const remove = db.prepare('DELETE FROM pending_exports WHERE id = ?');
  const exportedPage = db.prepare(
    `SELECT p.*, c.external_id, c.status AS cso_status, t.name AS object_type FROM pending_exports p
       JOIN connector_space_objects c ON c.id = p.cso_id
       JOIN object_types t ON t.id = c.object_type_id
      WHERE p.connected_system_id = ? AND p.status = 'exported' AND p.id > ? ORDER BY p.id LIMIT ?`,
  );
  const settled = db.prepare(
    "SELECT cso_id FROM pending_exports WHERE connected_system_id = ? AND status IN ('exported', 'exportNotConfirmed')",
  );
  return {
    forCso(csoId: number): PendingExport | undefined {
      const row = byCso.get(csoId) as PendingExportRow | undefined;
      return row && fromRow(row);
    },
    insert(pe: {
      systemId: number;
      csoId: number;
      changeType: PendingChangeType;
      sourceMvoId: number | null;
      syncRuleId: number | null;
      changes: PendingAttributeChange[];
      now: string;
    }): number {
      return Number(
        insert.run(pe.systemId, pe.csoId, pe.changeType, pe.sourceMvoId, pe.syncRuleId, JSON.stringify(pe.changes), pe.now, pe.now)
          .lastInsertRowid,
      );
    },
    save(pe: PendingExport, now: string): void {
      update.run(
        pe.changeType,
        pe.status,
        pe.errorCount,
        pe.lastError,
        pe.lastAttemptedAt,
        pe.nextRetryAt,
        JSON.stringify(pe.changes),
        now,
        pe.id,
      );
    },
    remove(id: number): void {
      remove.run(id);
    },
    /** A keyset page of the system's exports that were written and await their confirming import. */
    pageExported(systemId: number, afterId: number, limit: number): { pe: PendingExport; csoStatus: CsoStatus }[] {
      return (exportedPage.all(systemId, afterId, limit) as (PendingExportRow & { cso_status: CsoStatus })[]).map((row) => ({
        pe: fromRow(row),
        csoStatus: row.cso_status,
      }));
    },
    /** CSOs whose exports await confirmation by an import of this system. */
    awaitingConfirmation(systemId: number): Set<number> {
      return new Set((settled.all(systemId) as { cso_id: number }[]).map((r) => r.cso_id));
    },
  };
}

export type PendingExportStatements = ReturnType<typeof preparePendingExportStatements>;
