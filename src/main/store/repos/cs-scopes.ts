import type { CsScope, SystemScopeCounts } from '../../../shared/model/drill-down';
import { CS_SCOPES } from '../../../shared/model/drill-down';
import type { ReadDb } from '../database';

const pendingExport = (where: string) => `EXISTS (SELECT 1 FROM pending_exports p WHERE p.cso_id = c.id AND ${where})`;

/** Each scope as a condition on a connector space object `c` (pending_exports.cso_id is unique, so each EXISTS is one lookup). */
export const CS_SCOPE_PREDICATES: Record<CsScope, string> = {
  pendingExport: pendingExport("p.status = 'pending'"),
  pendingExportAdds: pendingExport("p.status = 'pending' AND p.change_type = 'create'"),
  pendingExportUpdates: pendingExport("p.status = 'pending' AND p.change_type = 'update'"),
  pendingExportDeletes: pendingExport("p.status = 'pending' AND p.change_type = 'delete'"),
  exportErrors: pendingExport("(p.status = 'failed' OR p.error_count > 0)"),
  notConfirmed: pendingExport("p.status = 'exportNotConfirmed'"),
  disconnectors: "(c.mvo_id IS NULL AND c.status != 'obsolete')",
  obsolete: "c.status = 'obsolete'",
};

function emptyCounts(): Record<CsScope, number> {
  return Object.fromEntries(CS_SCOPES.map((s) => [s, 0])) as Record<CsScope, number>;
}

/**
 * How many objects each scope holds, for one system or all of them. The pending-export scopes
 * are counted from pending_exports (its system/status index), the rest from the connector space.
 */
export function scopeCounts(db: ReadDb, systemId?: number): SystemScopeCounts[] {
  const systems = (
    systemId === undefined
      ? db.prepare('SELECT id FROM connected_systems ORDER BY id').all()
      : db.prepare('SELECT id FROM connected_systems WHERE id = ?').all(systemId)
  ) as { id: number }[];
  const exports = db.prepare(
    `SELECT
       COALESCE(SUM(status = 'pending'), 0) AS pendingExport,
       COALESCE(SUM(status = 'pending' AND change_type = 'create'), 0) AS pendingExportAdds,
       COALESCE(SUM(status = 'pending' AND change_type = 'update'), 0) AS pendingExportUpdates,
       COALESCE(SUM(status = 'pending' AND change_type = 'delete'), 0) AS pendingExportDeletes,
       COALESCE(SUM(status = 'failed' OR error_count > 0), 0) AS exportErrors,
       COALESCE(SUM(status = 'exportNotConfirmed'), 0) AS notConfirmed
     FROM pending_exports WHERE connected_system_id = ?`,
  );
  const objects = db.prepare(
    `SELECT COALESCE(SUM(mvo_id IS NULL AND status != 'obsolete'), 0) AS disconnectors,
            COALESCE(SUM(status = 'obsolete'), 0) AS obsolete
       FROM connector_space_objects WHERE connected_system_id = ?`,
  );
  return systems.map(({ id }) => ({
    systemId: id,
    counts: {
      ...emptyCounts(),
      ...(exports.get(id) as Partial<Record<CsScope, number>>),
      ...(objects.get(id) as Partial<Record<CsScope, number>>),
    },
  }));
}
