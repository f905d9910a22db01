import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';

export type JobState = 'queued' | 'running';

export interface RunJob {
  id: number;
  activityId: number;
  connectedSystemId: number;
  state: JobState;
  ownerPid: number;
  heartbeatAt: number;
}

interface RunJobRow {
  id: number;
  activity_id: number;
  connected_system_id: number;
  state: JobState;
  owner_pid: number;
  heartbeat_at: number;
}

function fromRow(row: RunJobRow): RunJob {
  return {
    id: row.id,
    activityId: row.activity_id,
    connectedSystemId: row.connected_system_id,
    state: row.state,
    ownerPid: row.owner_pid,
    heartbeatAt: row.heartbeat_at,
  };
}

export function insertJob(db: WriteDb, activityId: number, systemId: number, ownerPid: number): void {
  db.prepare(
    `INSERT INTO run_jobs (activity_id, connected_system_id, state, owner_pid, heartbeat_at, created_at)
     VALUES (?, ?, 'queued', ?, ?, ?)`,
  ).run(activityId, systemId, ownerPid, Date.now(), nowIso());
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

export function setJobRunning(db: WriteDb, jobId: number, ownerPid: number): void {
  db.prepare("UPDATE run_jobs SET state = 'running', owner_pid = ?, heartbeat_at = ? WHERE id = ?").run(
    ownerPid,
    Date.now(),
    jobId,
  );
}

export function setJobOwner(db: WriteDb, activityId: number, ownerPid: number): void {
  db.prepare('UPDATE run_jobs SET owner_pid = ?, heartbeat_at = ? WHERE activity_id = ?').run(
    ownerPid,
    Date.now(),
    activityId,
  );
}

export function heartbeatJobsOwnedBy(db: WriteDb, ownerPid: number): void {
  db.prepare('UPDATE run_jobs SET heartbeat_at = ? WHERE owner_pid = ?').run(Date.now(), ownerPid);
}

export function deleteJobForActivity(db: WriteDb, activityId: number): void {
  db.prepare('DELETE FROM run_jobs WHERE activity_id = ?').run(activityId);
}
