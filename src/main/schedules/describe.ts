import type { ScheduleTrigger } from '../../shared/model';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function describeDays(days: readonly number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7) return 'every day';
  if (set.join(',') === '1,2,3,4,5') return 'Mon–Fri';
  if (set.join(',') === '0,6') return 'weekends';
  return set.map((d) => DAY_NAMES[d] ?? String(d)).join(', ');
}

/** One line for people: "at 06:00, 18:00 on Mon–Fri", "every 15 minutes 08:00–18:00 every day". */
export function describeTrigger(trigger: ScheduleTrigger): string {
  switch (trigger.kind) {
    case 'manual':
      return 'manual (run now only)';
    case 'times':
      return `at ${[...trigger.times].sort().join(', ')} on ${describeDays(trigger.daysOfWeek)}`;
    case 'interval': {
      const unit = trigger.every === 1 ? trigger.unit.slice(0, -1) : trigger.unit;
      return `every ${trigger.every} ${unit} ${trigger.windowStart}–${trigger.windowEnd} on ${describeDays(trigger.daysOfWeek)}`;
    }
    case 'cron':
      return `cron "${trigger.expression}" (local time)`;
  }
}
