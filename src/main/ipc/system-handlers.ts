import { existsSync } from 'node:fs';
import { toFileSettings } from '../../shared/contract/systems';
import type { ConnectedSystem, FileConnectorSettings } from '../../shared/model';
import { discoverFileSchema, previewFile } from '../engine/connectors/file/schema-discovery';
import { ConnectorError, type DiscoveredObjectType } from '../engine/connectors/types';
import {
  deleteSystem,
  findSystemByName,
  getAttribute,
  getSystem,
  insertSystem,
  listJobsForSystem,
  listObjectTypes,
  listSystemSummaries,
  mergeDiscoveredSchema,
  objectTypeBelongsTo,
  setExternalIdAttribute,
  setObjectTypeSelected,
  updateAttributeDefinition,
  updateSystem,
  type WriteDb,
} from '../store';
import type { DomainHandlers, HandlerContext } from './context';
import { conflict, found, invalid } from './errors';
import { requireConfirmedValueChanges, typeChangesOfDiscovery } from './schema-change-guard';



/** Reads the source's schema; a connector problem becomes a field error on the settings form. */
async function discover(settings: FileConnectorSettings): Promise<DiscoveredObjectType[]> {
  if (settings.mode === 'exportOnly' && !existsSync(settings.filePath) && settings.objectType) {
    // An export-only target may not exist yet: its columns come from the sync rules.
    return [
      {
        name: settings.objectType,
        attributes: [{ name: settings.externalIdColumn, type: 'text', multiValued: false, isExternalId: true }],
      },
    ];
  }
  try {
    return await discoverFileSchema(settings);
  } catch (error) {
    if (error instanceof ConnectorError) {
      throw invalid(error.message, { [`settings.${error.field ?? 'filePath'}`]: error.message });
    }
    throw error;
  }
}

export function loadSystem(db: WriteDb, id: number): ConnectedSystem {
  const record = found(getSystem(db, id), `Connected system ${id}`);
  return { ...record, objectTypes: listObjectTypes(db, id) };
}

function assertIdle(db: WriteDb, systemId: number, action: string): void {
  const jobs = listJobsForSystem(db, systemId);
  if (jobs.length > 0) {
    throw conflict(`Cannot ${action} while activity #${jobs[0]?.activityId} is queued or running on this system`);
  }
}

function assertNameFree(db: WriteDb, name: string, exceptId?: number): void {
  const existing = findSystemByName(db, name);
  if (existing && existing.id !== exceptId) {
    throw conflict(`A connected system named "${name}" already exists`, { name: 'This name is already used' });
  }
}

export function systemHandlers(ctx: HandlerContext): DomainHandlers<'systems'> {
  const { db } = ctx;
  return {
    'systems.list': () => listSystemSummaries(db),
    'systems.get': ({ id }) => loadSystem(db, id),
    'systems.previewFile': async ({ filePath, delimiter, encoding }) => {
      try {
        return await previewFile(filePath, { delimiter, encoding });
      } catch (error) {
        if (error instanceof ConnectorError) throw invalid(error.message, { filePath: error.message });
        throw error;
      }
    },
    'systems.create': async (input) => {
      assertNameFree(db, input.name);
      const settings = toFileSettings(input.settings);
      const schema = await discover(settings);
      const create = db.transaction(() => {
        const id = insertSystem(db, { name: input.name, description: input.description, connectorType: 'file', settings });
        mergeDiscoveredSchema(db, id, schema);
        return id;
      });
      return loadSystem(db, create.immediate());
    },
    'systems.update': async (input) => {
      found(getSystem(db, input.id), `Connected system ${input.id}`);
      assertNameFree(db, input.name, input.id);
      assertIdle(db, input.id, 'change the settings');
      const settings = toFileSettings(input.settings);
      const schema = await discover(settings);
      // New settings re-read the schema, which is a refresh: it may retype stored values too.
      requireConfirmedValueChanges(db, typeChangesOfDiscovery(db, input.id, schema), input.confirmValueChanges);
      const update = db.transaction(() => {
        updateSystem(db, input.id, { name: input.name, description: input.description, settings });
        mergeDiscoveredSchema(db, input.id, schema);
      });
      update.immediate();
      return loadSystem(db, input.id);
    },
    'systems.delete': ({ id }) => {
      found(getSystem(db, id), `Connected system ${id}`);
      assertIdle(db, id, 'delete the system');
      deleteSystem(db, id);
    },
    'systems.refreshSchema': async ({ id, confirmValueChanges }) => {
      const system = found(getSystem(db, id), `Connected system ${id}`);
      assertIdle(db, id, 'refresh the schema');
      const schema = await discover(system.settings);
      requireConfirmedValueChanges(db, typeChangesOfDiscovery(db, id, schema), confirmValueChanges);
      db.transaction(() => mergeDiscoveredSchema(db, id, schema)).immediate();
      return loadSystem(db, id);
    },
    'systems.updateAttribute': ({ systemId, attributeId, isExternalId, confirmValueChanges, ...change }) => {
      const attribute = getAttribute(db, attributeId);
      if (!attribute || attribute.systemId !== systemId) throw invalid(`Attribute ${attributeId} is not in this system`);
      assertIdle(db, systemId, 'change the schema');
      const multiValued = change.multiValued ?? attribute.multiValued;
      if ((isExternalId || attribute.isExternalId) && multiValued) {
        throw invalid(`"${attribute.name}" is the external ID, which must be single-valued`, {
          multiValued: 'The external ID must be single-valued',
        });
      }
      if (attribute.isExternalId && change.selected === false) {
        throw invalid(`"${attribute.name}" is the external ID: it is always imported`, {
          selected: 'The external ID cannot be deselected',
        });
      }
      if (change.type !== undefined && change.type !== attribute.type) {
        requireConfirmedValueChanges(db, [{ objectTypeId: attribute.objectTypeId, attribute: attribute.name, type: change.type }], confirmValueChanges);
      }
      db.transaction(() => {
        updateAttributeDefinition(db, attributeId, change);
        if (isExternalId) setExternalIdAttribute(db, attribute.objectTypeId, attributeId);
      }).immediate();
      return loadSystem(db, systemId);
    },
    'systems.updateObjectType': ({ systemId, objectTypeId, selected }) => {
      if (!objectTypeBelongsTo(db, objectTypeId, systemId)) throw invalid(`Object type ${objectTypeId} is not in this system`);
      assertIdle(db, systemId, 'change the schema');
      setObjectTypeSelected(db, objectTypeId, selected);
      return loadSystem(db, systemId);
    },
  };
}
