import { z } from 'zod';
import type { Page, Schedule, ScheduleExecution } from '../model';
import { paging } from './activities';
import { event, method } from './method';

const id = z.number().int().positive();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');
const weekdays = z.array(z.number().int().min(0).max(6)).min(1, 'Choose at least one day').max(7);

export const scheduleTriggerInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }).strict(),
  z.object({ kind: z.literal('times'), daysOfWeek: weekdays, times: z.array(clock).min(1, 'Add at least one time').max(48) }).strict(),
  z
    .object({
      kind: z.literal('interval'),
      every: z.number().int().min(1, 'At least 1').max(1440),
      unit: z.enum(['minutes', 'hours']),
      daysOfWeek: weekdays,
      windowStart: clock,
      windowEnd: clock,
    })
    .strict(),
  z.object({ kind: z.literal('cron'), expression: z.string().trim().min(1, 'Cron expression is required').max(200) }).strict(),
]);

export const scheduleBody = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100),
    description: z.string().max(2000).default(''),
    enabled: z.boolean().default(true),
    trigger: scheduleTriggerInput,
    steps: z
      .array(
        z
          .object({
            // Steps of other kinds (scripts, executables) are refused: run profiles only in v1.
            kind: z.literal('runProfile', { error: 'Only run profile steps are supported' }).default('runProfile'),
            runProfileId: id,
            parallelWithPrevious: z.boolean().default(false),
            continueOnFailure: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1, 'Add at least one step')
      .max(100),
  })
  .strict();

export const schedulesContract = {
  'schedules.list': method<Schedule[]>()(z.object({}).strict()),
  'schedules.get': method<Schedule>()(z.object({ id }).strict()),
  'schedules.create': method<Schedule>()(scheduleBody),
  'schedules.update': method<Schedule>()(scheduleBody.extend({ id })),
  'schedules.delete': method<void>()(z.object({ id }).strict()),
  'schedules.setEnabled': method<Schedule>()(z.object({ id, enabled: z.boolean() }).strict()),
  /** Starts an execution now; returns its parent activity id at once. */
  'schedules.runNow': method<{ executionId: number }>()(z.object({ id }).strict()),
  /** The next five fire times of a trigger while it is being edited, or why it is invalid. */
  'schedules.preview': method<{ nextRunTimes: string[]; error: string | null }>()(z.object({ trigger: z.unknown() }).strict()),
  'schedules.executions': method<Page<ScheduleExecution>>()(z.object({ scheduleId: id.optional(), ...paging }).strict()),
  'schedules.execution': method<ScheduleExecution>()(z.object({ id }).strict()),
  /** Cancels the running steps cooperatively and drops the rest. */
  'schedules.cancelExecution': method<void>()(z.object({ id }).strict()),
};

export const scheduleEvents = {
  'schedules.onExecutionChanged': event<ScheduleExecution>(),
};
