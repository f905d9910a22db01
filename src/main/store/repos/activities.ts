import type {
  ActivityKind,
  ActivityStatus,
  ActivitySummary,
  ImportCounters,
  Initiator,
  Page,
  RunType,
} from '../../../shared/model';
import { EMPTY_COUNTERS } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';

export interface ActivityRow {
  id: number;
  connected_system_id: number | null;
  system_name: string;
  run_profile_id: number | null;
  run_profile_name: string;
  run_type: RunType;
  status: ActivityStatus;
  step: string;
  message: string | null;
  error_message: string | null;
  warning_message: string | null;
  initiated_by: Initiator;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  objects_to_process: number | null;
  objects_processed: number;
  counters: string;
  cancel_requested: number;
  kind: ActivityKind;
  parent_activity_id: number | null;
  schedule_id: number | null;
}

export function activityFromRow(row: ActivityRow): ActivitySummary {
  return {
    id: row.id,
    connectedSystemId: row.connected_system_id,
    systemName: row.system_name,
    runProfileId: row.run_profile_id,
    runProfileName: row.run_profile_name,
    // A schedule execution or a housekeeping pass has no run type of its own (stored as '').
    runType: row.kind === 'run' ? row.run_type : null,
    status: row.status,
    step: row.step,
    message: row.message,
    errorMessage: row.error_message,
    warningMessage: row.warning_message,
    initiatedBy: row.initiated_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    objectsToProcess: row.objects_to_process,
    objectsProcessed: row.objects_processed,
    counters: { ...EMPTY_COUNTERS, ...(JSON.parse(row.counters) as Partial<ImportCounters>) },
    cancelRequested: row.cancel_requested === 1,
    kind: row.kind,
    parentActivityId: row.parent_activity_id,
    scheduleId: row.schedule_id,
  };
}

export function getActivity(db: ReadDb, id: number): ActivitySummary | undefined {
  const row = db.prepare('SELECT * FROM activities WHERE id = ?').get(id) as ActivityRow | undefined;
  return row && activityFromRow(row);
}

export function latestActivityForProfile(db: ReadDb, runProfileId: number): ActivitySummary | undefined {
  const row = db
    .prepare('SELECT * FROM activities WHERE run_profile_id = ? ORDER BY id DESC LIMIT 1')
    .get(runProfileId) as ActivityRow | undefined;
  return row && activityFromRow(row);
}

export interface ActivityFilter {
  systemId?: number | undefined;
  runProfileId?: number | undefined;
  status?: ActivityStatus | undefined;
  runType?: RunType | undefined;
  /** Leave out the step runs of schedule executions (default true): an execution is one row. */
  topLevelOnly?: boolean | undefined;
  initiatedBy?: Initiator | undefined;
  /** Created at or after this ISO date-time (inclusive). */
  from?: string | undefined;
  /** Created before this ISO date-time (exclusive). */
  to?: string | undefined;
  offset: number;
  limit: number;
}

export function listActivities(db: ReadDb, filter: ActivityFilter): Page<ActivitySummary> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.systemId !== undefined) {
    where.push('connected_system_id = ?');
    params.push(filter.systemId);
  }
  if (filter.runProfileId !== undefined) {
    where.push('run_profile_id = ?');
    params.push(filter.runProfileId);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.runType !== undefined) {
    where.push('run_type = ?');
    params.push(filter.runType);
  }
  if (filter.topLevelOnly !== false) where.push('parent_activity_id IS NULL');
  if (filter.initiatedBy !== undefined) {
    where.push('initiated_by = ?');
    params.push(filter.initiatedBy);
  }
  // created_at is stored as UTC ISO (nowIso), so normalised bounds compare as text.
  if (filter.from !== undefined) {
    where.push('created_at >= ?');
    params.push(new Date(filter.from).toISOString());
  }
  if (filter.to !== undefined) {
    where.push('created_at < ?');
    params.push(new Date(filter.to).toISOString());
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM activities ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM activities ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset) as ActivityRow[];
  return { rows: rows.map(activityFromRow), total };
}

