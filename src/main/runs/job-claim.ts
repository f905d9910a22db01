import { getJobForActivity, listJobsForSystem, setJobRunning, type RunJob, type WriteDb } from '../store';
import type { ProcessIdentity } from './process-liveness';
import { isJobOwnerAlive, recoverInterruptedRuns } from './recovery';

export type ClaimResult = { claimed: true } | { claimed: false; waitingFor: number } | { claimed: false; gone: true };

/**
 * The job ahead of this one on its connected system (running, or queued earlier), if any. A
 * running job holds its system for as long as its process exists, however quiet it is.
 */
export function jobAhead(jobs: RunJob[], activityId: number): RunJob | undefined {
  const own = jobs.find((j) => j.activityId === activityId);
  const running = jobs.find((j) => j.state === 'running' && j.activityId !== activityId && isJobOwnerAlive(j));
  if (running) return running;
  return jobs.find((j) => j.state === 'queued' && own !== undefined && j.id < own.id && isJobOwnerAlive(j));
}

/**
 * One run per connected system at a time, across every process sharing the file (the app, the
 * CLI): the claim is a check-and-set inside an IMMEDIATE transaction, so two claimers serialise.
 */
export function tryClaim(db: WriteDb, activityId: number, owner: ProcessIdentity): ClaimResult {
  recoverInterruptedRuns(db);
  const claim = db.transaction((): ClaimResult => {
    const job = getJobForActivity(db, activityId);
    if (!job) return { claimed: false, gone: true };
    if (job.state === 'running') return job.ownerPid === owner.pid ? { claimed: true } : { claimed: false, gone: true };
    const ahead = jobAhead(listJobsForSystem(db, job.connectedSystemId), activityId);
    if (ahead) return { claimed: false, waitingFor: ahead.activityId };
    setJobRunning(db, job.id, owner);
    return { claimed: true };
  });
  return claim.immediate();
}
