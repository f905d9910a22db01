import type { ExecutionStep, Schedule, ScheduleExecution, ScheduleTrigger } from '../../../../shared/model/index';

export const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Days are stored as cron counts them (0 = Sunday) but read Monday first, as most calendars do here. */
export const WEEKDAY_DISPLAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/** "Mon–Fri", "Mon, Wed, Fri", "Sat–Sun": runs of three or more consecutive days collapse into a range. */
export function dayRange(days: readonly number[]): string {
  const order: readonly number[] = WEEKDAY_DISPLAY_ORDER;
  const runs: number[][] = [];
  for (const day of order.filter((d) => days.includes(d))) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last !== undefined && order.indexOf(last) === order.indexOf(day) - 1) run.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) => {
      const first = WEEKDAY_SHORT[run[0] ?? 0];
      const last = WEEKDAY_SHORT[run[run.length - 1] ?? 0];
      if (run.length >= 3) return `${first}–${last}`;
      return run.map((d) => WEEKDAY_SHORT[d]).join(', ');
    })
    .join(', ');
}

function isSet(days: readonly number[], expected: readonly number[]): boolean {
  return days.length === expected.length && expected.every((d) => days.includes(d));
}

/** A day phrase that reads as a sentence start: "Every day", "Weekdays", "Weekends", or a range. */
export function dayPhrase(days: readonly number[]): string {
  if (isSet(days, [0, 1, 2, 3, 4, 5, 6])) return 'Every day';
  if (isSet(days, [1, 2, 3, 4, 5])) return 'Weekdays';
  if (isSet(days, [0, 6])) return 'Weekends';
  return dayRange(days);
}

/** A trigger in words: "Weekdays at 02:00", "Every 15 minutes 08:00–18:00, Mon–Fri", "Cron 0 2 * * *", "Manual". */
export function summariseTrigger(trigger: ScheduleTrigger): string {
  switch (trigger.kind) {
    case 'manual':
      return 'Manual';
    case 'times':
      return `${dayPhrase(trigger.daysOfWeek)} at ${trigger.times.join(', ')}`;
    case 'interval': {
      const unit = trigger.every === 1 ? trigger.unit.slice(0, -1) : trigger.unit;
      const days = trigger.daysOfWeek.length === 7 ? '' : `, ${dayRange(trigger.daysOfWeek)}`;
      return `Every ${trigger.every} ${unit} ${trigger.windowStart}–${trigger.windowEnd}${days}`;
    }
    case 'cron':
      return `Cron ${trigger.expression}`;
  }
}

/** Consecutive items joined by "parallel with previous" form one group; the first item always opens one. */
export function groupByParallel<T extends { parallelWithPrevious: boolean }>(
  items: readonly T[],
): { item: T; index: number }[][] {
  const groups: { item: T; index: number }[][] = [];
  items.forEach((item, index) => {
    const current = groups[groups.length - 1];
    if (current && item.parallelWithPrevious) current.push({ item, index });
    else groups.push([{ item, index }]);
  });
  return groups;
}

/** An execution's steps grouped by the group number the engine gave them. */
export function groupExecutionSteps(steps: readonly ExecutionStep[]): ExecutionStep[][] {
  const byGroup = new Map<number, ExecutionStep[]>();
  for (const step of [...steps].sort((a, b) => a.stepIndex - b.stepIndex)) {
    const list = byGroup.get(step.group) ?? [];
    list.push(step);
    byGroup.set(step.group, list);
  }
  return [...byGroup.entries()].sort(([a], [b]) => a - b).map(([, list]) => list);
}

/**
 * How far an execution got, counted in groups as the rail draws them: "Step 2 of 3 running",
 * "Stopped at step 2 of 3", "3 of 3 steps done". It reads the same step states the rail shows,
 * so the group it calls running is the one whose step is running, never one already done.
 */
export function describeProgress(execution: ScheduleExecution): string {
  const groups = groupExecutionSteps(execution.steps);
  const total = groups.length;
  if (total === 0) return 'No steps';
  if (execution.status === 'inProgress') {
    const current = groups.findIndex((g) => g.some((s) => s.state === 'running' || s.state === 'pending'));
    // Every group ended and the execution is writing its outcome.
    if (current === -1) return `${total} of ${total} ${total === 1 ? 'step' : 'steps'} done, finishing`;
    const running = groups[current]?.some((s) => s.state === 'running') ?? false;
    return `Step ${current + 1} of ${total} ${running ? 'running' : 'starting'}`;
  }
  const reached = groups.findLastIndex((g) => g.some((s) => s.state !== 'pending' && s.state !== 'notRun')) + 1;
  if (reached === total && groups.every((g) => g.every((s) => s.state !== 'notRun'))) return `${total} of ${total} ${total === 1 ? 'step' : 'steps'} done`;
  if (reached === 0) return `Stopped before step 1 of ${total}`;
  return `Stopped at step ${reached} of ${total}`;
}

/** Steps are counted in groups, as the rail counts them: "2 steps · 3 run profiles". */
export function stepCount(schedule: Schedule): string {
  const groups = groupByParallel(schedule.steps).length;
  const text = `${groups} step${groups === 1 ? '' : 's'}`;
  return groups === schedule.steps.length ? text : `${text} · ${schedule.steps.length} run profiles`;
}
