import type { DeletionRule, MetaverseSchema, MvAttribute, MvAttributeType, MvObjectType } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';

interface TypeRow {
  id: number;
  name: string;
  built_in: number;
  deletion_rule: DeletionRule;
  deletion_grace_seconds: number;
  deletion_trigger_system_ids: string;
}

interface AttributeRow {
  id: number;
  name: string;
  type: MvAttributeType;
  multi_valued: number;
  built_in: number;
}

/**
 * The metaverse schema, with object and value counts for the admin (deleting or unbinding is
 * refused while values exist). The counts scan every object: the sync engine asks without them.
 */
export function readMetaverseSchema(db: ReadDb, options: { counts: boolean } = { counts: true }): MetaverseSchema {
  const types = db.prepare('SELECT * FROM mv_object_types ORDER BY id').all() as TypeRow[];
  const attributes = db.prepare('SELECT * FROM mv_attributes ORDER BY name').all() as AttributeRow[];
  const bindings = db.prepare('SELECT object_type_id, attribute_id FROM mv_attribute_bindings').all() as {
    object_type_id: number;
    attribute_id: number;
  }[];
  const counts = new Map<number, number>();
  // One pass over every object's values for all attributes, not one scan per attribute.
  const valueCounts = new Map<string, number>();
  if (options.counts) {
    const held = db
      .prepare('SELECT lower(e.key) AS name, COUNT(*) AS n FROM metaverse_objects m, json_each(m.attributes) e GROUP BY lower(e.key)')
      .all() as { name: string; n: number }[];
    for (const r of held) valueCounts.set(r.name, r.n);
    const rows = db.prepare('SELECT object_type_id, COUNT(*) AS n FROM metaverse_objects GROUP BY object_type_id').all() as {
      object_type_id: number;
      n: number;
    }[];
    for (const r of rows) counts.set(r.object_type_id, r.n);
  }
  const objectTypes: MvObjectType[] = types.map((t) => ({
    id: t.id,
    name: t.name,
    builtIn: t.built_in === 1,
    deletionRule: t.deletion_rule,
    deletionGraceSeconds: t.deletion_grace_seconds,
    deletionTriggerSystemIds: JSON.parse(t.deletion_trigger_system_ids) as number[],
    attributeIds: bindings.filter((b) => b.object_type_id === t.id).map((b) => b.attribute_id),
    objectCount: counts.get(t.id) ?? 0,
  }));
  const mvAttributes: MvAttribute[] = attributes.map((a) => ({
    id: a.id,
    name: a.name,
    type: a.type,
    multiValued: a.multi_valued === 1,
    builtIn: a.built_in === 1,
    boundTypeIds: bindings.filter((b) => b.attribute_id === a.id).map((b) => b.object_type_id),
    valueCount: valueCounts.get(a.name.toLowerCase()) ?? 0,
  }));
  return { objectTypes, attributes: mvAttributes };
}

/** How many metaverse objects hold a value for the attribute. */
export function countAttributeValues(db: ReadDb, name: string, objectTypeId?: number): number {
  const path = jsonPath(name);
  const sql = `SELECT COUNT(*) AS n FROM metaverse_objects WHERE json_extract(attributes, ?) IS NOT NULL${
    objectTypeId === undefined ? '' : ' AND object_type_id = ?'
  }`;
  const params: (string | number)[] = objectTypeId === undefined ? [path] : [path, objectTypeId];
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** A JSON path for a key that may hold spaces or dots. */
export function jsonPath(key: string): string {
  return `$."${key.replace(/"/g, '\\"')}"`;
}

export function insertMvObjectType(db: WriteDb, name: string): number {
  const id = Number(db.prepare('INSERT INTO mv_object_types (name) VALUES (?)').run(name).lastInsertRowid);
  touchConfig(db);
  return id;
}

export function updateMvObjectTypeDeletion(
  db: WriteDb,
  id: number,
  rule: { deletionRule: DeletionRule; deletionGraceSeconds: number; deletionTriggerSystemIds: number[] },
): void {
  db.prepare(
    'UPDATE mv_object_types SET deletion_rule = ?, deletion_grace_seconds = ?, deletion_trigger_system_ids = ? WHERE id = ?',
  ).run(rule.deletionRule, rule.deletionGraceSeconds, JSON.stringify(rule.deletionTriggerSystemIds), id);
  touchConfig(db);
}

export function insertMvAttribute(
  db: WriteDb,
  input: { name: string; type: MvAttributeType; multiValued: boolean },
): number {
  const id = Number(
    db
      .prepare('INSERT INTO mv_attributes (name, type, multi_valued) VALUES (?, ?, ?)')
      .run(input.name, input.type, input.multiValued ? 1 : 0).lastInsertRowid,
  );
  touchConfig(db);
  return id;
}

export function renameMvAttribute(db: WriteDb, id: number, name: string): void {
  db.prepare('UPDATE mv_attributes SET name = ? WHERE id = ?').run(name, id);
  touchConfig(db);
}

export function setMvAttributeBindings(db: WriteDb, attributeId: number, typeIds: number[]): void {
  db.prepare('DELETE FROM mv_attribute_bindings WHERE attribute_id = ?').run(attributeId);
  const bind = db.prepare('INSERT INTO mv_attribute_bindings (object_type_id, attribute_id) VALUES (?, ?)');
  for (const typeId of typeIds) bind.run(typeId, attributeId);
  touchConfig(db);
}

export function deleteMvAttribute(db: WriteDb, id: number): void {
  db.prepare('DELETE FROM mv_attributes WHERE id = ?').run(id);
  touchConfig(db);
}

/** Any change to rules, priorities or the metaverse schema: full syncs re-evaluate every object after it. */
export function touchConfig(db: WriteDb): void {
  db.prepare('UPDATE config_state SET changed_at = ? WHERE id = 1').run(nowIso());
}

export function configChangedAt(db: ReadDb): string {
  return (db.prepare('SELECT changed_at FROM config_state WHERE id = 1').get() as { changed_at: string }).changed_at;
}
