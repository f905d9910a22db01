import { ApiError } from '../../shared/contract';
import { createLab, labNextDay, labStatus } from '../lab/create-lab';
import type { DomainHandlers, HandlerContext } from './context';

/** The demo lab (docs/demo-lab.md). The lab folder sits beside the database unless the CLI says otherwise. */
export function labHandlers(ctx: HandlerContext): DomainHandlers<'lab'> {
  const { db } = ctx;
  const databasePath = ctx.info.databasePath;
  return {
    'lab.create': ({ size }) => createLab(db, { size, databasePath }),
    'lab.nextDay': () => labNextDay(db, databasePath),
    'lab.status': () => labStatus(db, databasePath),
    'lab.openFolder': async () => {
      const status = labStatus(db, databasePath);
      if (!status.exists) throw new ApiError({ code: 'notFound', message: 'This database has no demo lab yet' });
      if (!ctx.openPath) {
        throw new ApiError({ code: 'unavailable', message: `Only the desktop app can open folders: the lab is in ${status.labDir}` });
      }
      await ctx.openPath(status.labDir);
    },
  };
}
