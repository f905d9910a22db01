import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';

export type JobState = 'queued' | 'running';

export interface RunJob {
  id: number;
  activityId: number;
  connectedSystemId: number;
  state: JobState;
  ownerPid: number;
  /** When the owning process started (see src/main/runs/process-liveness.ts); null: unknown, the pid alone decides. */
  ownerStartedAt: string | null;
  heartbeatAt: number;
}

/** The process a job is handed to: its pid and start stamp. */
export interface JobOwner {
  pid: number;
  startedAt: string | null;
}

interface RunJobRow {
  id: number;
  activity_id: number;
  connected_system_id: number;
  state: JobState;
  owner_pid: number;
  owner_started_at: string | null;
  heartbeat_at: number;
}

function fromRow(row: RunJobRow): RunJob {
  return {
    id: row.id,
    activityId: row.activity_id,
    connectedSystemId: row.connected_system_id,
    state: row.state,
    ownerPid: row.owner_pid,
    ownerStartedAt: row.owner_started_at,
    heartbeatAt: row.heartbeat_at,
  };
}

export function insertJob(db: WriteDb, activityId: number, systemId: number, owner: JobOwner): void {
  db.prepare(
    `INSERT INTO run_jobs (activity_id, connected_system_id, state, owner_pid, owner_started_at, heartbeat_at, created_at)
     VALUES (?, ?, 'queued', ?, ?, ?, ?)`,
  ).run(activityId, systemId, owner.pid, owner.startedAt, Date.now(), nowIso());
}

export function getJobForActivity(db: ReadDb, activityId: number): RunJob | undefined {
  const row = db.prepare('SELECT * FROM run_jobs WHERE activity_id = ?').get(activityId) as RunJobRow | undefined;
  return row && fromRow(row);
}

export function listJobs(db: ReadDb): RunJob[] {
  return (db.prepare('SELECT * FROM run_jobs ORDER BY id').all() as RunJobRow[]).map(fromRow);
}

export function listJobsForSystem(db: ReadDb, systemId: number): RunJob[] {
  return (
    db.prepare('SELECT * FROM run_jobs WHERE connected_system_id = ? ORDER BY id').all(systemId) as RunJobRow[]
  ).map(fromRow);
}

export function setJobRunning(db: WriteDb, jobId: number, owner: JobOwner): void {
  db.prepare(
    "UPDATE run_jobs SET state = 'running', owner_pid = ?, owner_started_at = ?, heartbeat_at = ? WHERE id = ?",
  ).run(owner.pid, owner.startedAt, Date.now(), jobId);
}

/** Hands a queued job to the process that will start it; a job already running keeps its owner. */
export function setJobOwner(db: WriteDb, activityId: number, owner: JobOwner): void {
  db.prepare(
    "UPDATE run_jobs SET owner_pid = ?, owner_started_at = ?, heartbeat_at = ? WHERE activity_id = ? AND state = 'queued'",
  ).run(
    owner.pid,
    owner.startedAt,
    Date.now(),
    activityId,
  );
}

/**
 * Hands a queued job whose owner died to a new owner; false when it is no longer that orphan
 * (started, finished, or taken by another process meanwhile).
 */
export function adoptQueuedJob(db: WriteDb, jobId: number, previous: JobOwner, owner: JobOwner): boolean {
  return (
    db
      .prepare(
        `UPDATE run_jobs SET owner_pid = ?, owner_started_at = ?, heartbeat_at = ?
         WHERE id = ? AND state = 'queued' AND owner_pid = ? AND owner_started_at IS ?`,
      )
      .run(owner.pid, owner.startedAt, Date.now(), jobId, previous.pid, previous.startedAt).changes === 1
  );
}

export function heartbeatJobsOwnedBy(db: WriteDb, ownerPid: number): void {
  db.prepare('UPDATE run_jobs SET heartbeat_at = ? WHERE owner_pid = ?').run(Date.now(), ownerPid);
}

export function deleteJobForActivity(db: WriteDb, activityId: number): void {
  db.prepare('DELETE FROM run_jobs WHERE activity_id = ?').run(activityId);
}

/** Removes a job only while the given process still answers for it, so a run that lost the claim cannot release another's. */
export function deleteJobOwnedBy(db: WriteDb, activityId: number, ownerPid: number): void {
  db.prepare('DELETE FROM run_jobs WHERE activity_id = ? AND owner_pid = ?').run(activityId, ownerPid);
}
