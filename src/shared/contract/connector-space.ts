import { z } from 'zod';
import { CSO_STATUSES } from '../model';
import type { ConnectorSpaceObject, Page } from '../model';
import { CS_SCOPES, type HistoryPage, type SystemScopeCounts } from '../model/drill-down';
import { paging } from './activities';
import { method } from './method';

const id = z.number().int().positive();

/** Histories page by item id, newest first: `before` is the previous page's nextBefore. */
export const historyPaging = {
  before: id.optional(),
  limit: z.number().int().min(1).max(500).default(50),
};

export const connectorSpaceContract = {
  'connectorSpace.list': method<Page<ConnectorSpaceObject>>()(
    z
      .object({
        systemId: id,
        search: z.string().max(200).optional(),
        status: z.enum(CSO_STATUSES).optional(),
        /** One of the pending views: the objects a "Search Connector Space" scope holds. */
        scope: z.enum(CS_SCOPES).optional(),
        ...paging,
      })
      .strict(),
  ),
  'connectorSpace.get': method<ConnectorSpaceObject>()(z.object({ id }).strict()),
  /** Every execution item that touched the object, newest first, one keyset page at a time. */
  'connectorSpace.history': method<HistoryPage>()(z.object({ id, ...historyPaging }).strict()),
  /** Per system (all of them, or the one given): how many objects each pending view holds. */
  'connectorSpace.scopeCounts': method<SystemScopeCounts[]>()(z.object({ systemId: id.optional() }).strict()),
};
