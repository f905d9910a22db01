import { EventEmitter } from 'node:events';
import type { ExecuteResult } from '../../shared/contract';
import type { ActivityStatus, ActivitySummary, Initiator, ScheduleExecution } from '../../shared/model';
import { isOwnerAlive } from '../runs/process-liveness';
import { recoverInterruptedRuns } from '../runs/recovery';
import {
  clearMissedRun,
  finishActivity,
  getActivity,
  getExecutionRecord,
  getScheduleRecord,
  heartbeatExecutionsOwnedBy,
  inProgressExecutionOf,
  insertExecution,
  isCancelRequested,
  linkChildActivity,
  listExecutionChildren,
  listLiveExecutions,
  listScheduleSteps,
  requestActivityCancel,
  setActivityStep,
  setExecutionPlan,
  type ExecutionRecord,
  type PlannedStep,
  type WriteDb,
} from '../store';
import { executionView, planFor } from './views';

// The execution coordinator (domain.md §9.2), in whichever process started the execution (main,
// or the CLI for `schedules run --wait` / `scheduler run`). It is driven by the run queue's
// `finished` events and a slow tick, and keeps no state of its own: every decision is read back
// from the database (the plan, the child activities), so a restarted process can judge any
// execution, and one whose coordinator died is finished as interrupted, never left in progress.

/** What the engine needs of a RunQueue. */
export interface StepRunner {
  enqueue(runProfileId: number, initiatedBy: Initiator): ExecuteResult;
  cancel(activityId: number): void;
  on(event: 'finished', listener: (activity: ActivitySummary) => void): unknown;
  off(event: 'finished', listener: (activity: ActivitySummary) => void): unknown;
}

export class ScheduleConflictError extends Error {}

export interface ExecutionEngineEvents {
  changed: [ScheduleExecution];
}

const TICK_MS = 1000;
/** A step in one of these stops the schedule unless it continues on failure. */
const STOPPING: readonly ActivityStatus[] = ['failedWithError', 'completeWithError', 'cancelled'];

const stepLabel = (plan: PlannedStep[], i: number): string => {
  const step = plan[i];
  const groups = plan[plan.length - 1]?.group ?? 1;
  return step ? `Step ${step.group} of ${groups} (${step.systemName ? `${step.systemName} / ` : ''}${step.runProfileName})` : `Step ${i + 1}`;
};

/** Counted as the step rail counts: a parallel group is one step ("5 steps run" beside "5 of 5"). */
export function stepsRunSummary(plan: readonly Pick<PlannedStep, 'group'>[]): string {
  const groups = new Set(plan.map((s) => s.group)).size;
  const profiles = plan.length === groups ? '' : ` (${plan.length} run profiles)`;
  return `${groups} step${groups === 1 ? '' : 's'} run${profiles}`;
}

/**
 * Fails every in-progress execution whose coordinating process is gone: its interrupted step was
 * failed by the run recovery, and its remaining steps will never run. Safe from any process.
 */
export function recoverInterruptedExecutions(db: WriteDb, ownPid: number = process.pid, now = Date.now()): number[] {
  const dead = listLiveExecutions(db).filter((e) => e.ownerPid !== ownPid && !isOwnerAlive(e, now));
  if (dead.length === 0) return [];
  recoverInterruptedRuns(db, now);
  const recovered: number[] = [];
  const sweep = db.transaction(() => {
    for (const execution of dead) {
      const children = listExecutionChildren(db, execution.activityId);
      const notRun = execution.plan.filter((_, i) => !children.some((c) => c.position === i)).length;
      const message =
        `Interrupted: the process coordinating it (pid ${execution.ownerPid}) ended before the schedule finished` +
        (notRun > 0 ? `; ${notRun} step${notRun === 1 ? '' : 's'} not run` : '');
      if (finishActivity(db, execution.activityId, { status: 'failedWithError', errorMessage: message, step: 'Interrupted' })) {
        recovered.push(execution.activityId);
      }
    }
  });
  sweep.immediate();
  return recovered;
}

/** Creates an execution (parent activity + plan) owned by `ownerPid`; its steps are queued by that owner. */
export function createExecution(db: WriteDb, scheduleId: number, initiatedBy: Initiator, ownerPid: number): number {
  const create = db.transaction((): number => {
    const schedule = getScheduleRecord(db, scheduleId);
    if (!schedule) throw new ScheduleConflictError(`Schedule ${scheduleId} does not exist`);
    if (!schedule.enabled) throw new ScheduleConflictError(`Schedule "${schedule.name}" is disabled: enable it to run it`);
    const running = inProgressExecutionOf(db, scheduleId);
    if (running !== undefined) {
      throw new ScheduleConflictError(`Schedule "${schedule.name}" is already running (execution #${running})`);
    }
    const steps = listScheduleSteps(db, scheduleId);
    if (steps.length === 0) throw new ScheduleConflictError(`Schedule "${schedule.name}" has no steps`);
    const plan = planFor(db, steps);
    clearMissedRun(db, scheduleId);
    return insertExecution(db, {
      scheduleId,
      scheduleName: schedule.name,
      plan,
      initiatedBy,
      ownerPid,
      step: 'Starting',
    });
  });
  return create.immediate();
}

