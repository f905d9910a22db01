import type { RunProfile, RunType } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';

interface RunProfileRow {
  id: number;
  connected_system_id: number;
  name: string;
  run_type: RunType;
  batch_size: number;
  file_path: string | null;
}

function fromRow(row: RunProfileRow): RunProfile {
  return {
    id: row.id,
    connectedSystemId: row.connected_system_id,
    name: row.name,
    runType: row.run_type,
    batchSize: row.batch_size,
    filePath: row.file_path,
  };
}

export function listRunProfiles(db: ReadDb, systemId: number): RunProfile[] {
  return (
    db.prepare('SELECT * FROM run_profiles WHERE connected_system_id = ? ORDER BY id').all(systemId) as RunProfileRow[]
  ).map(fromRow);
}

export function getRunProfile(db: ReadDb, id: number): RunProfile | undefined {
  const row = db.prepare('SELECT * FROM run_profiles WHERE id = ?').get(id) as RunProfileRow | undefined;
  return row && fromRow(row);
}

export function findRunProfileByName(db: ReadDb, systemId: number, name: string): RunProfile | undefined {
  const row = db
    .prepare('SELECT * FROM run_profiles WHERE connected_system_id = ? AND name = ?')
    .get(systemId, name) as RunProfileRow | undefined;
  return row && fromRow(row);
}

export function insertRunProfile(db: WriteDb, input: Omit<RunProfile, 'id'>): number {
  return Number(
    db
      .prepare(
        'INSERT INTO run_profiles (connected_system_id, name, run_type, batch_size, file_path, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(input.connectedSystemId, input.name, input.runType, input.batchSize, input.filePath, nowIso())
      .lastInsertRowid,
  );
}

export function updateRunProfile(
  db: WriteDb,
  id: number,
  input: { name: string; batchSize: number; filePath: string | null },
): void {
  db.prepare('UPDATE run_profiles SET name = ?, batch_size = ?, file_path = ? WHERE id = ?').run(
    input.name,
    input.batchSize,
    input.filePath,
    id,
  );
}

export function deleteRunProfile(db: WriteDb, id: number): void {
  db.prepare('DELETE FROM run_profiles WHERE id = ?').run(id);
}
