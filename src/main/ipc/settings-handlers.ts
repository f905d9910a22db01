import { runHousekeeping } from '../housekeeping/housekeeping';
import { getAppSettings, updateAppSettings } from '../housekeeping/settings';
import type { DomainHandlers, HandlerContext } from './context';

/** Application-wide settings (history retention) and the housekeeping they drive. */
export function settingsHandlers(ctx: HandlerContext): DomainHandlers<'settings'> {
  const { db } = ctx;
  return {
    'settings.get': () => getAppSettings(db),
    'settings.update': ({ retentionDays }) => updateAppSettings(db, { retentionDays }),
    'settings.runHousekeeping': async () => {
      const now = ctx.now?.() ?? new Date();
      const result = await runHousekeeping(db, now, { initiatedBy: ctx.initiator });
      return {
        activityId: result.activityId,
        retentionDays: result.retentionDays,
        activitiesPurged: result.activitiesPurged,
        executionItemsPurged: result.executionItemsPurged,
        objectsDeleted: result.objectsDeleted,
        deprovisioned: result.counters.deprovisioned,
      };
    },
  };
}
