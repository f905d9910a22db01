import type { Migration } from './index';

export const migration0050: Migration = {
  version: 50,
  name: 'run jobs remember when their owning process started',
  up(db) {
    db.exec(`
      -- With owner_pid it names the process for certain: a pid reused by another process after
      -- the owner died no longer passes for it. NULL where the platform does not say (pid only).
      ALTER TABLE run_jobs ADD COLUMN owner_started_at TEXT;
    `);
  },
};
