import type { AttributeType, ScalarValue, SchemaAttribute, SchemaObjectType } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';

interface ObjectTypeRow {
  id: number;
  connected_system_id: number;
  name: string;
  selected: number;
}

interface AttributeRow {
  id: number;
  object_type_id: number;
  name: string;
  position: number;
  type: AttributeType;
  multi_valued: number;
  is_external_id: number;
  selected: number;
  type_set_by_admin: number;
}

function attributeFromRow(row: AttributeRow): SchemaAttribute {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    multiValued: row.multi_valued === 1,
    isExternalId: row.is_external_id === 1,
    selected: row.selected === 1,
    typeSetByAdmin: row.type_set_by_admin === 1,
  };
}

export function listObjectTypes(db: ReadDb, systemId: number): SchemaObjectType[] {
  const types = db
    .prepare('SELECT * FROM object_types WHERE connected_system_id = ? ORDER BY name')
    .all(systemId) as ObjectTypeRow[];
  const attributes = db.prepare('SELECT * FROM schema_attributes WHERE object_type_id = ? ORDER BY position');
  return types.map((t) => ({
    id: t.id,
    name: t.name,
    selected: t.selected === 1,
    attributes: (attributes.all(t.id) as AttributeRow[]).map(attributeFromRow),
  }));
}

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  isExternalId: boolean;
}

/**
 * Merges a freshly discovered schema into the stored one. Types and attributes keep their ids
 * (so connector-space rows stay attached); an admin's type override and selection survive;
 * nothing the source stopped reporting is silently deleted.
 */
export function mergeDiscoveredSchema(
  db: WriteDb,
  systemId: number,
  discovered: { name: string; attributes: AttributeDefinition[] }[],
): void {
  const findType = db.prepare('SELECT * FROM object_types WHERE connected_system_id = ? AND name = ?');
  const insertType = db.prepare('INSERT INTO object_types (connected_system_id, name, selected) VALUES (?, ?, 1)');
  const findAttribute = db.prepare('SELECT * FROM schema_attributes WHERE object_type_id = ? AND name = ?');
  const insertAttribute = db.prepare(
    `INSERT INTO schema_attributes (object_type_id, name, position, type, multi_valued, is_external_id, selected)
     VALUES (?, ?, ?, ?, ?, ?, 1)`,
  );
  const updateAttribute = db.prepare(
    'UPDATE schema_attributes SET position = ?, type = ?, multi_valued = ?, is_external_id = ? WHERE id = ?',
  );
  for (const type of discovered) {
    const existing = findType.get(systemId, type.name) as ObjectTypeRow | undefined;
    const typeId = existing ? existing.id : Number(insertType.run(systemId, type.name).lastInsertRowid);
    type.attributes.forEach((attribute, position) => {
      const stored = findAttribute.get(typeId, attribute.name) as AttributeRow | undefined;
      if (!stored) {
        insertAttribute.run(
          typeId,
          attribute.name,
          position,
          attribute.type,
          attribute.multiValued ? 1 : 0,
          attribute.isExternalId ? 1 : 0,
        );
        return;
      }
      const keepAdminChoice = stored.type_set_by_admin === 1;
      updateAttribute.run(
        position,
        keepAdminChoice ? stored.type : attribute.type,
        keepAdminChoice ? stored.multi_valued : attribute.multiValued ? 1 : 0,
        attribute.isExternalId ? 1 : 0,
        stored.id,
      );
    });
  }
}

export function getAttribute(db: ReadDb, attributeId: number): (SchemaAttribute & { objectTypeId: number; systemId: number }) | undefined {
  const row = db
    .prepare(
      `SELECT a.*, t.connected_system_id AS system_id FROM schema_attributes a
         JOIN object_types t ON t.id = a.object_type_id WHERE a.id = ?`,
    )
    .get(attributeId) as (AttributeRow & { system_id: number }) | undefined;
  return row && { ...attributeFromRow(row), objectTypeId: row.object_type_id, systemId: row.system_id };
}

export function updateAttributeDefinition(
  db: WriteDb,
  attributeId: number,
  change: { type?: AttributeType; multiValued?: boolean; selected?: boolean },
): void {
  const current = db.prepare('SELECT * FROM schema_attributes WHERE id = ?').get(attributeId) as AttributeRow;
  const overridesShape = change.type !== undefined || change.multiValued !== undefined;
  db.prepare(
    'UPDATE schema_attributes SET type = ?, multi_valued = ?, selected = ?, type_set_by_admin = ? WHERE id = ?',
  ).run(
    change.type ?? current.type,
    change.multiValued === undefined ? current.multi_valued : change.multiValued ? 1 : 0,
    change.selected === undefined ? current.selected : change.selected ? 1 : 0,
    overridesShape ? 1 : current.type_set_by_admin,
    attributeId,
  );
}

export function setExternalIdAttribute(db: WriteDb, objectTypeId: number, attributeId: number): void {
  db.prepare('UPDATE schema_attributes SET is_external_id = (id = ?) WHERE object_type_id = ?').run(
    attributeId,
    objectTypeId,
  );
  // The anchor is always read, whatever the admin deselected.
  db.prepare('UPDATE schema_attributes SET selected = 1 WHERE id = ?').run(attributeId);
}

export function setObjectTypeSelected(db: WriteDb, objectTypeId: number, selected: boolean): void {
  db.prepare('UPDATE object_types SET selected = ? WHERE id = ?').run(selected ? 1 : 0, objectTypeId);
}

export function objectTypeBelongsTo(db: ReadDb, objectTypeId: number, systemId: number): boolean {
  return (
    db.prepare('SELECT 1 FROM object_types WHERE id = ? AND connected_system_id = ?').get(objectTypeId, systemId) !==
    undefined
  );
}

/** A column an outbound rule writes to a file target, added to its schema so imports read it back. */
export function addSchemaAttribute(
  db: WriteDb,
  objectTypeId: number,
  attribute: { name: string; type: AttributeType; multiValued: boolean },
): void {
  const next = (
    db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM schema_attributes WHERE object_type_id = ?').get(objectTypeId) as {
      n: number;
    }
  ).n;
  db.prepare(
    `INSERT INTO schema_attributes (object_type_id, name, position, type, multi_valued, is_external_id, selected)
     VALUES (?, ?, ?, ?, ?, 0, 1)`,
  ).run(objectTypeId, attribute.name, next, attribute.type, attribute.multiValued ? 1 : 0);
}

interface JsonEntryRow {
  value: string | number | null;
  type: 'null' | 'true' | 'false' | 'integer' | 'real' | 'text' | 'array' | 'object';
}

function scalarOf(row: JsonEntryRow): ScalarValue[] {
  switch (row.type) {
    case 'true':
      return [true];
    case 'false':
      return [false];
    case 'array':
      return (JSON.parse(String(row.value)) as unknown[]).filter(
        (v): v is ScalarValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
      );
    case 'integer':
    case 'real':
    case 'text':
      return row.value === null ? [] : [row.value];
    default:
      return [];
  }
}

/**
 * Every value the connector space holds for one attribute of one object type, one at a time, so a
 * type change can say what it would do to them before it is saved.
 */
export function* storedAttributeValues(db: ReadDb, objectTypeId: number, attributeName: string): Generator<ScalarValue> {
  const rows = db
    .prepare(
      `SELECT j.value AS value, j.type AS type FROM connector_space_objects c, json_each(c.attributes) j
        WHERE c.object_type_id = ? AND j.key = ?`,
    )
    .iterate(objectTypeId, attributeName) as IterableIterator<JsonEntryRow>;
  for (const row of rows) yield* scalarOf(row);
}
