import { z } from 'zod';
import { CSO_STATUSES } from '../model';
import type { ConnectorSpaceObject, Page } from '../model';
import { paging } from './activities';
import { method } from './method';

const id = z.number().int().positive();

export const connectorSpaceContract = {
  'connectorSpace.list': method<Page<ConnectorSpaceObject>>()(
    z
      .object({
        systemId: id,
        search: z.string().max(200).optional(),
        status: z.enum(CSO_STATUSES).optional(),
        ...paging,
      })
      .strict(),
  ),
  'connectorSpace.get': method<ConnectorSpaceObject>()(z.object({ id }).strict()),
};
