import type { ActivityStatus, ActivitySummary, Initiator, ScheduleStep, ScheduleTrigger } from '../../../shared/model';
import { EMPTY_COUNTERS } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';
import { activityFromRow, type ActivityRow } from './activities';

// Schedules (domain.md §9): a trigger plus ordered run-profile steps. An execution is a parent
// activity (kind 'schedule') whose step runs are child activities; schedule_executions holds its
// step plan and the process coordinating it.

export interface ScheduleRecord {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  trigger: ScheduleTrigger;
  createdAt: string;
  updatedAt: string;
  /** Epoch ms up to which the scheduler has looked for due slots. */
  checkedAt: number;
  missedRunAt: string | null;
}

interface ScheduleRow {
  id: number;
  name: string;
  description: string;
  enabled: number;
  trigger: string;
  created_at: string;
  updated_at: string;
  checked_at: number;
  missed_run_at: string | null;
}

function fromRow(row: ScheduleRow): ScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled === 1,
    trigger: JSON.parse(row.trigger) as ScheduleTrigger,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    checkedAt: row.checked_at,
    missedRunAt: row.missed_run_at,
  };
}

export function listScheduleRecords(db: ReadDb): ScheduleRecord[] {
  return (db.prepare('SELECT * FROM schedules ORDER BY name COLLATE NOCASE, id').all() as ScheduleRow[]).map(fromRow);
}

