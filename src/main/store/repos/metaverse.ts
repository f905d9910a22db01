import type {
  AttributeValues,
  Contribution,
  MetaverseObjectDetail,
  MetaverseObjectSummary,
  Page,
} from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import type { MvCondition } from '../../../shared/model/drill-down';
import { escapeLike, likePattern } from './execution-items';
import { jsonPath } from './mv-schema';

/** Stored provenance per attribute: which system and rule supplied its values. */
export type StoredContributors = Record<string, { systemId: number; syncRuleId: number }>;

export interface StoredMvo {
  id: number;
  objectTypeId: number;
  origin: 'projected' | 'internal';
  attributes: AttributeValues;
  contributors: StoredContributors;
  deletionDueAt: string | null;
}

interface MvoRow {
  id: number;
  object_type_id: number;
  object_type: string;
  origin: 'projected' | 'internal';
  attributes: string;
  contributors: string;
  created_at: string;
  last_updated_at: string | null;
  deletion_due_at: string | null;
  deletion_triggered_by: string | null;
}

export function displayNameOf(attributes: AttributeValues, fallback: string): string {
  for (const key of Object.keys(attributes)) {
    const lower = key.toLowerCase();
    if (lower === 'displayname' || lower === 'cn' || lower === 'name') {
      const value = attributes[key];
      const text = Array.isArray(value) ? value[0] : value;
      if (text !== undefined && String(text).trim() !== '') return String(text);
    }
  }
  return fallback;
}

function summaryFromRow(row: MvoRow): MetaverseObjectSummary {
  const attributes = JSON.parse(row.attributes) as AttributeValues;
  return {
    id: row.id,
    objectType: row.object_type,
    displayName: displayNameOf(attributes, `#${row.id}`),
    attributes,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    deletionDueAt: row.deletion_due_at,
  };
}

const SELECT = `SELECT m.*, t.name AS object_type FROM metaverse_objects m JOIN mv_object_types t ON t.id = m.object_type_id`;

export interface MvSearch {
  objectType?: string | undefined;
  where: MvCondition[];
  text?: string | undefined;
  offset: number;
  limit: number;
}

// json_each yields one row for a scalar and one per value of a list; numbers and booleans are
// compared as the text an admin types (true/false, 5).
const VALUE_TEXT = "(CASE e.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(e.value AS TEXT) END)";
const anyValue = (test: string) => `EXISTS (SELECT 1 FROM json_each(m.attributes, ?) e WHERE ${test})`;

/** A condition as SQL over `m` with its parameters: a multi-valued attribute matches when any value does. */
function conditionSql(condition: MvCondition): { sql: string; params: string[] } {
  const path = jsonPath(condition.attribute);
  switch (condition.operator) {
    case 'equals':
      return { sql: anyValue(`${VALUE_TEXT} = ? COLLATE NOCASE`), params: [path, condition.value] };
    case 'startsWith':
      return { sql: anyValue(`${VALUE_TEXT} LIKE ? ESCAPE '\\'`), params: [path, `${escapeLike(condition.value)}%`] };
    case 'contains':
      return { sql: anyValue(`${VALUE_TEXT} LIKE ? ESCAPE '\\'`), params: [path, likePattern(condition.value)] };
    case 'isPresent':
      return { sql: anyValue(`${VALUE_TEXT} != ''`), params: [path] };
    case 'isNotPresent':
      return { sql: `NOT ${anyValue(`${VALUE_TEXT} != ''`)}`, params: [path] };
  }
}

