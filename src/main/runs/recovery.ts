import {
  deleteJobForActivity,
  finishActivity,
  getJobForActivity,
  listInProgressActivityIds,
  type WriteDb,
} from '../store';
import { isOwnerAlive } from './process-liveness';

/**
 * An activity is never left inProgress: any whose job is gone, or whose owning process is dead,
 * is failed as interrupted. Safe to call from any process sharing the database, at any time: a
 * batch that was being written when its process died was rolled back by SQLite.
 */
export function recoverInterruptedRuns(db: WriteDb, now = Date.now()): number[] {
  // Look before taking the write lock: main calls this often, and waiting behind a run
  // process's batch transaction would stall its event loop for nothing.
  const isOrphan = (activityId: number): boolean => {
    const job = getJobForActivity(db, activityId);
    return !job || !isOwnerAlive(job, now);
  };
  if (!listInProgressActivityIds(db).some(isOrphan)) return [];
  const recovered: number[] = [];
  const sweep = db.transaction(() => {
    for (const activityId of listInProgressActivityIds(db)) {
      const job = getJobForActivity(db, activityId);
      if (!isOrphan(activityId)) continue;
      const reason = job
        ? `Interrupted: the process running it (pid ${job.ownerPid}) ended before the run finished`
        : 'Interrupted: the run ended without recording a result';
      if (finishActivity(db, activityId, { status: 'failedWithError', errorMessage: reason })) {
        recovered.push(activityId);
      }
      deleteJobForActivity(db, activityId);
    }
  });
  sweep.immediate();
  return recovered;
}
