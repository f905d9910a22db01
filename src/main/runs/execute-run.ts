import { boundMessage } from '../../shared/bounded-text';
import { ConnectorError } from '../engine/connectors/types';
import { refusalFor } from '../engine/connectors/registry';
import { runFileExport } from '../engine/export/file-export';
import { runDeltaImport } from '../engine/import/delta-import';
import { runFullImport } from '../engine/import/full-import';
import { runSync } from '../engine/sync/sync-run';
import { RunAbortedError, type ProgressSink, type RunOutcome } from '../engine/run-context';
import {
  getActivity,
  getRunProfile,
  getSystem,
  listObjectTypes,
  markActivityStarted,
  nowIso,
  type WriteDb,
} from '../store';

function aborted(message: string): RunOutcome {
  // A connector's message can quote the file; the activity keeps a bounded one.
  return { status: 'failedWithError', message: null, errorMessage: boundMessage(message), warningMessage: null };
}

/**
 * Runs one activity's run profile to an outcome. Never throws for a run's own failures: a bad
 * setting, a missing file or an unexpected exception become a failedWithError outcome naming the
 * cause, so the activity always gets a terminal status.
 */
export async function executeRun(
  db: WriteDb,
  activityId: number,
  hooks: { signal: AbortSignal; progress: ProgressSink },
): Promise<RunOutcome> {
  try {
    const activity = getActivity(db, activityId);
    if (!activity) return aborted(`Activity ${activityId} does not exist`);
    const profile = activity.runProfileId === null ? undefined : getRunProfile(db, activity.runProfileId);
    if (!profile) return aborted('The run profile of this activity was deleted before it ran');
    const system = getSystem(db, profile.connectedSystemId);
    if (!system) return aborted('The connected system of this activity was deleted before it ran');
    markActivityStarted(db, activityId, 'Starting');
    const refusal = refusalFor(system.connectorType, profile.runType);
    if (refusal) return aborted(refusal);
    const objectTypes = listObjectTypes(db, system.id);
    if (objectTypes.length === 0) return aborted('The connected system has no schema: import its schema first');
    const context = {
      db,
      activityId,
      system,
      profile,
      objectTypes,
      signal: hooks.signal,
      progress: hooks.progress,
      now: nowIso,
    };
    switch (profile.runType) {
      case 'fullSync':
        return await runSync(context, 'full');
      case 'deltaSync':
        return await runSync(context, 'delta');
      case 'export':
        return await runFileExport(context);
      case 'deltaImport':
        return await runDeltaImport(context);
      default:
        return await runFullImport(context);
    }
  } catch (error) {
    if (error instanceof RunAbortedError || error instanceof ConnectorError) return aborted(error.message);
    const e = error instanceof Error ? error : new Error(String(error));
    return aborted(`Unexpected error: ${e.message}`);
  }
}
