import {
  getActivity,
  getConnectorSpaceObject,
  latestActivityForProfile,
  listActivities,
  listConnectorSpace,
  listExecutionItems,
} from '../store';
import type { DomainHandlers, HandlerContext } from './context';
import { found } from './errors';

export function activityHandlers(ctx: HandlerContext): DomainHandlers<'activities'> {
  const { db } = ctx;
  return {
    'activities.list': (filter) => listActivities(db, filter),
    'activities.get': ({ id }) => found(getActivity(db, id), `Activity ${id}`),
    'activities.latestForProfile': ({ runProfileId }) => latestActivityForProfile(db, runProfileId) ?? null,
    'activities.items': (filter) => {
      found(getActivity(db, filter.activityId), `Activity ${filter.activityId}`);
      return listExecutionItems(db, filter);
    },
    'activities.cancel': ({ id }) => {
      found(getActivity(db, id), `Activity ${id}`);
      ctx.queue.cancel(id);
    },
  };
}

export function connectorSpaceHandlers(ctx: HandlerContext): DomainHandlers<'connectorSpace'> {
  const { db } = ctx;
  return {
    'connectorSpace.list': (filter) => listConnectorSpace(db, filter),
    'connectorSpace.get': ({ id }) => found(getConnectorSpaceObject(db, id), `Connector space object ${id}`),
  };
}
