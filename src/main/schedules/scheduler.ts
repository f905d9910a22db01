import { EventEmitter } from 'node:events';
import { isOwnerAlive } from '../runs/process-liveness';
import {
  getSchedulerLease,
  inProgressExecutionOf,
  listScheduleRecords,
  releaseSchedulerLease,
  setSchedulerLease,
  setScheduleChecked,
  type WriteDb,
} from '../store';
import { createExecution, recordSkippedTrigger, ScheduleConflictError, type ExecutionEngine } from './engine';
import { lastFireTimeBetween, nextFireTimes } from './triggers';

// The trigger side of schedules (domain.md §9.2). Each enabled schedule remembers how far the
// scheduler has looked (checked_at); a tick finds the latest slot since then. A slot that is a
// little late (the tick interval, a busy event loop) fires; an older one passed while no scheduler
// was running and is not replayed: it is recorded as missed and offered as "run now". A trigger
// that fires while the previous execution still runs is skipped and recorded.
//
// Only one process fires triggers (a lease in the database): the app, or `junction scheduler run`.

export interface SchedulerOptions {
  /** The clock for due computation; tests pass a fake one. */
  now?: () => Date;
  ownerPid?: number;
  /** How often to look for due slots (a timer also wakes the scheduler at the next slot). */
  tickMs?: number;
  /** A slot at most this late is fired; an older one is recorded as missed. */
  graceMs?: number;
}

export type TickOutcome =
  | { scheduleId: number; kind: 'started'; slot: Date; executionId: number }
  | { scheduleId: number; kind: 'skipped'; slot: Date; executionId: number; runningId: number }
  | { scheduleId: number; kind: 'missed'; slot: Date }
  | { scheduleId: number; kind: 'refused'; slot: Date; reason: string };

export interface SchedulerEvents {
  fired: [TickOutcome];
}

export const DEFAULT_TICK_MS = 15_000;
export const DEFAULT_GRACE_MS = 120_000;
const MAX_TIMER_MS = 60_000;

export class Scheduler extends EventEmitter<SchedulerEvents> {
  private readonly now: () => Date;
  private readonly ownerPid: number;
  private readonly tickMs: number;
  private readonly graceMs: number;
  private interval: NodeJS.Timeout | null = null;
  private wake: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: WriteDb,
    private readonly engine: Pick<ExecutionEngine, 'advance' | 'ownerPid'>,
    options: SchedulerOptions = {},
  ) {
    super();
    this.now = options.now ?? (() => new Date());
    this.ownerPid = options.ownerPid ?? engine.ownerPid;
    this.tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  start(): void {
    this.tick();
    this.interval = setInterval(() => this.tick(), this.tickMs);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.wake) clearTimeout(this.wake);
    this.interval = null;
    this.wake = null;
    try {
      releaseSchedulerLease(this.db, this.ownerPid);
    } catch {
      // The database may already be closed.
    }
  }

  /** Whether this process fires triggers (another live scheduler may hold the lease). */
  holdsLease(): boolean {
    const lease = getSchedulerLease(this.db);
    return lease?.ownerPid === this.ownerPid && isOwnerAlive(lease);
  }

  private acquireLease(): boolean {
    const acquire = this.db.transaction((): boolean => {
      const lease = getSchedulerLease(this.db);
      if (lease && lease.ownerPid !== this.ownerPid && isOwnerAlive(lease)) return false;
      setSchedulerLease(this.db, this.ownerPid, Date.now());
      return true;
    });
    return acquire.immediate();
  }

  /** Fires every due enabled schedule; returns what it did (for tests and the foreground daemon). */
  tick(): TickOutcome[] {
    if (!this.acquireLease()) return [];
    const now = this.now();
    const outcomes: TickOutcome[] = [];
    let earliest: number | null = null;
    for (const schedule of listScheduleRecords(this.db)) {
      if (!schedule.enabled || schedule.trigger.kind === 'manual') continue;
      let slot: Date | null;
      try {
        slot = lastFireTimeBetween(schedule.trigger, new Date(schedule.checkedAt), now);
        const next = nextFireTimes(schedule.trigger, now, 1)[0];
        if (next && (earliest === null || next.getTime() < earliest)) earliest = next.getTime();
      } catch {
        continue; // an invalid stored expression (refused at save time) never fires
      }
      if (!slot) {
        setScheduleChecked(this.db, schedule.id, now.getTime());
        continue;
      }
      if (now.getTime() - slot.getTime() > this.graceMs) {
        setScheduleChecked(this.db, schedule.id, now.getTime(), slot.toISOString());
        outcomes.push({ scheduleId: schedule.id, kind: 'missed', slot });
        continue;
      }
      setScheduleChecked(this.db, schedule.id, now.getTime());
      const runningId = inProgressExecutionOf(this.db, schedule.id);
      if (runningId !== undefined) {
        const executionId = recordSkippedTrigger(this.db, schedule.id, runningId, slot, this.ownerPid);
        outcomes.push({ scheduleId: schedule.id, kind: 'skipped', slot, executionId, runningId });
        continue;
      }
      try {
        const executionId = createExecution(this.db, schedule.id, 'schedule', this.engine.ownerPid);
        outcomes.push({ scheduleId: schedule.id, kind: 'started', slot, executionId });
      } catch (error) {
        if (!(error instanceof ScheduleConflictError)) throw error;
        outcomes.push({ scheduleId: schedule.id, kind: 'refused', slot, reason: error.message });
      }
    }
    for (const outcome of outcomes) {
      if (outcome.kind === 'started') this.engine.advance(outcome.executionId);
      this.emit('fired', outcome);
    }
    this.armWake(earliest);
    return outcomes;
  }

  /** Wakes at the next slot instead of up to a tick late (only with the real clock). */
  private armWake(next: number | null): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    if (next === null || this.interval === null) return;
    const delay = next - this.now().getTime() + 50;
    if (delay <= 0 || delay > MAX_TIMER_MS) return;
    this.wake = setTimeout(() => this.tick(), delay);
    this.wake.unref();
  }
}
