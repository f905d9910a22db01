import type { ExecuteResult } from '../../shared/contract';
import type { Initiator } from '../../shared/model';
import { getRunProfile, getSystem, insertJob, insertQueuedActivity, listJobsForSystem, type WriteDb } from '../store';
import { jobAhead } from './job-claim';
import { identify } from './process-liveness';

export class RunNotFoundError extends Error {}

/**
 * A run request becomes an inProgress activity plus a queued job in one transaction, so there is
 * never an activity without the job that answers for it. ownerPid is the process responsible
 * for starting it.
 */
export function createQueuedRun(
  db: WriteDb,
  runProfileId: number,
  initiatedBy: Initiator,
  ownerPid: number,
): ExecuteResult {
  const profile = getRunProfile(db, runProfileId);
  if (!profile) throw new RunNotFoundError(`Run profile ${runProfileId} does not exist`);
  const system = getSystem(db, profile.connectedSystemId);
  if (!system) throw new RunNotFoundError(`Connected system ${profile.connectedSystemId} does not exist`);
  const owner = identify(ownerPid);
  const create = db.transaction((): ExecuteResult => {
    const activityId = insertQueuedActivity(db, {
      connectedSystemId: system.id,
      systemName: system.name,
      runProfileId: profile.id,
      runProfileName: profile.name,
      runType: profile.runType,
      initiatedBy,
      step: 'Queued',
    });
    insertJob(db, activityId, system.id, owner);
    const ahead = jobAhead(listJobsForSystem(db, system.id), activityId);
    return { activityId, queuedBehind: ahead?.activityId ?? null };
  });
  return create.immediate();
}