/** Every condition must hold (AND); text is a contains-search over all values. */
export function searchMetaverse(db: ReadDb, search: MvSearch): Page<MetaverseObjectSummary> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (search.objectType) {
    where.push('t.name = ?');
    params.push(search.objectType);
  }
  for (const condition of search.where) {
    const { sql, params: values } = conditionSql(condition);
    where.push(sql);
    params.push(...values);
  }
  if (search.text) {
    where.push("m.attributes LIKE ? ESCAPE '\\'");
    params.push(likePattern(search.text));
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db
      .prepare(`SELECT COUNT(*) AS n FROM metaverse_objects m JOIN mv_object_types t ON t.id = m.object_type_id ${clause}`)
      .get(...params) as { n: number }
  ).n;
  const rows = db.prepare(`${SELECT} ${clause} ORDER BY m.id LIMIT ? OFFSET ?`).all(...params, search.limit, search.offset) as MvoRow[];
  return { rows: rows.map(summaryFromRow), total };
}

export function getMetaverseDetail(db: ReadDb, id: number): MetaverseObjectDetail | undefined {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as MvoRow | undefined;
  if (!row) return undefined;
  const summary = summaryFromRow(row);
  const stored = JSON.parse(row.contributors) as StoredContributors;
  const systemName = db.prepare('SELECT name FROM connected_systems WHERE id = ?');
  const ruleName = db.prepare('SELECT name FROM sync_rules WHERE id = ?');
  const contributions: Record<string, Contribution> = {};
  for (const [attribute, c] of Object.entries(stored)) {
    contributions[attribute] = {
      systemId: c.systemId,
      systemName: (systemName.get(c.systemId) as { name: string } | undefined)?.name ?? `system ${c.systemId}`,
      syncRuleId: c.syncRuleId,
      syncRuleName: (ruleName.get(c.syncRuleId) as { name: string } | undefined)?.name ?? `rule ${c.syncRuleId}`,
    };
  }
  const referenceAttributes = (
    db.prepare("SELECT name FROM mv_attributes WHERE type = 'reference'").all() as { name: string }[]
  ).map((a) => a.name);
  const references: MetaverseObjectDetail['references'] = {};
  const referenced = db.prepare('SELECT id, attributes FROM metaverse_objects WHERE id = ?');
  for (const name of referenceAttributes) {
    const key = Object.keys(summary.attributes).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : summary.attributes[key];
    if (value === undefined) continue;
    const ids = (Array.isArray(value) ? value : [value]).map(Number);
    references[key ?? name] = ids.map((refId) => {
      const target = referenced.get(refId) as { id: number; attributes: string } | undefined;
      return {
        id: refId,
        displayName: target ? displayNameOf(JSON.parse(target.attributes) as AttributeValues, `#${refId}`) : `#${refId} (deleted)`,
      };
    });
  }
  const lineage = db
    .prepare(
      `SELECT c.id AS csoId, c.connected_system_id AS systemId, s.name AS systemName, t.name AS objectType,
              c.external_id AS externalId, c.status, c.join_type AS joinType, c.joined_at AS joinedAt
         FROM connector_space_objects c
         JOIN connected_systems s ON s.id = c.connected_system_id
         JOIN object_types t ON t.id = c.object_type_id
        WHERE c.mvo_id = ? ORDER BY s.name`,
    )
    .all(id) as MetaverseObjectDetail['lineage'];
  return {
    ...summary,
    origin: row.origin,
    contributions,
    references,
    lineage,
    deletionTriggeredBy: row.deletion_triggered_by,
  };
}

