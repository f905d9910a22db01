import type { Migration } from './index';

export const migration0040: Migration = {
  version: 40,
  name: 'application settings (retention), activities by creation time',
  up(db) {
    db.exec(`
      -- Application-wide settings, one JSON value per key (see src/main/housekeeping/settings.ts).
      CREATE TABLE app_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO app_settings (key, value) VALUES ('retentionDays', '90');

      -- Retention purges and date-range filters read activities by creation time.
      CREATE INDEX activities_by_created_at ON activities(created_at);
    `);
  },
};
