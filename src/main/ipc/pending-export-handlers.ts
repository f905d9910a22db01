import { getPendingExport, getSystem, listPendingExports, nowIso, retryFailedPendingExports, retryPendingExport } from '../store';
import type { DomainHandlers, HandlerContext } from './context';
import { conflict, found } from './errors';

export function pendingExportHandlers(ctx: HandlerContext): DomainHandlers<'pendingExports'> {
  const { db } = ctx;
  return {
    'pendingExports.list': (filter) => listPendingExports(db, filter),
    'pendingExports.retry': ({ id }) => {
      const pe = found(getPendingExport(db, id), `Pending export ${id}`);
      if (!retryPendingExport(db, id, nowIso())) throw conflict(`Pending export ${id} is ${pe.status}: only failed exports are retried by hand`);
    },
    'pendingExports.retryFailed': ({ systemId }) => {
      found(getSystem(db, systemId), `Connected system ${systemId}`);
      return { retried: retryFailedPendingExports(db, systemId, nowIso()) };
    },
  };
}
