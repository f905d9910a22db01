import type { z } from 'zod';
import type { scheduleBody, scheduleTriggerInput } from '../../../../shared/contract/schedules';
import type { Schedule } from '../../../../shared/model/index';

export type TriggerKind = 'manual' | 'times' | 'interval' | 'cron';
export type TriggerInput = z.input<typeof scheduleTriggerInput>;
export type ScheduleInput = z.input<typeof scheduleBody>;

export const TRIGGER_KIND_LABELS: Record<TriggerKind, string> = {
  manual: 'Manual (only when run by hand)',
  times: 'At set times on chosen days',
  interval: 'Every N minutes or hours within a daily window',
  cron: 'Custom cron expression',
};

export interface StepDraft {
  /** Stable across moves so React keeps each row's focus and state. */
  key: number;
  runProfileId: string;
  parallelWithPrevious: boolean;
  continueOnFailure: boolean;
}

/**
 * Every trigger kind's fields live side by side, so switching kinds and back does not lose what
 * was typed; only the chosen kind's fields are sent.
 */
export interface ScheduleDraft {
  name: string;
  description: string;
  enabled: boolean;
  kind: TriggerKind;
  daysOfWeek: number[];
  times: string[];
  every: string;
  unit: 'minutes' | 'hours';
  windowStart: string;
  windowEnd: string;
  expression: string;
  steps: StepDraft[];
}

let nextKey = 1;
export function newStep(): StepDraft {
  return { key: nextKey++, runProfileId: '', parallelWithPrevious: false, continueOnFailure: false };
}

export function emptyDraft(): ScheduleDraft {
  return {
    name: '',
    description: '',
    enabled: true,
    kind: 'times',
    daysOfWeek: [1, 2, 3, 4, 5],
    times: ['02:00'],
    every: '15',
    unit: 'minutes',
    windowStart: '08:00',
    windowEnd: '18:00',
    expression: '0 2 * * *',
    steps: [newStep()],
  };
}

export function draftFromSchedule(schedule: Schedule): ScheduleDraft {
  const base = emptyDraft();
  const t = schedule.trigger;
  return {
    ...base,
    name: schedule.name,
    description: schedule.description,
    enabled: schedule.enabled,
    kind: t.kind,
    ...(t.kind === 'times' ? { daysOfWeek: [...t.daysOfWeek], times: [...t.times] } : {}),
    ...(t.kind === 'interval'
      ? {
          daysOfWeek: [...t.daysOfWeek],
          every: String(t.every),
          unit: t.unit,
          windowStart: t.windowStart,
          windowEnd: t.windowEnd,
        }
      : {}),
    ...(t.kind === 'cron' ? { expression: t.expression } : {}),
    steps: schedule.steps.map((s) => ({
      key: nextKey++,
      runProfileId: String(s.runProfileId),
      parallelWithPrevious: s.parallelWithPrevious,
      continueOnFailure: s.continueOnFailure,
    })),
  };
}

export function triggerFromDraft(draft: ScheduleDraft): TriggerInput {
  switch (draft.kind) {
    case 'manual':
      return { kind: 'manual' };
    case 'times':
      return { kind: 'times', daysOfWeek: [...draft.daysOfWeek].sort((a, b) => a - b), times: draft.times };
    case 'interval':
      return {
        kind: 'interval',
        // An empty box is sent as 0 so the server's "At least 1" lands next to the field.
        every: draft.every.trim() === '' ? 0 : Number(draft.every),
        unit: draft.unit,
        daysOfWeek: [...draft.daysOfWeek].sort((a, b) => a - b),
        windowStart: draft.windowStart,
        windowEnd: draft.windowEnd,
      };
    case 'cron':
      return { kind: 'cron', expression: draft.expression };
  }
}

export function inputFromDraft(draft: ScheduleDraft): ScheduleInput {
  return {
    name: draft.name,
    description: draft.description,
    enabled: draft.enabled,
    trigger: triggerFromDraft(draft),
    steps: draft.steps.map((s, i) => ({
      kind: 'runProfile',
      // 0 is refused by the server as "not a run profile": the error lands on the step's picker.
      runProfileId: Number(s.runProfileId) || 0,
      // The first step has nothing to run beside; the checkbox is disabled but may have been set before a move.
      parallelWithPrevious: i > 0 && s.parallelWithPrevious,
      continueOnFailure: s.continueOnFailure,
    })),
  };
}

export type FieldErrors = Record<string, string>;

/** The first error at or under a path ("trigger.times" also collects "trigger.times.0"). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return nested ? errors[nested] : undefined;
}

/** Drops the errors of the fields being edited; the rest stay until the next save. */
export function withoutErrors(errors: FieldErrors, prefixes: readonly string[]): FieldErrors {
  const next: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (!prefixes.some((p) => path === p || path.startsWith(`${p}.`))) next[path] = message;
  }
  return next;
}

/** The draft field each trigger field error belongs to, to clear it while typing. */
export const DRAFT_ERROR_PATHS: Partial<Record<keyof ScheduleDraft, string[]>> = {
  name: ['name'],
  description: ['description'],
  kind: ['trigger'],
  daysOfWeek: ['trigger.daysOfWeek'],
  times: ['trigger.times'],
  every: ['trigger.every'],
  unit: ['trigger.unit'],
  windowStart: ['trigger.windowStart'],
  windowEnd: ['trigger.windowEnd'],
  expression: ['trigger.expression'],
  steps: ['steps'],
};
