import type { AttributeValues, CsoStatus, JoinType } from '../../../shared/model';
import type { WriteDb } from '../database';

/** A connector space object as the sync engine sees it. */
export interface SyncCso {
  id: number;
  systemId: number;
  objectTypeId: number;
  objectType: string;
  externalId: string;
  status: CsoStatus;
  attributes: AttributeValues;
  mvoId: number | null;
  joinType: JoinType;
  lastUpdatedAt: string | null;
}

interface SyncCsoRow {
  id: number;
  connected_system_id: number;
  object_type_id: number;
  object_type: string;
  external_id: string;
  status: CsoStatus;
  attributes: string;
  mvo_id: number | null;
  join_type: JoinType;
  last_updated_at: string | null;
}

function fromRow(row: SyncCsoRow): SyncCso {
  return {
    id: row.id,
    systemId: row.connected_system_id,
    objectTypeId: row.object_type_id,
    objectType: row.object_type,
    externalId: row.external_id,
    status: row.status,
    attributes: JSON.parse(row.attributes) as AttributeValues,
    mvoId: row.mvo_id,
    joinType: row.join_type,
    lastUpdatedAt: row.last_updated_at,
  };
}

const COLUMNS = `c.id, c.connected_system_id, c.object_type_id, t.name AS object_type, c.external_id, c.status,
  c.attributes, c.mvo_id, c.join_type, c.last_updated_at`;
const FROM = 'FROM connector_space_objects c JOIN object_types t ON t.id = c.object_type_id';

/** Statements for synchronisation and export, prepared once per run. */
export function prepareCsoSyncStatements(db: WriteDb) {
  const pageAll = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE c.connected_system_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`);
  const pageSince = db.prepare(
    `SELECT ${COLUMNS} ${FROM} WHERE c.connected_system_id = ? AND c.id > ? AND c.last_updated_at > ? ORDER BY c.id LIMIT ?`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE c.id = ?`);
  const byMvo = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE c.mvo_id = ? ORDER BY c.id`);
  const byExternalId = db.prepare(
    // The IN over the system's few object types lets the unique (system, type, external ID) index
    // answer, so imports need not maintain a second index just for this lookup.
    `SELECT ${COLUMNS} ${FROM} WHERE c.connected_system_id = ? AND c.external_id = ? AND c.status != 'obsolete'
       AND c.object_type_id IN (SELECT id FROM object_types WHERE connected_system_id = ?)`,
  );
  const join = db.prepare('UPDATE connector_space_objects SET mvo_id = ?, join_type = ?, joined_at = ? WHERE id = ?');
  const disconnect = db.prepare(
    "UPDATE connector_space_objects SET mvo_id = NULL, join_type = 'notJoined', joined_at = NULL WHERE id = ?",
  );
  const remove = db.prepare('DELETE FROM connector_space_objects WHERE id = ?');
  const insertProvisioned = db.prepare(
    `INSERT INTO connector_space_objects (connected_system_id, object_type_id, external_id, status, attributes, mvo_id,
       join_type, joined_at, created_at) VALUES (?, ?, ?, 'pendingProvisioning', '{}', ?, 'provisioned', ?, ?)`,
  );
  const applyExport = db.prepare(
    // Another writer of attribute rows nulls the import hash (domain §3.5). last_updated_at is left
    // alone: only imports mark an object changed for delta sync.
    "UPDATE connector_space_objects SET attributes = ?, status = 'normal', import_hash = NULL WHERE id = ?",
  );
  return {
    page(systemId: number, afterId: number, limit: number, since: string | null): SyncCso[] {
      const rows = since === null ? pageAll.all(systemId, afterId, limit) : pageSince.all(systemId, afterId, since, limit);
      return (rows as SyncCsoRow[]).map(fromRow);
    },
    get(id: number): SyncCso | undefined {
      const row = byId.get(id) as SyncCsoRow | undefined;
      return row && fromRow(row);
    },
    joinedTo(mvoId: number): SyncCso[] {
      return (byMvo.all(mvoId) as SyncCsoRow[]).map(fromRow);
    },
    /** Live objects of a system with this external ID (any object type): reference resolution. */
    withExternalId(systemId: number, externalId: string): SyncCso[] {
      return (byExternalId.all(systemId, externalId, systemId) as SyncCsoRow[]).map(fromRow);
    },
    join(csoId: number, mvoId: number, joinType: JoinType, now: string): void {
      join.run(mvoId, joinType, now, csoId);
    },
    disconnect(csoId: number): void {
      disconnect.run(csoId);
    },
    remove(csoId: number): void {
      remove.run(csoId);
    },
    insertProvisioned(systemId: number, objectTypeId: number, externalId: string, mvoId: number, now: string): number {
      return Number(insertProvisioned.run(systemId, objectTypeId, externalId, mvoId, now, now).lastInsertRowid);
    },
    applyExportedValues(csoId: number, attributes: AttributeValues): void {
      applyExport.run(JSON.stringify(attributes), csoId);
    },
  };
}

export type CsoSyncStatements = ReturnType<typeof prepareCsoSyncStatements>;

export function setSyncWatermarks(
  db: WriteDb,
  systemId: number,
  marks: { lastSyncStartedAt: string; configAppliedAt: string | null },
): void {
  db.prepare(
    'UPDATE connected_systems SET last_sync_started_at = ?, config_applied_at = COALESCE(?, config_applied_at) WHERE id = ?',
  ).run(marks.lastSyncStartedAt, marks.configAppliedAt, systemId);
}

export function syncWatermarks(db: WriteDb, systemId: number): { lastSyncStartedAt: string | null; configAppliedAt: string | null } {
  const row = db
    .prepare('SELECT last_sync_started_at, config_applied_at FROM connected_systems WHERE id = ?')
    .get(systemId) as { last_sync_started_at: string | null; config_applied_at: string | null } | undefined;
  return { lastSyncStartedAt: row?.last_sync_started_at ?? null, configAppliedAt: row?.config_applied_at ?? null };
}
