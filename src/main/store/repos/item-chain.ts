import type { ChainItem, ExecutionItemChain } from '../../../shared/contract/execution-items';
import type { RunType } from '../../../shared/model';
import type { ReadDb } from '../database';
import { executionItemFromRow, type ExecutionItemRow } from './execution-items';
import { getPendingExport } from './pending-exports';

interface ChainRow extends ExecutionItemRow {
  a_system_id: number | null;
  a_system_name: string;
  a_run_profile_name: string;
  a_run_type: RunType | null;
  a_created_at: string;
}

const SELECT = `SELECT i.*, a.connected_system_id AS a_system_id, a.system_name AS a_system_name,
    a.run_profile_name AS a_run_profile_name, a.run_type AS a_run_type, a.created_at AS a_created_at
  FROM execution_items i JOIN activities a ON a.id = i.activity_id`;

const IMPORTS = "a.run_type IN ('fullImport', 'deltaImport')";
const SYNCS = "a.run_type IN ('fullSync', 'deltaSync')";
const EXPORTS = "a.run_type = 'export'";

function chainItem(row: ChainRow | undefined): ChainItem | null {
  if (!row) return null;
  return {
    item: executionItemFromRow(row),
    activity: {
      id: row.activity_id,
      systemId: row.a_system_id,
      systemName: row.a_system_name,
      runProfileName: row.a_run_profile_name,
      runType: row.a_run_type,
      createdAt: row.a_created_at,
    },
  };
}

const kindOf = (runType: RunType | null): 'import' | 'sync' | 'export' | null =>
  runType === 'fullImport' || runType === 'deltaImport' ? 'import' : runType === 'fullSync' || runType === 'deltaSync' ? 'sync' : runType === 'export' ? 'export' : null;

/**
 * The chain around one execution item. Items are ordered by id, which is the order they were
 * written in, so "before" and "after" are id comparisons on the objects involved.
 */
export function executionItemChain(db: ReadDb, itemId: number): ExecutionItemChain | undefined {
  const one = (where: string, ...params: (number | string)[]): ChainRow | undefined =>
    db.prepare(`${SELECT} WHERE ${where} LIMIT 1`).get(...params) as ChainRow | undefined;
  const start = one('i.id = ?', itemId);
  if (!start) return undefined;
  let importRow: ChainRow | undefined;
  let syncRow: ChainRow | undefined;
  const kind = kindOf(start.a_run_type);
  if (kind === 'import') {
    importRow = start;
    if (start.cso_id !== null) syncRow = one(`i.cso_id = ? AND i.id > ? AND ${SYNCS} ORDER BY i.id`, start.cso_id, start.id);
  } else if (kind === 'sync') {
    syncRow = start;
  } else if (kind === 'export' && start.mvo_id !== null) {
    // The sync that staged this export acted on the identity through its source object.
    syncRow = one(`i.mvo_id = ? AND i.id < ? AND ${SYNCS} ORDER BY i.id DESC`, start.mvo_id, start.id);
  }
  if (kind !== 'import' && syncRow?.cso_id != null) {
    importRow = one(`i.cso_id = ? AND i.id < ? AND ${IMPORTS} ORDER BY i.id DESC`, syncRow.cso_id, syncRow.id);
  }
  const mvoId = syncRow?.mvo_id ?? start.mvo_id ?? importRow?.mvo_id ?? currentMvo(db, start.cso_id);
  const sourceCso = syncRow?.cso_id ?? importRow?.cso_id ?? null;
  const after = syncRow?.id ?? importRow?.id ?? start.id;

  const pendingExports: ExecutionItemChain['pendingExports'] = [];
  let exportItems: ChainItem[] = [];
  if (kind === 'export') exportItems = [chainItem(start)].filter((c): c is ChainItem => c !== null);
  else if (mvoId !== null) {
    const targets = (
      db.prepare('SELECT id FROM connector_space_objects WHERE mvo_id = ? AND id IS NOT ? ORDER BY id').all(mvoId, sourceCso) as { id: number }[]
    ).map((r) => r.id);
    exportItems = targets
      .map((csoId) => chainItem(one(`i.cso_id = ? AND i.id > ? AND ${EXPORTS} ORDER BY i.id`, csoId, after)))
      .filter((c): c is ChainItem => c !== null);
  }
  if (mvoId !== null) {
    const rows = db
      .prepare(
        `SELECT p.id, s.name AS system_name FROM pending_exports p JOIN connected_systems s ON s.id = p.connected_system_id
          JOIN connector_space_objects c ON c.id = p.cso_id WHERE c.mvo_id = ? OR p.source_mvo_id = ? ORDER BY p.id`,
      )
      .all(mvoId, mvoId) as { id: number; system_name: string }[];
    for (const row of rows) {
      const pending = getPendingExport(db, row.id);
      if (pending) pendingExports.push({ ...pending, systemName: row.system_name });
    }
  }
  return { importItem: chainItem(importRow), syncItem: chainItem(syncRow), mvoId, pendingExports, exportItems };
}

function currentMvo(db: ReadDb, csoId: number | null): number | null {
  if (csoId === null) return null;
  const row = db.prepare('SELECT mvo_id FROM connector_space_objects WHERE id = ?').get(csoId) as { mvo_id: number | null } | undefined;
  return row?.mvo_id ?? null;
}
