import type { z } from 'zod';
import { ApiError, type FieldErrors } from '../../shared/contract';
import { scheduleTriggerInput, type scheduleBody } from '../../shared/contract/schedules';
import type { ScheduleTrigger } from '../../shared/model';
import {
  createExecution,
  requestExecutionCancel,
  ScheduleConflictError,
} from '../schedules/engine';
import { nextFireTimes, validateTrigger } from '../schedules/triggers';
import { executionView, getScheduleView, scheduleView } from '../schedules/views';
import { isOwnerAlive } from '../runs/process-liveness';
import {
  deleteSchedule,
  findScheduleByName,
  getActivity,
  getRunProfile,
  getScheduleRecord,
  getSchedulerLease,
  inProgressExecutionOf,
  insertSchedule,
  listExecutionIds,
  listScheduleRecords,
  setScheduleEnabled,
  updateSchedule,
  type ReadDb,
  type ScheduleInput,
  type WriteDb,
} from '../store';
import type { DomainHandlers, HandlerContext } from './context';
import { conflict, found, invalid, isUniqueViolation, notFound } from './errors';

type ScheduleBody = z.output<typeof scheduleBody>;

/** Checks what the shape cannot: the run profiles exist, the cron expression parses and fires. */
export function validateScheduleBody(db: ReadDb, body: ScheduleBody, now: Date): ScheduleInput {
  const fields: FieldErrors = {};
  const problem = validateTrigger(body.trigger, now);
  if (problem) fields[body.trigger.kind === 'cron' ? 'trigger.expression' : 'trigger'] = problem;
  body.steps.forEach((step, i) => {
    if (!getRunProfile(db, step.runProfileId)) fields[`steps.${i}.runProfileId`] = `Run profile ${step.runProfileId} does not exist`;
  });
  const entries = Object.entries(fields);
  if (entries.length > 0) throw invalid(entries[0]?.[1] ?? 'Invalid schedule', fields);
  return {
    name: body.name,
    description: body.description,
    enabled: body.enabled,
    trigger: body.trigger as ScheduleTrigger,
    steps: body.steps.map((s, i) => ({
      runProfileId: s.runProfileId,
      parallelWithPrevious: i > 0 && s.parallelWithPrevious,
      continueOnFailure: s.continueOnFailure,
    })),
  };
}

const nameTaken = (name: string): ApiError => conflict(`A schedule named "${name}" already exists`, { name: 'This name is already used' });

/**
 * Starts an execution: in this process when it coordinates executions (the app, the CLI with
 * --wait), else handed to the running scheduler (the app or `junction scheduler run`).
 */
function startExecution(ctx: HandlerContext, scheduleId: number): number {
  try {
    if (ctx.schedules) return ctx.schedules.run(scheduleId, ctx.initiator);
    const lease = getSchedulerLease(ctx.db);
    if (!lease || !isOwnerAlive(lease)) {
      throw new ApiError({
        code: 'unavailable',
        message: 'No scheduler is running to run it: start Junction or `junction scheduler run`, or use `junction schedules run NAME --wait`',
      });
    }
    return createExecution(ctx.db, scheduleId, ctx.initiator, lease.ownerPid);
  } catch (error) {
    if (error instanceof ScheduleConflictError) throw conflict(error.message);
    throw error;
  }
}

export function cancelExecution(ctx: HandlerContext, id: number): void {
  if (ctx.schedules?.owns(id)) ctx.schedules.cancel(id);
  else requestExecutionCancel(ctx.db as WriteDb, id);
}

export function scheduleHandlers(ctx: HandlerContext): DomainHandlers<'schedules'> {
  const { db } = ctx;
  const now = (): Date => ctx.now?.() ?? new Date();
  const view = (id: number) => found(getScheduleView(db, id, now()), `Schedule ${id}`);
  const save = (id: number | null, body: ScheduleBody): number => {
    const input = validateScheduleBody(db, body, now());
    const other = findScheduleByName(db, input.name);
    if (other && other.id !== id) throw nameTaken(input.name);
    try {
      if (id === null) return insertSchedule(db, input, now().getTime());
      const current = found(getScheduleRecord(db, id), `Schedule ${id}`);
      const retimed = JSON.stringify(current.trigger) !== JSON.stringify(input.trigger) || (!current.enabled && input.enabled);
      db.transaction(() => updateSchedule(db, id, input, retimed ? now().getTime() : null)).immediate();
      return id;
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
  };
  return {
    'schedules.list': () => listScheduleRecords(db).map((r) => scheduleView(db, r, now())),
    'schedules.get': ({ id }) => view(id),
    'schedules.create': (body) => view(save(null, body)),
    'schedules.update': ({ id, ...body }) => view(save(id, body)),
    'schedules.delete': ({ id }) => {
      const schedule = found(getScheduleRecord(db, id), `Schedule ${id}`);
      const running = inProgressExecutionOf(db, id);
      if (running !== undefined) throw conflict(`Schedule "${schedule.name}" is running (execution #${running}); cancel it first`);
      deleteSchedule(db, id);
    },
    'schedules.setEnabled': ({ id, enabled }) => {
      found(getScheduleRecord(db, id), `Schedule ${id}`);
      setScheduleEnabled(db, id, enabled, now().getTime());
      return view(id);
    },
    'schedules.runNow': ({ id }) => {
      found(getScheduleRecord(db, id), `Schedule ${id}`);
      return { executionId: startExecution(ctx, id) };
    },
    'schedules.preview': ({ trigger }) => {
      const parsed = scheduleTriggerInput.safeParse(trigger);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
        return { nextRunTimes: [], error: `${where}${issue?.message ?? 'Invalid trigger'}` };
      }
      const at = now();
      const error = validateTrigger(parsed.data, at);
      if (error) return { nextRunTimes: [], error };
      return { nextRunTimes: nextFireTimes(parsed.data, at, 5).map((d) => d.toISOString()), error: null };
    },
    'schedules.executions': ({ scheduleId, offset, limit }) => {
      const { ids, total } = listExecutionIds(db, { scheduleId, offset, limit });
      return { rows: ids.flatMap((id) => executionView(db, id) ?? []), total };
    },
    'schedules.execution': ({ id }) => found(executionView(db, id), `Schedule execution ${id}`),
    'schedules.cancelExecution': ({ id }) => {
      const activity = getActivity(db, id);
      if (!activity || activity.kind !== 'schedule') throw notFound(`Schedule execution ${id}`);
      cancelExecution(ctx, id);
    },
  };
}
