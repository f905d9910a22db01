import { getAppSettings, updateAppSettings } from '../housekeeping/settings';
import type { DomainHandlers, HandlerContext } from './context';

/** Application-wide settings (history retention). */
export function settingsHandlers(ctx: HandlerContext): DomainHandlers<'settings'> {
  const { db } = ctx;
  return {
    'settings.get': () => getAppSettings(db),
    'settings.update': ({ retentionDays }) => updateAppSettings(db, { retentionDays }),
  };
}
