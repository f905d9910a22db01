import type { Migration } from './index';

export const migration0030: Migration = {
  version: 30,
  name: 'schedules, schedule executions (parent activities)',
  up(db) {
    db.exec(`
      CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        enabled INTEGER NOT NULL DEFAULT 1,
        -- The trigger as JSON (ScheduleTrigger): manual, times, interval or cron.
        trigger TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Epoch ms up to which the scheduler has looked for due slots: slots after it and up to
        -- now are due (or missed, when the scheduler was not running).
        checked_at INTEGER NOT NULL,
        -- The latest slot that passed while no scheduler was running (ISO), until the schedule runs.
        missed_run_at TEXT
      );

      CREATE TABLE schedule_steps (
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        run_profile_id INTEGER NOT NULL REFERENCES run_profiles(id) ON DELETE CASCADE,
        parallel_with_previous INTEGER NOT NULL DEFAULT 0,
        continue_on_failure INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (schedule_id, position)
      );
      CREATE INDEX schedule_steps_by_profile ON schedule_steps(run_profile_id);

      -- An execution is a parent activity (kind 'schedule'); each step run is a child activity.
      ALTER TABLE activities ADD COLUMN kind TEXT NOT NULL DEFAULT 'run';
      ALTER TABLE activities ADD COLUMN parent_activity_id INTEGER REFERENCES activities(id) ON DELETE CASCADE;
      ALTER TABLE activities ADD COLUMN schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL;
      -- A child's position in its execution's plan.
      ALTER TABLE activities ADD COLUMN schedule_step INTEGER;
      CREATE INDEX activities_by_parent ON activities(parent_activity_id, id) WHERE parent_activity_id IS NOT NULL;
      CREATE INDEX activities_by_schedule ON activities(schedule_id, id) WHERE schedule_id IS NOT NULL;
      CREATE INDEX activities_top_level ON activities(id) WHERE parent_activity_id IS NULL;

      -- The live side of an execution: its step plan (a snapshot taken when it started) and the
      -- process coordinating it, so any process can tell an execution whose coordinator died.
      CREATE TABLE schedule_executions (
        activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
        schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL,
        plan TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );

      -- One scheduler fires triggers at a time (the app or \`junction scheduler run\`); others stand by.
      CREATE TABLE scheduler_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner_pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `);
  },
};