/** Records a trigger that fired while the schedule was still running: a finished execution with a warning. */
export function recordSkippedTrigger(db: WriteDb, scheduleId: number, runningId: number, slot: Date, ownerPid: number): number {
  const schedule = getScheduleRecord(db, scheduleId);
  if (!schedule) throw new ScheduleConflictError(`Schedule ${scheduleId} does not exist`);
  const message = `Skipped: the previous execution (#${runningId}) is still running`;
  return insertExecution(db, {
    scheduleId,
    scheduleName: schedule.name,
    plan: planFor(db, listScheduleSteps(db, scheduleId)),
    initiatedBy: 'schedule',
    ownerPid,
    step: 'Skipped',
    finished: { status: 'completeWithWarning', message: `${message} (trigger of ${slot.toISOString()})`, warningMessage: message },
  });
}

/** Asks for an execution to stop, from any process: its coordinator (or recovery) finishes it. */
export function requestExecutionCancel(db: WriteDb, executionId: number): void {
  const cancel = db.transaction(() => {
    if (!requestActivityCancel(db, executionId)) return;
    for (const { activity } of listExecutionChildren(db, executionId)) {
      if (activity.status === 'inProgress') requestActivityCancel(db, activity.id);
    }
  });
  cancel.immediate();
}

export class ExecutionEngine extends EventEmitter<ExecutionEngineEvents> {
  private timer: NodeJS.Timeout | null = null;
  private readonly advancing = new Set<number>();
  private readonly again = new Set<number>();
  private readonly onFinished = (activity: ActivitySummary): void => {
    if (activity.parentActivityId !== null) this.advance(activity.parentActivityId);
  };

  constructor(
    private readonly db: WriteDb,
    private readonly runner: StepRunner,
    readonly ownerPid: number = process.pid,
  ) {
    super();
  }

