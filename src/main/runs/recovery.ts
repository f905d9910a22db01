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
  const recovered: number[] = [];
  const sweep = db.transaction(() => {
    for (const activityId of listInProgressActivityIds(db)) {
      const job = getJobForActivity(db, activityId);
      if (job && isOwnerAlive(job, now)) continue;
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
