import { adoptQueuedJob, getActivity, listJobs, type WriteDb } from '../store';
import type { ProcessIdentity } from './process-liveness';
import { isJobOwnerAlive, jobOwner } from './recovery';

/**
 * A queued run outlives the process that queued it: when that process (a CLI that exited, an app
 * that closed, a detached run process killed while waiting) is gone before the run started, the
 * next host to look takes the job over instead of failing it. Steps of schedule executions are
 * not adopted: without their coordinator they are failed as interrupted (recovery.ts).
 * Returns the activity ids now owned by `adopter`.
 */
export function adoptOrphanedRuns(db: WriteDb, adopter: ProcessIdentity): number[] {
  const isOrphan = (job: ReturnType<typeof listJobs>[number]): boolean => {
    if (job.state !== 'queued' || isJobOwnerAlive(job)) return false;
    const activity = getActivity(db, job.activityId);
    return activity?.status === 'inProgress' && activity.parentActivityId === null && !activity.cancelRequested;
  };
  const orphans = listJobs(db).filter(isOrphan);
  if (orphans.length === 0) return [];
  const adopt = db.transaction(() =>
    orphans.filter((job) => adoptQueuedJob(db, job.id, jobOwner(job), adopter)).map((job) => job.activityId),
  );
  return adopt.immediate();
}