  start(): void {
    this.runner.on('finished', this.onFinished);
    this.tick();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.runner.off('finished', this.onFinished);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Starts an execution now; returns its parent activity id at once. */
  run(scheduleId: number, initiatedBy: Initiator): number {
    const id = createExecution(this.db, scheduleId, initiatedBy, this.ownerPid);
    this.advance(id);
    return id;
  }

  owns(executionId: number): boolean {
    return getExecutionRecord(this.db, executionId)?.ownerPid === this.ownerPid;
  }

  /** Cancels the running steps cooperatively and drops the rest. */
  cancel(executionId: number): void {
    requestExecutionCancel(this.db, executionId);
    if (this.owns(executionId)) this.advance(executionId);
  }

  /** Heartbeat, recovery of others' dead executions, and a look at each of ours (cancel asked from elsewhere, handed-over runs). */
  tick(): void {
    heartbeatExecutionsOwnedBy(this.db, this.ownerPid);
    for (const id of recoverInterruptedExecutions(this.db, this.ownerPid)) this.emitChanged(id);
    for (const execution of listLiveExecutions(this.db)) {
      if (execution.ownerPid === this.ownerPid) this.advance(execution.activityId);
    }
  }

  /** Moves an execution on as far as its finished steps allow. Re-entrant calls are folded into one more pass. */
  advance(executionId: number): void {
    if (this.advancing.has(executionId)) {
      this.again.add(executionId);
      return;
    }
    this.advancing.add(executionId);
    try {
      do {
        this.again.delete(executionId);
        this.step(executionId);
      } while (this.again.has(executionId));
    } finally {
      this.advancing.delete(executionId);
    }
    this.emitChanged(executionId);
  }

  private step(executionId: number): void {
    const parent = getActivity(this.db, executionId);
    const record = getExecutionRecord(this.db, executionId);
    if (!parent || !record || parent.status !== 'inProgress' || record.ownerPid !== this.ownerPid) return;
    const plan = record.plan;
    const children = new Map<number, ActivitySummary>();
    for (const { position, activity } of listExecutionChildren(this.db, executionId)) {
      if (position !== null) children.set(position, activity);
    }
    const running = [...children.values()].filter((c) => c.status === 'inProgress');

    if (isCancelRequested(this.db, executionId)) {
      for (const child of running) this.runner.cancel(child.id);
      if (running.some((c) => getActivity(this.db, c.id)?.status === 'inProgress')) return; // wait for them to stop
      const notRun = plan.filter((_, i) => !children.has(i)).length;
      this.finish(executionId, {
        status: 'cancelled',
        message: `Cancelled${notRun > 0 ? `; ${notRun} step${notRun === 1 ? '' : 's'} not run` : ''}`,
      });
      return;
    }

    const groups = [...new Set(plan.map((s) => s.group))].sort((a, b) => a - b);
    let continuedFailures = 0;
    let warnings = 0;
    for (const group of groups) {
      const members = plan.map((s, i) => ({ s, i })).filter(({ s }) => s.group === group);
      const unqueued = members.filter(({ s, i }) => !children.has(i) && !s.error);
      if (unqueued.length > 0) {
        this.queueGroup(executionId, record, unqueued.map(({ i }) => i));
        return;
      }
      if (members.some(({ i }) => children.get(i)?.status === 'inProgress')) {
        this.showProgress(executionId, plan, members.map(({ i }) => i));
        return;
      }
      // The whole group is finished: does any step stop the schedule?
      for (const { s, i } of members) {
        const status: ActivityStatus = s.error ? 'failedWithError' : (children.get(i)?.status ?? 'failedWithError');
        if (status === 'completeWithWarning') warnings += 1;
        if (!STOPPING.includes(status)) continue;
        if (s.continueOnFailure) {
          continuedFailures += 1;
          continue;
        }
        const child = children.get(i);
        const reason = s.error ?? child?.errorMessage ?? child?.message ?? status;
        const notRun = plan.filter((p, j) => p.group > group && !children.has(j)).length;
        const what = status === 'cancelled' ? 'was cancelled' : status === 'completeWithError' ? 'completed with errors' : 'failed';
        this.finish(executionId, {
          status: status === 'cancelled' ? 'cancelled' : 'failedWithError',
          errorMessage: `${stepLabel(plan, i)} ${what}: ${reason}${notRun > 0 ? `; ${notRun} step${notRun === 1 ? '' : 's'} not run` : ''}`,
        });
        return;
      }
    }
    if (continuedFailures > 0) {
      this.finish(executionId, {
        status: 'completeWithError',
        errorMessage: `${continuedFailures} step${continuedFailures === 1 ? '' : 's'} failed and the schedule continued`,
      });
    } else if (warnings > 0) {
      this.finish(executionId, {
        status: 'completeWithWarning',
        warningMessage: `${warnings} step${warnings === 1 ? '' : 's'} completed with a warning`,
      });
    } else {
      this.finish(executionId, { status: 'complete' });
    }
  }

  /** Queues every step of a group at once: each becomes its own run process; steps on one system queue behind each other. */
  private queueGroup(executionId: number, record: ExecutionRecord, positions: number[]): void {
    let plan = record.plan;
    for (const i of positions) {
      const step = plan[i];
      if (!step) continue;
      try {
        const { activityId } = this.runner.enqueue(step.runProfileId, 'schedule');
        linkChildActivity(this.db, activityId, executionId, record.scheduleId, i);
      } catch (error) {
        plan = plan.map((s, j) => (j === i ? { ...s, error: error instanceof Error ? error.message : String(error) } : s));
        setExecutionPlan(this.db, executionId, plan);
      }
    }
    this.showProgress(executionId, plan, positions);
    // A step that could not be queued (or a run finished at once) may let the execution move on.
    this.again.add(executionId);
  }

  private showProgress(executionId: number, plan: PlannedStep[], positions: number[]): void {
    const first = positions[0] ?? 0;
    const group = plan[first]?.group ?? 1;
    const groups = plan[plan.length - 1]?.group ?? 1;
    const names = positions.map((i) => plan[i]).filter((s): s is PlannedStep => s !== undefined);
    const label = names.map((s) => `${s.systemName ? `${s.systemName} / ` : ''}${s.runProfileName}`).join(', ');
    setActivityStep(this.db, executionId, `Step ${group} of ${groups}`, label);
  }

  private finish(
    executionId: number,
    outcome: { status: Exclude<ActivityStatus, 'inProgress'>; message?: string; errorMessage?: string; warningMessage?: string },
  ): void {
    const plan = getExecutionRecord(this.db, executionId)?.plan ?? [];
    const summary = outcome.status === 'complete' || outcome.status === 'completeWithWarning' ? stepsRunSummary(plan) : '';
    finishActivity(this.db, executionId, { message: outcome.message ?? summary, ...outcome, step: 'Finished' });
  }

  private readonly lastEmitted = new Map<number, string>();

  /** Emits the execution when it looks different from what was last emitted. */
  private emitChanged(executionId: number): void {
    const view = executionView(this.db, executionId);
    if (!view) return;
    const signature = JSON.stringify(view);
    if (this.lastEmitted.get(executionId) === signature) return;
    if (this.lastEmitted.size > 1000) this.lastEmitted.clear();
    this.lastEmitted.set(executionId, signature);
    this.emit('changed', view);
  }
}
