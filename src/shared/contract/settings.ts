import { z } from 'zod';
import { method } from './method';

/** Application-wide settings (domain §8.6: retention of run history). */
export interface AppSettings {
  /** Activities and their execution items older than this many days are purged by housekeeping. */
  retentionDays: number;
}

/** What one housekeeping pass did (the CLI's `housekeeping run --json` prints the same). */
export interface HousekeepingSummary {
  /** The activity recording the pass; null when there was nothing to do. */
  activityId: number | null;
  retentionDays: number;
  activitiesPurged: number;
  executionItemsPurged: number;
  /** Metaverse objects whose deletion grace period was over, deleted. */
  objectsDeleted: number;
  /** Delete exports queued for the deleted objects' connections. */
  deprovisioned: number;
}

export const RETENTION_DAYS_RANGE = { min: 1, max: 3650 } as const;

export const settingsContract = {
  'settings.get': method<AppSettings>()(z.object({}).strict()),
  'settings.update': method<AppSettings>()(
    z
      .object({
        retentionDays: z
          .number()
          .int('Retention is a whole number of days')
          .min(RETENTION_DAYS_RANGE.min, `Keep history for at least ${RETENTION_DAYS_RANGE.min} day`)
          .max(RETENTION_DAYS_RANGE.max, `Keep history for at most ${RETENTION_DAYS_RANGE.max} days`),
      })
      .strict(),
  ),
  /** One housekeeping pass now, as the timer runs it (domain §7.4, §8.6). */
  'settings.runHousekeeping': method<HousekeepingSummary>()(z.object({}).strict()),
};
