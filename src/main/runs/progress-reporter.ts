import type { ActivityProgress, ImportCounters } from '../../shared/model';
import { EMPTY_COUNTERS } from '../../shared/model';
import type { ProgressSink } from '../engine/run-context';
import { setActivityStep, type WriteDb } from '../store';

/** Pushes at most this often: enough for a live panel, cheap for the main event loop. */
const PUSH_INTERVAL_MS = 200;

/**
 * The run process's ProgressSink: records the current step in the database and pushes throttled
 * live samples to the parent. Rates describe the current step (domain §8.6).
 */
export class ProgressReporter implements ProgressSink {
  private stepName = 'Starting';
  private total: number | null = null;
  private processed = 0;
  private counters: ImportCounters = { ...EMPTY_COUNTERS };
  private stepStartedAt = Date.now();
  private lastPush = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly db: WriteDb,
    private readonly activityId: number,
    private readonly push: (progress: ActivityProgress) => void,
  ) {}

  step(name: string, total: number | null): void {
    this.stepName = name;
    this.total = total;
    this.processed = 0;
    this.stepStartedAt = Date.now();
    setActivityStep(this.db, this.activityId, name);
    this.flush();
  }

  advance(processed: number, counters: ImportCounters): void {
    this.processed = processed;
    this.counters = { ...counters };
    if (Date.now() - this.lastPush >= PUSH_INTERVAL_MS) this.flush();
  }

  snapshot(): ActivityProgress {
    const now = Date.now();
    const stepSeconds = (now - this.stepStartedAt) / 1000;
    return {
      activityId: this.activityId,
      status: 'inProgress',
      step: this.stepName,
      objectsToProcess: this.total,
      objectsProcessed: this.processed,
      counters: this.counters,
      objectsPerSecond: stepSeconds > 0 ? Math.round(this.processed / stepSeconds) : 0,
      elapsedMs: now - this.startedAt,
    };
  }

  flush(): void {
    this.lastPush = Date.now();
    this.push(this.snapshot());
  }
}
