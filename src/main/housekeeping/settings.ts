import type { AppSettings } from '../../shared/contract/settings';
import type { ReadDb, WriteDb } from '../store';

/** Values of keys missing from app_settings (a key added after the database was created). */
const DEFAULTS: AppSettings = { retentionDays: 90 };

/** Application-wide settings (table app_settings, one JSON value per key). */
export function getAppSettings(db: ReadDb): AppSettings {
  const rows = db.prepare('SELECT key, value FROM app_settings').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const retentionDays = stored.get('retentionDays');
  return { retentionDays: typeof retentionDays === 'number' ? retentionDays : DEFAULTS.retentionDays };
}

export function updateAppSettings(db: WriteDb, patch: Partial<AppSettings>): AppSettings {
  const upsert = db.prepare(
    'INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, JSON.stringify(value));
  }).immediate();
  return getAppSettings(db);
}
