import type { ActivityStatus, ImportCounters, RunProfile, SchemaObjectType } from '../../shared/model';
import type { SystemRecord, WriteDb } from '../store';

/** How a run reports progress: the host decides where it goes (IPC to main, the DB, a test). */
export interface ProgressSink {
  step(name: string, total: number | null): void;
  /** Called after each committed batch, inside nothing: counters are the run's totals so far. */
  advance(processed: number, counters: ImportCounters): void;
}

export interface RunContext {
  db: WriteDb;
  activityId: number;
  system: SystemRecord;
  profile: RunProfile;
  objectTypes: SchemaObjectType[];
  /** Aborted when the admin cancels; checked between batches. */
  signal: AbortSignal;
  progress: ProgressSink;
  now(): string;
}

export interface RunOutcome {
  status: Exclude<ActivityStatus, 'inProgress'>;
  message: string | null;
  errorMessage: string | null;
  warningMessage: string | null;
}

/** Activity status of a run that was not aborted (issue #2: overrides domain.md §8.2 rules 3-5). */
export function statusFor(counters: ImportCounters, warningMessage: string | null, cancelled: boolean): RunOutcome['status'] {
  if (cancelled) return 'cancelled';
  if (counters.errors > 0) return 'completeWithError';
  if (warningMessage) return 'completeWithWarning';
  return 'complete';
}

/** An error that aborts a run with a message meant for the admin (bad settings, unreadable file). */
export class RunAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunAbortedError';
  }
}
