import type { ReadDb } from '../database';

/** How many objects a sync will look at, so the progress bar can show a percentage. */
export function countObjectsToSync(db: ReadDb, systemId: number, since: string | null): number {
  const row =
    since === null
      ? db.prepare('SELECT COUNT(*) AS n FROM connector_space_objects WHERE connected_system_id = ?').get(systemId)
      : db
          .prepare('SELECT COUNT(*) AS n FROM connector_space_objects WHERE connected_system_id = ? AND last_updated_at > ?')
          .get(systemId, since);
  return (row as { n: number }).n;
}
