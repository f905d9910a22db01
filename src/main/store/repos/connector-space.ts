import type { AttributeValues, ConnectorSpaceObject, CsoStatus, JoinType, Page } from '../../../shared/model';
import type { CsScope } from '../../../shared/model/drill-down';
import type { ReadDb, WriteDb } from '../database';
import { CS_SCOPE_PREDICATES } from './cs-scopes';
import { likePattern } from './execution-items';

interface CsoRow {
  id: number;
  connected_system_id: number;
  object_type_id: number;
  object_type: string;
  external_id: string;
  status: CsoStatus;
  mvo_id: number | null;
  join_type: JoinType;
  attributes: string;
  created_at: string;
  last_updated_at: string | null;
}

function fromRow(row: CsoRow): ConnectorSpaceObject {
  return {
    id: row.id,
    externalId: row.external_id,
    objectType: row.object_type,
    status: row.status,
    mvoId: row.mvo_id,
    joinType: row.join_type,
    attributes: JSON.parse(row.attributes) as AttributeValues,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
  };
}

const SELECT_WITH_TYPE = `SELECT c.*, t.name AS object_type FROM connector_space_objects c
  JOIN object_types t ON t.id = c.object_type_id`;

export interface CsoFilter {
  systemId: number;
  search?: string | undefined;
  status?: CsoStatus | undefined;
  /** One of the pending views (Search Connector Space scopes). */
  scope?: CsScope | undefined;
  offset: number;
  limit: number;
}

export function listConnectorSpace(db: ReadDb, filter: CsoFilter): Page<ConnectorSpaceObject> {
  const where = ['c.connected_system_id = ?'];
  const params: (string | number)[] = [filter.systemId];
  if (filter.status) {
    where.push('c.status = ?');
    params.push(filter.status);
  }
  if (filter.scope) where.push(CS_SCOPE_PREDICATES[filter.scope]);
  if (filter.search) {
    // Values live in one JSON document per object, so "attribute value contains" is a LIKE over it.
    where.push("(c.external_id LIKE ? ESCAPE '\\' OR c.attributes LIKE ? ESCAPE '\\')");
    const pattern = likePattern(filter.search);
    params.push(pattern, pattern);
  }
  const clause = where.join(' AND ');
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM connector_space_objects c WHERE ${clause}`).get(...params) as { n: number }
  ).n;
  const rows = db
    .prepare(`${SELECT_WITH_TYPE} WHERE ${clause} ORDER BY c.id LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset) as CsoRow[];
  return { rows: rows.map(fromRow), total };
}

export function getConnectorSpaceObject(db: ReadDb, id: number): ConnectorSpaceObject | undefined {
  const row = db.prepare(`${SELECT_WITH_TYPE} WHERE c.id = ?`).get(id) as CsoRow | undefined;
  return row && fromRow(row);
}

/** A system's objects with this external ID (one per object type that has it). */
export function findConnectorSpaceByExternalId(db: ReadDb, systemId: number, externalId: string): ConnectorSpaceObject[] {
  return (
    db
      .prepare(`${SELECT_WITH_TYPE} WHERE c.connected_system_id = ? AND c.external_id = ? ORDER BY t.name`)
      .all(systemId, externalId) as CsoRow[]
  ).map(fromRow);
}

export function countConnectorSpace(db: ReadDb, systemId: number): number {
  return (
    db.prepare('SELECT COUNT(*) AS n FROM connector_space_objects WHERE connected_system_id = ?').get(systemId) as {
      n: number;
    }
  ).n;
}

/** What the import needs of a stored object to decide skip / diff. */
export interface StoredCso {
  id: number;
  status: CsoStatus;
  attributes: string;
  importHash: string | null;
  schemaFingerprint: string | null;
}

/**
 * The import's hot path: statements prepared once per run and reused for every row, so a
 * batch costs one lookup and at most one write per object.
 */
export interface CsoImportStatements {
  find(objectTypeId: number, externalId: string): StoredCso | undefined;
  insert(row: {
    objectTypeId: number;
    externalId: string;
    attributes: string;
    importHash: string | null;
    fingerprint: string;
    now: string;
  }): number;
  update(row: { id: number; attributes: string; importHash: string | null; fingerprint: string; now: string }): void;
  /** A stored object that did not change but whose hash is missing or stale: stamp it so the next run skips it. */
  stamp(row: { id: number; importHash: string | null; fingerprint: string }): void;
  markObsolete(id: number, now: string): void;
  /** Keyset page over the system's objects that are not yet obsolete, for deletion detection. */
  pageLive(afterId: number, limit: number): { id: number; objectTypeId: number; externalId: string }[];
}

export function prepareCsoImportStatements(db: WriteDb, systemId: number): CsoImportStatements {
  const find = db.prepare(
    `SELECT id, status, attributes, import_hash AS importHash, schema_fingerprint AS schemaFingerprint
       FROM connector_space_objects WHERE connected_system_id = ? AND object_type_id = ? AND external_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO connector_space_objects (connected_system_id, object_type_id, external_id, status, attributes,
       import_hash, schema_fingerprint, created_at, last_updated_at) VALUES (?, ?, ?, 'normal', ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE connector_space_objects SET attributes = ?, import_hash = ?, schema_fingerprint = ?, status = 'normal',
       last_updated_at = ? WHERE id = ?`,
  );
  const stamp = db.prepare('UPDATE connector_space_objects SET import_hash = ?, schema_fingerprint = ? WHERE id = ?');
  const obsolete = db.prepare(
    "UPDATE connector_space_objects SET status = 'obsolete', import_hash = NULL, last_updated_at = ? WHERE id = ?",
  );
  const pageLive = db.prepare(
    `SELECT id, object_type_id AS objectTypeId, external_id AS externalId FROM connector_space_objects
      WHERE connected_system_id = ? AND id > ? AND status != 'obsolete' ORDER BY id LIMIT ?`,
  );
  return {
    find: (objectTypeId, externalId) => find.get(systemId, objectTypeId, externalId) as StoredCso | undefined,
    insert: (r) =>
      Number(
        insert.run(systemId, r.objectTypeId, r.externalId, r.attributes, r.importHash, r.fingerprint, r.now, r.now)
          .lastInsertRowid,
      ),
    update: (r) => {
      update.run(r.attributes, r.importHash, r.fingerprint, r.now, r.id);
    },
    stamp: (r) => {
      stamp.run(r.importHash, r.fingerprint, r.id);
    },
    markObsolete: (id, now) => {
      obsolete.run(now, id);
    },
    pageLive: (afterId, limit) =>
      pageLive.all(systemId, afterId, limit) as { id: number; objectTypeId: number; externalId: string }[],
  };
}
