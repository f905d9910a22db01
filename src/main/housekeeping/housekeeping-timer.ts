import type { WriteDb } from '../store';
import { runHousekeeping, type HousekeepingResult } from './housekeeping';

/** Domain §8.6: history cleanup at most every 6 hours. */
export const HOUSEKEEPING_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** The timer functions housekeeping is driven by; tests pass fakes. */
export interface HousekeepingTimer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimer: HousekeepingTimer = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface HousekeepingScheduleOptions {
  timer?: HousekeepingTimer;
  intervalMs?: number;
  /** Delay of the first pass after start (default: right away, on the next turn of the event loop). */
  firstDelayMs?: number;
  now?: () => Date;
  onPass?: (result: HousekeepingResult) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs housekeeping at start and then every interval, one pass at a time. The pass works in small
 * transactions and yields between them, so the app's main thread stays responsive. Returns stop().
 */
export function scheduleHousekeeping(db: WriteDb, options: HousekeepingScheduleOptions = {}): () => void {
  const timer = options.timer ?? realTimer;
  const interval = options.intervalMs ?? HOUSEKEEPING_INTERVAL_MS;
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  let handle: unknown = null;

  const pass = async (): Promise<void> => {
    handle = null;
    try {
      const result = await runHousekeeping(db, now(), { initiatedBy: 'schedule', signal: controller.signal });
      options.onPass?.(result);
    } catch (error) {
      // A failed pass (e.g. the database busy for longer than its timeout) is retried next interval.
      if (!controller.signal.aborted) options.onError?.(error);
    }
    if (!controller.signal.aborted) handle = timer.setTimeout(() => void pass(), interval);
  };
  handle = timer.setTimeout(() => void pass(), options.firstDelayMs ?? 0);
  return () => {
    controller.abort();
    if (handle !== null) timer.clearTimeout(handle);
    handle = null;
  };
}