/** Statements for the sync engine, prepared once per run. */
export function prepareMetaverseStatements(db: WriteDb) {
  const load = db.prepare(
    'SELECT id, object_type_id, origin, attributes, contributors, deletion_due_at FROM metaverse_objects WHERE id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO metaverse_objects (object_type_id, origin, attributes, contributors, created_at, last_updated_at)
     VALUES (?, 'projected', ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    'UPDATE metaverse_objects SET attributes = ?, contributors = ?, last_updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare('DELETE FROM metaverse_objects WHERE id = ?');
  const markDeletion = db.prepare(
    'UPDATE metaverse_objects SET deletion_due_at = ?, deletion_triggered_by = ? WHERE id = ?',
  );
  const clearMatch = db.prepare('DELETE FROM mv_match_values WHERE mvo_id = ? AND attribute = ?');
  const addMatch = db.prepare('INSERT INTO mv_match_values (mvo_id, attribute, value) VALUES (?, ?, ?)');
  const matchExact = db.prepare(
    `SELECT DISTINCT v.mvo_id AS id FROM mv_match_values v JOIN metaverse_objects m ON m.id = v.mvo_id
      WHERE v.attribute = ? AND v.value = ? AND m.object_type_id = ? LIMIT 2`,
  );
  const matchNoCase = db.prepare(
    `SELECT DISTINCT v.mvo_id AS id FROM mv_match_values v JOIN metaverse_objects m ON m.id = v.mvo_id
      WHERE v.attribute = ? AND v.value = ? COLLATE NOCASE AND m.object_type_id = ? LIMIT 2`,
  );
  const due = db.prepare(
    'SELECT id FROM metaverse_objects WHERE deletion_due_at IS NOT NULL AND deletion_due_at <= ? ORDER BY id LIMIT ?',
  );
  return {
    load(id: number): StoredMvo | undefined {
      const row = load.get(id) as
        | { id: number; object_type_id: number; origin: StoredMvo['origin']; attributes: string; contributors: string; deletion_due_at: string | null }
        | undefined;
      return (
        row && {
          id: row.id,
          objectTypeId: row.object_type_id,
          origin: row.origin,
          attributes: JSON.parse(row.attributes) as AttributeValues,
          contributors: JSON.parse(row.contributors) as StoredContributors,
          deletionDueAt: row.deletion_due_at,
        }
      );
    },
    insert(objectTypeId: number, attributes: AttributeValues, contributors: StoredContributors, now: string): number {
      return Number(
        insert.run(objectTypeId, JSON.stringify(attributes), JSON.stringify(contributors), now, now).lastInsertRowid,
      );
    },
    update(id: number, attributes: AttributeValues, contributors: StoredContributors, now: string): void {
      update.run(JSON.stringify(attributes), JSON.stringify(contributors), now, id);
    },
    remove(id: number): void {
      remove.run(id);
    },
    markDeletion(id: number, dueAt: string | null, triggeredBy: string | null): void {
      markDeletion.run(dueAt, triggeredBy, id);
    },
    setMatchValues(id: number, attribute: string, values: string[]): void {
      clearMatch.run(id, attribute);
      for (const value of values) addMatch.run(id, attribute, value);
    },
    /** For an object created in this run, which has no match values to clear yet. */
    addMatchValues(id: number, attribute: string, values: string[]): void {
      for (const value of values) addMatch.run(id, attribute, value);
    },
    match(attribute: string, value: string, objectTypeId: number, caseSensitive: boolean): number[] {
      const statement = caseSensitive ? matchExact : matchNoCase;
      return (statement.all(attribute, value, objectTypeId) as { id: number }[]).map((r) => r.id);
    },
    dueForDeletion(now: string, limit: number): number[] {
      return (due.all(now, limit) as { id: number }[]).map((r) => r.id);
    },
  };
}

export type MetaverseStatements = ReturnType<typeof prepareMetaverseStatements>;

/**
 * Makes sure mv_match_values holds every value of each attribute a matching rule targets;
 * an attribute seen for the first time is backfilled from the stored objects in one statement.
 */
export function ensureMatchIndex(db: WriteDb, attributes: Iterable<string>): void {
  const known = db.prepare('SELECT 1 FROM mv_match_attributes WHERE attribute = ?');
  const remember = db.prepare('INSERT INTO mv_match_attributes (attribute) VALUES (?)');
  const backfill = db.prepare(
    `INSERT INTO mv_match_values (mvo_id, attribute, value)
     SELECT m.id, ?, CAST(e.value AS TEXT) FROM metaverse_objects m, json_each(m.attributes, ?) e
      WHERE e.value IS NOT NULL`,
  );
  for (const attribute of attributes) {
    if (known.get(attribute)) continue;
    db.transaction(() => {
      backfill.run(attribute, jsonPath(attribute));
      remember.run(attribute);
    }).immediate();
  }
}
