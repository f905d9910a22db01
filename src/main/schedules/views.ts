import type {
  ActivityStatus,
  ActivitySummary,
  ExecutionStep,
  Schedule,
  ScheduleExecution,
  ScheduleStep,
  ScheduleStepView,
  StepState,
} from '../../shared/model';
import {
  getActivity,
  getExecutionRecord,
  getRunProfile,
  getScheduleRecord,
  getSystem,
  listExecutionChildren,
  listScheduleSteps,
  type PlannedStep,
  type ReadDb,
  type ScheduleRecord,
} from '../store';
import { nextFireTimes } from './triggers';

/** 1-based group of each step: a step that is not parallel with the previous one starts a group. */
export function stepGroups(steps: readonly Pick<ScheduleStep, 'parallelWithPrevious'>[]): number[] {
  let group = 0;
  return steps.map((step, i) => {
    if (i === 0 || !step.parallelWithPrevious) group += 1;
    return group;
  });
}

/** The plan an execution snapshots: names as they are now, so history reads well after renames. */
export function planFor(db: ReadDb, steps: ScheduleStep[]): PlannedStep[] {
  const groups = stepGroups(steps);
  return steps.map((step, i) => {
    const profile = getRunProfile(db, step.runProfileId);
    const system = profile ? getSystem(db, profile.connectedSystemId) : undefined;
    return {
      runProfileId: step.runProfileId,
      connectedSystemId: system?.id ?? null,
      systemName: system?.name ?? '',
      runProfileName: profile?.name ?? `#${step.runProfileId}`,
      group: groups[i] ?? 1,
      continueOnFailure: step.continueOnFailure,
    };
  });
}

export function stepState(parent: ActivityStatus, child: ActivitySummary | undefined, planned: PlannedStep): StepState {
  if (!child) {
    if (planned.error) return 'failed';
    return parent === 'inProgress' ? 'pending' : 'notRun';
  }
  switch (child.status) {
    case 'inProgress':
      return child.startedAt ? 'running' : 'pending';
    case 'complete':
      return 'done';
    case 'completeWithWarning':
      return 'warning';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'failed';
  }
}

export function executionView(db: ReadDb, id: number): ScheduleExecution | undefined {
  const parent = getActivity(db, id);
  const record = getExecutionRecord(db, id);
  if (!parent || parent.kind !== 'schedule' || !record) return undefined;
  const children = new Map<number, ActivitySummary>();
  for (const { position, activity } of listExecutionChildren(db, id)) {
    if (position !== null) children.set(position, activity);
  }
  const steps: ExecutionStep[] = record.plan.map((planned, stepIndex) => {
    const child = children.get(stepIndex);
    return {
      stepIndex,
      group: planned.group,
      runProfileId: planned.runProfileId,
      systemName: planned.systemName,
      runProfileName: planned.runProfileName,
      continueOnFailure: planned.continueOnFailure,
      activityId: child?.id ?? null,
      status: child?.status ?? (planned.error ? 'failedWithError' : null),
      state: stepState(parent.status, child, planned),
      ...(planned.error ? { error: planned.error } : {}),
    };
  });
  return {
    id: parent.id,
    scheduleId: record.scheduleId,
    scheduleName: parent.runProfileName,
    status: parent.status,
    initiatedBy: parent.initiatedBy,
    startedAt: parent.startedAt,
    endedAt: parent.endedAt,
    message: parent.errorMessage ?? parent.warningMessage ?? parent.message,
    steps,
  };
}

export function stepViews(db: ReadDb, steps: ScheduleStep[]): ScheduleStepView[] {
  const groups = stepGroups(steps);
  return steps.map((step, i) => {
    const profile = getRunProfile(db, step.runProfileId);
    const system = profile ? getSystem(db, profile.connectedSystemId) : undefined;
    return {
      ...step,
      parallelWithPrevious: i > 0 && step.parallelWithPrevious,
      systemId: system?.id ?? null,
      systemName: system?.name ?? '',
      runProfileName: profile?.name ?? '',
      runType: profile?.runType ?? '',
      group: groups[i] ?? 1,
    };
  });
}

/** The latest execution to show for a schedule: the running one if any, else the newest. */
function lastExecutionId(db: ReadDb, scheduleId: number): number | undefined {
  const row = db
    .prepare(
      `SELECT id FROM activities WHERE kind = 'schedule' AND schedule_id = ?
       ORDER BY (status = 'inProgress') DESC, id DESC LIMIT 1`,
    )
    .get(scheduleId) as { id: number } | undefined;
  return row?.id;
}

export function scheduleView(db: ReadDb, record: ScheduleRecord, now: Date): Schedule {
  const last = lastExecutionId(db, record.id);
  let nextRunTimes: string[] = [];
  if (record.enabled) {
    try {
      nextRunTimes = nextFireTimes(record.trigger, now, 5).map((d) => d.toISOString());
    } catch {
      nextRunTimes = [];
    }
  }
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    enabled: record.enabled,
    trigger: record.trigger,
    steps: stepViews(db, listScheduleSteps(db, record.id)),
    nextRunTimes,
    lastExecution: last === undefined ? null : (executionView(db, last) ?? null),
    missedRunAt: record.missedRunAt,
    createdAt: record.createdAt,
  };
}

export function getScheduleView(db: ReadDb, id: number, now: Date): Schedule | undefined {
  const record = getScheduleRecord(db, id);
  return record && scheduleView(db, record, now);
}
