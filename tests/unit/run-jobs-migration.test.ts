import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrations';
import { getJobForActivity, openDatabase } from '../../src/main/store';
import { makeTempDir } from '../support/temp';

describe('migration 50: run jobs remember when their owner started', () => {
  it('keeps the jobs a version-40 database holds, with an unknown start (pid-only liveness)', () => {
    const path = join(makeTempDir(), 'v40.sqlite');
    const raw = new Database(path);
    migrate(raw, 40);
    raw.exec(`
      INSERT INTO activities (system_name, run_profile_name, run_type, status, step, initiated_by, created_at, counters)
        VALUES ('HR', 'Full', 'fullImport', 'inProgress', 'Queued', 'cli', '2026-01-01T00:00:00Z', '{}');
      INSERT INTO run_jobs (activity_id, connected_system_id, state, owner_pid, heartbeat_at, created_at)
        VALUES (1, 7, 'running', 4242, 1700000000000, '2026-01-01T00:00:00Z');
    `);
    raw.close();

    const db = openDatabase(path, { migrate: true });
    expect(getJobForActivity(db, 1)).toEqual({
      id: 1,
      activityId: 1,
      connectedSystemId: 7,
      state: 'running',
      ownerPid: 4242,
      ownerStartedAt: null,
      heartbeatAt: 1700000000000,
    });
    db.close();
  });
});
