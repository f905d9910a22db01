import { Cron } from 'croner';
import type { ScheduleTrigger } from '../../shared/model';

// Fire times of a trigger, in the machine's local time zone. Specific times and intervals inside
// a daily window are computed directly (a window crossing midnight and minute steps that do not
// divide the hour have no single cron pattern); custom expressions are croner's.

export class TriggerError extends Error {}

const MINUTES_PER_DAY = 1440;
const DAY_MS = 86_400_000;

const minutesOf = (clock: string): number => {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Minutes after the window opens on each chosen day (the window may cross midnight). */
function dailyOffsets(trigger: Extract<ScheduleTrigger, { kind: 'times' | 'interval' }>): { start: number; offsets: number[] }[] {
  if (trigger.kind === 'times') {
    const unique = [...new Set(trigger.times.map(minutesOf))].sort((a, b) => a - b);
    return unique.map((start) => ({ start, offsets: [0] }));
  }
  const start = minutesOf(trigger.windowStart);
  const end = minutesOf(trigger.windowEnd);
  // Equal start and end: the whole day, end exclusive (the next day's window opens there).
  const length = end === start ? MINUTES_PER_DAY - 1 : (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const step = trigger.unit === 'hours' ? trigger.every * 60 : trigger.every;
  const offsets: number[] = [];
  for (let offset = 0; offset <= length; offset += step) offsets.push(offset);
  return [{ start, offsets }];
}

function cronOf(expression: string): Cron {
  try {
    return new Cron(expression, { paused: true });
  } catch (error) {
    throw new TriggerError(`Invalid cron expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The next `count` fire times strictly after `after` (and, with `until`, at or before it). Manual
 * triggers never fire. Throws TriggerError for an invalid cron expression.
 */
export function nextFireTimes(trigger: ScheduleTrigger, after: Date, count: number, until?: Date): Date[] {
  if (count <= 0) return [];
  if (trigger.kind === 'manual') return [];
  if (trigger.kind === 'cron') {
    const cron = cronOf(trigger.expression);
    const out: Date[] = [];
    let ref: Date = after;
    while (out.length < count) {
      const next = cron.nextRun(ref);
      if (!next || (until && next.getTime() > until.getTime())) break;
      out.push(next);
      ref = next;
    }
    return out;
  }
  const days = new Set(trigger.daysOfWeek);
  const windows = dailyOffsets(trigger);
  const out: Date[] = [];
  // Start a day early: yesterday's window may reach past midnight.
  const first = new Date(after.getFullYear(), after.getMonth(), after.getDate() - 1);
  const lastDay = until
    ? Math.ceil((until.getTime() - first.getTime()) / DAY_MS) + 1
    : 7 * (count + 1) + 2;
  for (let d = 0; d <= lastDay && out.length < count; d += 1) {
    const day = new Date(first.getFullYear(), first.getMonth(), first.getDate() + d);
    if (!days.has(day.getDay())) continue;
    const slots: Date[] = [];
    for (const { start, offsets } of windows) {
      for (const offset of offsets) {
        // Local wall-clock arithmetic: a slot inside a DST gap moves forward, as clocks do.
        slots.push(new Date(day.getFullYear(), day.getMonth(), day.getDate(), 0, start + offset));
      }
    }
    slots.sort((a, b) => a.getTime() - b.getTime());
    for (const slot of slots) {
      if (slot.getTime() <= after.getTime()) continue;
      if (until && slot.getTime() > until.getTime()) return out;
      if (out.length > 0 && (out[out.length - 1]?.getTime() ?? 0) >= slot.getTime()) continue;
      out.push(slot);
      if (out.length >= count) break;
    }
  }
  return out;
}

/** The latest fire time in (after, until], if any. */
export function lastFireTimeBetween(trigger: ScheduleTrigger, after: Date, until: Date): Date | null {
  if (trigger.kind === 'manual' || until.getTime() <= after.getTime()) return null;
  if (trigger.kind === 'cron') {
    const previous = cronOf(trigger.expression).previousRuns(1, new Date(until.getTime() + 1000))[0];
    return previous && previous.getTime() > after.getTime() && previous.getTime() <= until.getTime() ? previous : null;
  }
  // Bounded: look back at most 8 days (a weekly slot is the rarest).
  const from = new Date(Math.max(after.getTime(), until.getTime() - 8 * DAY_MS));
  const times = nextFireTimes(trigger, from, 100_000, until);
  return times[times.length - 1] ?? null;
}

/** Checks a trigger beyond its shape: a cron expression must parse and fire at least once. */
export function validateTrigger(trigger: ScheduleTrigger, now: Date): string | null {
  if (trigger.kind !== 'cron') return null;
  try {
    if (nextFireTimes(trigger, now, 1).length === 0) return 'This cron expression never fires';
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