export function insertQueuedActivity(
  db: WriteDb,
  input: {
    connectedSystemId: number;
    systemName: string;
    runProfileId: number;
    runProfileName: string;
    runType: RunType;
    initiatedBy: Initiator;
    step: string;
  },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO activities (connected_system_id, system_name, run_profile_id, run_profile_name, run_type,
           status, step, initiated_by, created_at, counters)
         VALUES (?, ?, ?, ?, ?, 'inProgress', ?, ?, ?, ?)`,
      )
      .run(
        input.connectedSystemId,
        input.systemName,
        input.runProfileId,
        input.runProfileName,
        input.runType,
        input.step,
        input.initiatedBy,
        nowIso(),
        JSON.stringify(EMPTY_COUNTERS),
      ).lastInsertRowid,
  );
}

export function markActivityStarted(db: WriteDb, id: number, step: string): void {
  db.prepare("UPDATE activities SET started_at = ?, step = ?, message = NULL WHERE id = ? AND status = 'inProgress'").run(
    nowIso(),
    step,
    id,
  );
}

export function setActivityStep(db: WriteDb, id: number, step: string, message: string | null = null): void {
  db.prepare("UPDATE activities SET step = ?, message = ? WHERE id = ? AND status = 'inProgress'").run(
    step,
    message,
    id,
  );
}

/** Sets or clears the warning of a run while it runs (a finished run's warning is its outcome's). */
export function setInProgressWarning(db: WriteDb, id: number, warning: string | null): boolean {
  return (
    db.prepare("UPDATE activities SET warning_message = ? WHERE id = ? AND status = 'inProgress'").run(warning, id).changes === 1
  );
}

export function setActivityProgress(
  db: WriteDb,
  id: number,
  progress: { objectsToProcess: number | null; objectsProcessed: number; counters: ImportCounters },
): void {
  db.prepare(
    "UPDATE activities SET objects_to_process = ?, objects_processed = ?, counters = ? WHERE id = ? AND status = 'inProgress'",
  ).run(progress.objectsToProcess, progress.objectsProcessed, JSON.stringify(progress.counters), id);
}

export function finishActivity(
  db: WriteDb,
  id: number,
  outcome: {
    status: Exclude<ActivityStatus, 'inProgress'>;
    message?: string | null;
    errorMessage?: string | null;
    warningMessage?: string | null;
    step?: string;
  },
): boolean {
  const result = db
    .prepare(
      `UPDATE activities SET status = ?, message = COALESCE(?, message), error_message = ?, warning_message = ?,
         step = COALESCE(?, step), ended_at = ?
       WHERE id = ? AND status = 'inProgress'`,
    )
    .run(
      outcome.status,
      outcome.message ?? null,
      outcome.errorMessage ?? null,
      outcome.warningMessage ?? null,
      outcome.step ?? null,
      nowIso(),
      id,
    );
  return result.changes === 1;
}

export function requestActivityCancel(db: WriteDb, id: number): boolean {
  return (
    db.prepare("UPDATE activities SET cancel_requested = 1 WHERE id = ? AND status = 'inProgress'").run(id).changes === 1
  );
}

export function isCancelRequested(db: ReadDb, id: number): boolean {
  const row = db.prepare('SELECT cancel_requested FROM activities WHERE id = ?').get(id) as
    | { cancel_requested: number }
    | undefined;
  return row?.cancel_requested === 1;
}

/** In-progress runs (a schedule execution is recovered by its own rules: src/main/schedules). */
export function listInProgressActivityIds(db: ReadDb): number[] {
  return (db.prepare("SELECT id FROM activities WHERE status = 'inProgress' AND kind = 'run'").all() as { id: number }[]).map(
    (r) => r.id,
  );
}

/** The step runs of a schedule execution, in plan order. */
export function listChildActivities(db: ReadDb, parentId: number): ActivitySummary[] {
  return (
    db
      .prepare('SELECT * FROM activities WHERE parent_activity_id = ? ORDER BY schedule_step, id')
      .all(parentId) as ActivityRow[]
  ).map(activityFromRow);
}
