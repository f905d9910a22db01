import type { FileConnectorSettings, SchemaObjectType } from '../../shared/model';
import {
  findRunProfileByName,
  findSystemByName,
  insertRunProfile,
  insertSystem,
  listJobsForSystem,
  listObjectTypes,
  mergeDiscoveredSchema,
  setExternalIdAttribute,
  setObjectTypeSelected,
  updateAttributeDefinition,
  updateRunProfile,
  updateSystem,
  type WriteDb,
} from '../store';
import { invalid } from '../ipc/errors';
import { toFileSettings } from '../../shared/contract/systems';
import { lower, type ApplyContext } from './apply-context';
import type { ConfigSystem } from './document';


const sameSettings = (a: FileConnectorSettings, b: FileConnectorSettings): boolean =>
  a.filePath === b.filePath &&
  a.delimiter === b.delimiter &&
  a.multiValueDelimiter === b.multiValueDelimiter &&
  a.encoding === b.encoding &&
  (a.objectType ?? null) === (b.objectType ?? null) &&
  (a.objectTypeColumn ?? null) === (b.objectTypeColumn ?? null) &&
  a.externalIdColumn === b.externalIdColumn &&
  a.mode === b.mode &&
  a.changeTypeColumn === b.changeTypeColumn;

type DesiredType = ConfigSystem['schema']['objectTypes'][number];

/** Whether the stored schema already is what the document describes (objects it does not name are ignored). */
function schemaMatches(stored: SchemaObjectType[], desired: DesiredType[]): boolean {
  return desired.every((type) => {
    const current = stored.find((t) => lower(t.name) === lower(type.name));
    if (!current || current.selected !== type.selected) return false;
    const named = current.attributes.filter((a) => type.attributes.some((d) => lower(d.name) === lower(a.name)));
    if (named.length !== type.attributes.length) return false;
    const anchors = current.attributes.filter((a) => a.isExternalId).map((a) => lower(a.name));
    const wantedAnchor = type.attributes.filter((a) => a.externalId).map((a) => lower(a.name));
    if (anchors.length !== 1 || anchors[0] !== wantedAnchor[0]) return false;
    return type.attributes.every((d, i) => {
      const a = named[i];
      return (
        a !== undefined &&
        lower(a.name) === lower(d.name) &&
        a.type === d.type &&
        a.multiValued === d.multiValued &&
        a.selected === d.selected &&
        a.typeSetByAdmin === d.typeSetByAdmin
      );
    });
  });
}

/** Writes the document's schema of one system: ids of existing types and attributes are kept. */
function writeSchema(db: WriteDb, systemId: number, desired: DesiredType[]): void {
  mergeDiscoveredSchema(
    db,
    systemId,
    desired.map((t) => ({
      name: t.name,
      attributes: t.attributes.map((a) => ({ name: a.name, type: a.type, multiValued: a.multiValued, isExternalId: a.externalId })),
    })),
  );
  const stored = listObjectTypes(db, systemId);
  const resetShape = db.prepare('UPDATE schema_attributes SET type = ?, multi_valued = ?, type_set_by_admin = 0 WHERE id = ?');
  for (const type of desired) {
    const current = stored.find((t) => lower(t.name) === lower(type.name));
    if (!current) throw new Error(`Object type ${type.name} was not stored`);
    if (current.selected !== type.selected) setObjectTypeSelected(db, current.id, type.selected);
    for (const attribute of type.attributes) {
      const a = current.attributes.find((x) => lower(x.name) === lower(attribute.name));
      if (!a) throw new Error(`Attribute ${attribute.name} was not stored`);
      if (attribute.typeSetByAdmin) {
        updateAttributeDefinition(db, a.id, { type: attribute.type, multiValued: attribute.multiValued, selected: attribute.selected });
      } else {
        if (a.typeSetByAdmin) resetShape.run(attribute.type, attribute.multiValued ? 1 : 0, a.id);
        if (a.selected !== attribute.selected) updateAttributeDefinition(db, a.id, { selected: attribute.selected });
      }
      if (attribute.externalId) setExternalIdAttribute(db, current.id, a.id);
    }
  }
}

/** Connected systems with their schema; records the id of each in the context. */
export function applySystems(db: WriteDb, systems: readonly ConfigSystem[], ctx: ApplyContext): void {
  const { changes, systemIds } = ctx;
  systems.forEach((system, i) => {
    const path = ['connectedSystems', i] as const;
    const settings = toFileSettings(system.settings);
    const existing = findSystemByName(db, system.name);
    const ok = ctx.attempt(path, () => {
      if (!existing) {
        const id = insertSystem(db, { name: system.name, description: system.description, connectorType: system.connector, settings });
        writeSchema(db, id, system.schema.objectTypes);
        systemIds.set(lower(system.name), id);
        changes.push(`connected system ${system.name}: created`);
        return;
      }
      systemIds.set(lower(system.name), existing.id);
      const settingsChanged = !sameSettings(existing.settings, settings);
      const descriptionChanged = existing.description !== system.description;
      const schemaChanged = !schemaMatches(listObjectTypes(db, existing.id), system.schema.objectTypes);
      if (!settingsChanged && !descriptionChanged && !schemaChanged) return;
      const job = listJobsForSystem(db, existing.id)[0];
      if (job) throw invalid(`Cannot change ${existing.name} while activity #${job.activityId} is queued or running on it`);
      if (settingsChanged || descriptionChanged) {
        updateSystem(db, existing.id, { name: existing.name, description: system.description, settings });
        changes.push(`connected system ${existing.name}: ${settingsChanged ? 'settings' : 'description'} updated`);
      }
      if (schemaChanged) {
        writeSchema(db, existing.id, system.schema.objectTypes);
        changes.push(`connected system ${existing.name}: schema updated`);
      }
    });
    if (!ok) ctx.failed.systems.add(lower(system.name));
  });
}

/** Run profiles, matched by system and name (only of systems that applied). */
export function applyRunProfiles(db: WriteDb, systems: readonly ConfigSystem[], ctx: ApplyContext): void {
  systems.forEach((system, i) => {
    const systemId = ctx.systemIds.get(lower(system.name));
    if (systemId === undefined) return;
    system.runProfiles.forEach((profile, j) => {
      const path = ['connectedSystems', i, 'runProfiles', j] as const;
      ctx.attempt(path, () => {
        const label = `run profile ${system.name}/${profile.name}`;
        const existing = findRunProfileByName(db, systemId, profile.name);
        if (!existing) {
          insertRunProfile(db, { connectedSystemId: systemId, ...profile });
          ctx.changes.push(`${label}: created`);
          return;
        }
        if (existing.runType !== profile.runType) {
          throw invalid('run type', {
            runType: `The run type of an existing run profile cannot change (it is ${existing.runType}): give the new profile another name`,
          });
        }
        if (existing.batchSize === profile.batchSize && existing.filePath === profile.filePath) return;
        updateRunProfile(db, existing.id, { name: existing.name, batchSize: profile.batchSize, filePath: profile.filePath });
        ctx.changes.push(`${label}: updated`);
      });
    });
  });
}
