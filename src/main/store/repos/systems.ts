import type { ConnectedSystemSummary, ConnectorType, FileConnectorSettings } from '../../../shared/model';
import { DEFAULT_CHANGE_TYPE_COLUMN, DEFAULT_FILE_ENCODING } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';
import { activityFromRow, type ActivityRow } from './activities';

export interface SystemRow {
  id: number;
  name: string;
  description: string;
  connector_type: ConnectorType;
  settings: string;
  created_at: string;
}

export interface SystemRecord {
  id: number;
  name: string;
  description: string;
  connectorType: ConnectorType;
  settings: FileConnectorSettings;
  createdAt: string;
}

function fromRow(row: SystemRow): SystemRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    connectorType: row.connector_type,
    // Settings stored before a field existed read as its default.
    settings: {
      changeTypeColumn: DEFAULT_CHANGE_TYPE_COLUMN,
      encoding: DEFAULT_FILE_ENCODING,
      ...(JSON.parse(row.settings) as Partial<FileConnectorSettings>),
    } as FileConnectorSettings,
    createdAt: row.created_at,
  };
}

export function getSystem(db: ReadDb, id: number): SystemRecord | undefined {
  const row = db.prepare('SELECT * FROM connected_systems WHERE id = ?').get(id) as SystemRow | undefined;
  return row && fromRow(row);
}

export function findSystemByName(db: ReadDb, name: string): SystemRecord | undefined {
  const row = db.prepare('SELECT * FROM connected_systems WHERE name = ?').get(name) as SystemRow | undefined;
  return row && fromRow(row);
}

export function listSystemSummaries(db: ReadDb): ConnectedSystemSummary[] {
  const rows = db
    .prepare(
      `SELECT s.*,
              (SELECT COUNT(*) FROM connector_space_objects c WHERE c.connected_system_id = s.id) AS object_count,
              (SELECT COUNT(*) FROM run_profiles p WHERE p.connected_system_id = s.id) AS run_profile_count,
              (SELECT MAX(a.id) FROM activities a WHERE a.connected_system_id = s.id) AS last_activity_id
         FROM connected_systems s ORDER BY s.name`,
    )
    .all() as (SystemRow & { object_count: number; run_profile_count: number; last_activity_id: number | null })[];
  const activity = db.prepare('SELECT * FROM activities WHERE id = ?');
  return rows.map((row) => {
    const last = row.last_activity_id === null ? undefined : (activity.get(row.last_activity_id) as ActivityRow);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      connectorType: row.connector_type,
      objectCount: row.object_count,
      runProfileCount: row.run_profile_count,
      lastActivity: last ? activityFromRow(last) : null,
      createdAt: row.created_at,
    };
  });
}

export function insertSystem(
  db: WriteDb,
  input: { name: string; description: string; connectorType: ConnectorType; settings: FileConnectorSettings },
): number {
  const result = db
    .prepare(
      'INSERT INTO connected_systems (name, description, connector_type, settings, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(input.name, input.description, input.connectorType, JSON.stringify(input.settings), nowIso());
  return Number(result.lastInsertRowid);
}

export function updateSystem(
  db: WriteDb,
  id: number,
  input: { name: string; description: string; settings: FileConnectorSettings },
): void {
  db.prepare('UPDATE connected_systems SET name = ?, description = ?, settings = ? WHERE id = ?').run(
    input.name,
    input.description,
    JSON.stringify(input.settings),
    id,
  );
}

export function deleteSystem(db: WriteDb, id: number): void {
  db.prepare('DELETE FROM connected_systems WHERE id = ?').run(id);
}
