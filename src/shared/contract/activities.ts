import { z } from 'zod';
import { ACTIVITY_STATUSES, CHANGE_TYPES, ERROR_TYPES, INITIATORS, RUN_TYPES } from '../model';
import type { ActivityProgress, ActivitySummary, ExecutionItem, Page } from '../model';
import { ITEM_COUNTERS, type ErrorTypeCount } from '../model/drill-down';
import { event, method } from './method';

const id = z.number().int().positive();
export const paging = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
};

export const activitiesContract = {
  'activities.list': method<Page<ActivitySummary>>()(
    z
      .object({
        systemId: id.optional(),
        runProfileId: id.optional(),
        status: z.enum(ACTIVITY_STATUSES).optional(),
        runType: z.enum(RUN_TYPES).optional(),
        /** Leave out the step runs of schedule executions (see activities.children). */
        topLevelOnly: z.boolean().default(true),
        initiatedBy: z.enum(INITIATORS).optional(),
        /** Created at or after this instant (ISO date-time, inclusive). */
        from: z.iso.datetime({ offset: true }).optional(),
        /** Created before this instant (ISO date-time, exclusive). */
        to: z.iso.datetime({ offset: true }).optional(),
        ...paging,
      })
      .strict(),
  ),
  'activities.get': method<ActivitySummary>()(z.object({ id }).strict()),
  'activities.latestForProfile': method<ActivitySummary | null>()(z.object({ runProfileId: id }).strict()),
  'activities.items': method<Page<ExecutionItem>>()(
    z
      .object({
        activityId: id,
        changeType: z.enum(CHANGE_TYPES).optional(),
        errorsOnly: z.boolean().optional(),
        /** The items behind one of the run's counters. */
        counter: z.enum(ITEM_COUNTERS).optional(),
        errorType: z.enum(ERROR_TYPES).optional(),
        search: z.string().max(200).optional(),
        ...paging,
      })
      .strict(),
  ),
  /** The activity's error types, each with how many of its items failed with it. */
  'activities.errorTypes': method<ErrorTypeCount[]>()(z.object({ id }).strict()),
  'activities.cancel': method<void>()(z.object({ id }).strict()),
  /** The step runs of a schedule execution, in plan order (empty for a plain run). */
  'activities.children': method<ActivitySummary[]>()(z.object({ id }).strict()),
};

export const activityEvents = {
  'activities.onProgress': event<ActivityProgress>(),
  'activities.onFinished': event<ActivitySummary>(),
};
