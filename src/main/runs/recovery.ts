import type { ActivitySummary } from '../../shared/model';
import {
  deleteJobForActivity,
  finishActivity,
  getActivity,
  getJobForActivity,
  listInProgressActivityIds,
  setInProgressWarning,
  type RunJob,
  type WriteDb,
} from '../store';
import { HEARTBEAT_STALE_MS, isSameProcessAlive, type ProcessIdentity } from './process-liveness';

/** The warning an unresponsive run carries while it is flagged; recognised by its start to clear it again. */
const UNRESPONSIVE = 'Unresponsive:';

export function jobOwner(job: RunJob): ProcessIdentity {
  return { pid: job.ownerPid, startedAt: job.ownerStartedAt };
}

/** The process answering for the job (running it, or due to start it) still exists. */
export function isJobOwnerAlive(job: RunJob): boolean {
  return isSameProcessAlive(jobOwner(job));
}

/** A running job whose process lives but has not heartbeat lately: flagged, never released on that ground. */
export function isUnresponsive(job: RunJob, now = Date.now()): boolean {
  return job.state === 'running' && now - job.heartbeatAt >= HEARTBEAT_STALE_MS;
}

type Verdict =
  | { kind: 'fail'; reason: string }
  | { kind: 'cancelQueued' }
  | { kind: 'flag'; warning: string }
  | { kind: 'unflag' }
  | { kind: 'leave' };

function judge(activity: ActivitySummary, job: RunJob | undefined, now: number): Verdict {
  if (!job) return { kind: 'fail', reason: 'Interrupted: the run ended without recording a result' };
  const flagged = activity.warningMessage?.startsWith(UNRESPONSIVE) ?? false;
  if (isJobOwnerAlive(job)) {
    if (isUnresponsive(job, now)) {
      if (flagged) return { kind: 'leave' };
      const seconds = Math.round((now - job.heartbeatAt) / 1000);
      return {
        kind: 'flag',
        warning: `${UNRESPONSIVE} its run process (pid ${job.ownerPid}) has not reported for ${seconds} s. It still runs and keeps ${activity.systemName} reserved until it ends; cancelling it stops the process.`,
      };
    }
    return flagged ? { kind: 'unflag' } : { kind: 'leave' };
  }
  if (job.state === 'running') {
    return { kind: 'fail', reason: `Interrupted: the process running it (pid ${job.ownerPid}) ended before the run finished` };
  }
  // A queued run whose owner died before starting it. A step of a schedule execution belongs to
  // its coordinator, which is gone too; any other run is adopted by the next host (adoption.ts).
  if (activity.parentActivityId !== null) {
    return { kind: 'fail', reason: `Interrupted: the process coordinating its schedule (pid ${job.ownerPid}) ended before it started` };
  }
  return activity.cancelRequested ? { kind: 'cancelQueued' } : { kind: 'leave' };
}

/**
 * An activity is never left inProgress for a run that cannot finish: one whose job is gone, or
 * whose process has ended, is failed as interrupted. Only the end of the process counts (its pid
 * and start time), never a quiet heartbeat: that only flags the run as unresponsive. Safe to call
 * from any process sharing the database, at any time: a batch that was being written when its
 * process died was rolled back by SQLite.
 */
export function recoverInterruptedRuns(db: WriteDb, now = Date.now()): number[] {
  // Look before taking the write lock: main calls this often, and waiting behind a run
  // process's batch transaction would stall its event loop for nothing.
  const verdictFor = (activityId: number): Verdict => {
    const activity = getActivity(db, activityId);
    return activity?.status === 'inProgress' ? judge(activity, getJobForActivity(db, activityId), now) : { kind: 'leave' };
  };
  if (listInProgressActivityIds(db).every((id) => verdictFor(id).kind === 'leave')) return [];
  const recovered: number[] = [];
  const sweep = db.transaction(() => {
    for (const activityId of listInProgressActivityIds(db)) {
      const verdict = verdictFor(activityId);
      if (verdict.kind === 'flag') setInProgressWarning(db, activityId, verdict.warning);
      if (verdict.kind === 'unflag') setInProgressWarning(db, activityId, null);
      if (verdict.kind !== 'fail' && verdict.kind !== 'cancelQueued') continue;
      const outcome =
        verdict.kind === 'fail'
          ? { status: 'failedWithError' as const, errorMessage: verdict.reason }
          : { status: 'cancelled' as const, message: 'Cancelled before it started', step: 'Cancelled' };
      if (finishActivity(db, activityId, outcome)) recovered.push(activityId);
      deleteJobForActivity(db, activityId);
    }
  });
  sweep.immediate();
  return recovered;
}
