import {
  connectorSpaceHistory,
  errorTypeCounts,
  getActivity,
  getConnectorSpaceObject,
  getSystem,
  latestActivityForProfile,
  listActivities,
  listChildActivities,
  listConnectorSpace,
  listExecutionItems,
  scopeCounts,
} from '../store';
import type { DomainHandlers, HandlerContext } from './context';
import { found } from './errors';
import { cancelExecution } from './schedule-handlers';

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
    'activities.errorTypes': ({ id }) => {
      found(getActivity(db, id), `Activity ${id}`);
      return errorTypeCounts(db, id);
    },
    'activities.cancel': ({ id }) => {
      const activity = found(getActivity(db, id), `Activity ${id}`);
      // A schedule execution stops its running steps and drops the rest.
      if (activity.kind === 'schedule') cancelExecution(ctx, id);
      else ctx.queue.cancel(id);
    },
    'activities.children': ({ id }) => {
      found(getActivity(db, id), `Activity ${id}`);
      return listChildActivities(db, id);
    },
  };
}

export function connectorSpaceHandlers(ctx: HandlerContext): DomainHandlers<'connectorSpace'> {
  const { db } = ctx;
  return {
    'connectorSpace.list': (filter) => listConnectorSpace(db, filter),
    'connectorSpace.get': ({ id }) => found(getConnectorSpaceObject(db, id), `Connector space object ${id}`),
    'connectorSpace.history': ({ id, before, limit }) => {
      const object = found(getConnectorSpaceObject(db, id), `Connector space object ${id}`);
      return connectorSpaceHistory(db, object, { before, limit });
    },
    'connectorSpace.scopeCounts': ({ systemId }) => {
      if (systemId !== undefined) found(getSystem(db, systemId), `Connected system ${systemId}`);
      return scopeCounts(db, systemId);
    },
  };
}