export function getScheduleRecord(db: ReadDb, id: number): ScheduleRecord | undefined {
  const row = db.prepare('SELECT * FROM schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
  return row && fromRow(row);
}

export function findScheduleByName(db: ReadDb, name: string): ScheduleRecord | undefined {
  const row = db.prepare('SELECT * FROM schedules WHERE name = ?').get(name) as ScheduleRow | undefined;
  return row && fromRow(row);
}

export interface ScheduleInput {
  name: string;
  description: string;
  enabled: boolean;
  trigger: ScheduleTrigger;
  steps: ScheduleStep[];
}

function writeSteps(db: WriteDb, scheduleId: number, steps: ScheduleStep[]): void {
  db.prepare('DELETE FROM schedule_steps WHERE schedule_id = ?').run(scheduleId);
  const insert = db.prepare(
    `INSERT INTO schedule_steps (schedule_id, position, run_profile_id, parallel_with_previous, continue_on_failure)
     VALUES (?, ?, ?, ?, ?)`,
  );
  steps.forEach((step, i) => {
    // The first step starts the first group whatever it says.
    insert.run(scheduleId, i, step.runProfileId, i > 0 && step.parallelWithPrevious ? 1 : 0, step.continueOnFailure ? 1 : 0);
  });
}

/** checkedAt: the scheduler looks for slots after this instant (epoch ms); a new schedule starts now. */
export function insertSchedule(db: WriteDb, input: ScheduleInput, checkedAt: number): number {
  const now = nowIso();
  const id = Number(
    db
      .prepare(
        `INSERT INTO schedules (name, description, enabled, trigger, created_at, updated_at, checked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.name, input.description, input.enabled ? 1 : 0, JSON.stringify(input.trigger), now, now, checkedAt)
      .lastInsertRowid,
  );
  writeSteps(db, id, input.steps);
  return id;
}

/** A changed trigger or a re-enabled schedule starts looking for slots afresh (no phantom missed slots). */
export function updateSchedule(db: WriteDb, id: number, input: ScheduleInput, checkedAt: number | null): void {
  db.prepare(
    `UPDATE schedules SET name = ?, description = ?, enabled = ?, trigger = ?, updated_at = ?,
       checked_at = COALESCE(?, checked_at), missed_run_at = CASE WHEN ? IS NULL THEN missed_run_at ELSE NULL END
     WHERE id = ?`,
  ).run(input.name, input.description, input.enabled ? 1 : 0, JSON.stringify(input.trigger), nowIso(), checkedAt, checkedAt, id);
  writeSteps(db, id, input.steps);
}

export function setScheduleEnabled(db: WriteDb, id: number, enabled: boolean, checkedAt: number): void {
  db.prepare(
    `UPDATE schedules SET enabled = ?, updated_at = ?,
       checked_at = CASE WHEN ? = 1 AND enabled = 0 THEN ? ELSE checked_at END,
       missed_run_at = CASE WHEN ? = 1 AND enabled = 0 THEN NULL ELSE missed_run_at END
     WHERE id = ?`,
  ).run(enabled ? 1 : 0, nowIso(), enabled ? 1 : 0, checkedAt, enabled ? 1 : 0, id);
}

export function deleteSchedule(db: WriteDb, id: number): void {
  db.prepare('DELETE FROM schedules WHERE id = ?').run(id);
}

/** The scheduler looked up to checkedAt; a missed slot (ISO) is recorded, or left as it was (undefined). */
export function setScheduleChecked(db: WriteDb, id: number, checkedAt: number, missedRunAt?: string | null): void {
  if (missedRunAt === undefined) {
    db.prepare('UPDATE schedules SET checked_at = ? WHERE id = ?').run(checkedAt, id);
  } else {
    db.prepare('UPDATE schedules SET checked_at = ?, missed_run_at = ? WHERE id = ?').run(checkedAt, missedRunAt, id);
  }
}

export function clearMissedRun(db: WriteDb, id: number): void {
  db.prepare('UPDATE schedules SET missed_run_at = NULL WHERE id = ?').run(id);
}

export function listScheduleSteps(db: ReadDb, scheduleId: number): ScheduleStep[] {
  const rows = db
    .prepare('SELECT * FROM schedule_steps WHERE schedule_id = ? ORDER BY position')
    .all(scheduleId) as { run_profile_id: number; parallel_with_previous: number; continue_on_failure: number }[];
  return rows.map((r) => ({
    runProfileId: r.run_profile_id,
    parallelWithPrevious: r.parallel_with_previous === 1,
    continueOnFailure: r.continue_on_failure === 1,
  }));
}

// ---- Executions -------------------------------------------------------------------------------

/** One step of an execution's plan: a snapshot taken when the execution started. */
export interface PlannedStep {
  runProfileId: number;
  connectedSystemId: number | null;
  systemName: string;
  runProfileName: string;
  /** 1-based group (steps of a parallel group share it). */
  group: number;
  continueOnFailure: boolean;
  /** Why the step could not even be queued (e.g. its run profile was deleted). */
  error?: string;
}

export interface ExecutionRecord {
  activityId: number;
  scheduleId: number | null;
  plan: PlannedStep[];
  ownerPid: number;
  heartbeatAt: number;
}

interface ExecutionRow {
  activity_id: number;
  schedule_id: number | null;
  plan: string;
  owner_pid: number;
  heartbeat_at: number;
}

const executionFromRow = (row: ExecutionRow): ExecutionRecord => ({
  activityId: row.activity_id,
  scheduleId: row.schedule_id,
  plan: JSON.parse(row.plan) as PlannedStep[],
  ownerPid: row.owner_pid,
  heartbeatAt: row.heartbeat_at,
});

/** The parent activity (inProgress, or already finished for a skipped trigger) and its plan, together. */
export function insertExecution(
  db: WriteDb,
  input: {
    scheduleId: number;
    scheduleName: string;
    plan: PlannedStep[];
    initiatedBy: Initiator;
    ownerPid: number;
    step: string;
    finished?: { status: Exclude<ActivityStatus, 'inProgress'>; message: string; warningMessage?: string | null };
  },
): number {
  const now = nowIso();
  const insert = db.transaction((): number => {
    const finished = input.finished;
    const id = Number(
      db
        .prepare(
          `INSERT INTO activities (connected_system_id, system_name, run_profile_id, run_profile_name, run_type,
             status, step, message, warning_message, initiated_by, created_at, started_at, ended_at, counters, kind, schedule_id)
           VALUES (NULL, '', NULL, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'schedule', ?)`,
        )
        .run(
          input.scheduleName,
          finished?.status ?? 'inProgress',
          input.step,
          finished?.message ?? null,
          finished?.warningMessage ?? null,
          input.initiatedBy,
          now,
          now,
          finished ? now : null,
          JSON.stringify(EMPTY_COUNTERS),
          input.scheduleId,
        ).lastInsertRowid,
    );
    db.prepare(
      'INSERT INTO schedule_executions (activity_id, schedule_id, plan, owner_pid, heartbeat_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, input.scheduleId, JSON.stringify(input.plan), input.ownerPid, Date.now());
    return id;
  });
  return insert.immediate();
}

export function getExecutionRecord(db: ReadDb, activityId: number): ExecutionRecord | undefined {
  const row = db.prepare('SELECT * FROM schedule_executions WHERE activity_id = ?').get(activityId) as ExecutionRow | undefined;
  return row && executionFromRow(row);
}

export function setExecutionPlan(db: WriteDb, activityId: number, plan: PlannedStep[]): void {
  db.prepare('UPDATE schedule_executions SET plan = ? WHERE activity_id = ?').run(JSON.stringify(plan), activityId);
}

/** Executions whose parent activity is still in progress. */
export function listLiveExecutions(db: ReadDb): ExecutionRecord[] {
  return (
    db
      .prepare(
        `SELECT e.* FROM schedule_executions e JOIN activities a ON a.id = e.activity_id
         WHERE a.status = 'inProgress' ORDER BY e.activity_id`,
      )
      .all() as ExecutionRow[]
  ).map(executionFromRow);
}

export function heartbeatExecutionsOwnedBy(db: WriteDb, ownerPid: number): void {
  db.prepare(
    `UPDATE schedule_executions SET heartbeat_at = ?
     WHERE owner_pid = ? AND activity_id IN (SELECT id FROM activities WHERE status = 'inProgress' AND kind = 'schedule')`,
  ).run(Date.now(), ownerPid);
}

export function inProgressExecutionOf(db: ReadDb, scheduleId: number): number | undefined {
  const row = db
    .prepare("SELECT id FROM activities WHERE kind = 'schedule' AND schedule_id = ? AND status = 'inProgress' ORDER BY id DESC LIMIT 1")
    .get(scheduleId) as { id: number } | undefined;
  return row?.id;
}

export function listExecutionIds(
  db: ReadDb,
  filter: { scheduleId?: number | undefined; offset: number; limit: number },
): { ids: number[]; total: number } {
  const where = filter.scheduleId === undefined ? "kind = 'schedule'" : "kind = 'schedule' AND schedule_id = ?";
  const params = filter.scheduleId === undefined ? [] : [filter.scheduleId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM activities WHERE ${where}`).get(...params) as { n: number }).n;
  const ids = (
    db.prepare(`SELECT id FROM activities WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(
      ...params,
      filter.limit,
      filter.offset,
    ) as { id: number }[]
  ).map((r) => r.id);
  return { ids, total };
}

/** Links a queued run to its execution as step `position` of the plan. */
export function linkChildActivity(db: WriteDb, childId: number, parentId: number, scheduleId: number | null, position: number): void {
  db.prepare('UPDATE activities SET parent_activity_id = ?, schedule_id = ?, schedule_step = ? WHERE id = ?').run(
    parentId,
    scheduleId,
    position,
    childId,
  );
}

/** The step runs of an execution with their plan positions. */
export function listExecutionChildren(db: ReadDb, parentId: number): { position: number | null; activity: ActivitySummary }[] {
  const rows = db
    .prepare('SELECT * FROM activities WHERE parent_activity_id = ? ORDER BY id')
    .all(parentId) as (ActivityRow & { schedule_step: number | null })[];
  return rows.map((row) => ({ position: row.schedule_step, activity: activityFromRow(row) }));
}

// ---- Scheduler lease --------------------------------------------------------------------------

export function getSchedulerLease(db: ReadDb): { ownerPid: number; heartbeatAt: number } | undefined {
  const row = db.prepare('SELECT owner_pid, heartbeat_at FROM scheduler_lease WHERE id = 1').get() as
    | { owner_pid: number; heartbeat_at: number }
    | undefined;
  return row && { ownerPid: row.owner_pid, heartbeatAt: row.heartbeat_at };
}

export function setSchedulerLease(db: WriteDb, ownerPid: number, heartbeatAt: number): void {
  db.prepare(
    `INSERT INTO scheduler_lease (id, owner_pid, heartbeat_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET owner_pid = excluded.owner_pid, heartbeat_at = excluded.heartbeat_at`,
  ).run(ownerPid, heartbeatAt);
}

export function releaseSchedulerLease(db: WriteDb, ownerPid: number): void {
  db.prepare('DELETE FROM scheduler_lease WHERE id = 1 AND owner_pid = ?').run(ownerPid);
}
