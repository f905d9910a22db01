import { getJobForActivity, type ReadDb } from '../store';
import { isJobOwnerAlive, isUnresponsive } from './recovery';

/**
 * Cancellation reaches a run through its event loop, so a run that has stopped answering cannot
 * hear it: its process is stopped instead. Its system is released once the process is gone (by
 * whoever started it, or by recovery), never before. Returns whether a process was stopped.
 */
export function stopUnresponsiveRun(db: ReadDb, activityId: number, now = Date.now()): boolean {
  const job = getJobForActivity(db, activityId);
  if (!job || !isUnresponsive(job, now) || !isJobOwnerAlive(job)) return false;
  try {
    process.kill(job.ownerPid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}
