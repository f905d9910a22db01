import {
  countAttributeValues,
  deleteMvAttribute,
  getMetaverseDetail,
  metaverseHistory,
  insertMvAttribute,
  insertMvObjectType,
  readMetaverseSchema,
  renameMvAttribute,
  searchMetaverse,
  setMvAttributeBindings,
  updateMvObjectTypeDeletion,
  getSystem,
  type WriteDb,
} from '../store';
import type { DomainHandlers, HandlerContext } from './context';
import { conflict, found, invalid, isUniqueViolation } from './errors';

function refuseWhileHeld(db: WriteDb, attributeName: string, typeIds: number[], action: string): void {
  for (const typeId of typeIds) {
    const held = countAttributeValues(db, attributeName, typeId);
    if (held > 0) throw conflict(`Cannot ${action} "${attributeName}": ${held} metaverse object(s) hold a value for it`);
  }
}

export function metaverseHandlers(ctx: HandlerContext): DomainHandlers<'metaverse'> {
  const { db } = ctx;
  const schema = () => readMetaverseSchema(db);
  const attribute = (id: number) => found(schema().attributes.find((a) => a.id === id), `Metaverse attribute ${id}`);
  const knownTypes = (ids: number[]): void => {
    const types = new Set(schema().objectTypes.map((t) => t.id));
    const unknown = ids.find((id) => !types.has(id));
    if (unknown !== undefined) throw invalid(`Metaverse object type ${unknown} does not exist`, { boundTypeIds: 'Unknown object type' });
  };
  return {
    'metaverse.schema': schema,
    'metaverse.createObjectType': ({ name }) => {
      try {
        insertMvObjectType(db, name);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`An object type named "${name}" already exists`, { name: 'This name is already used' });
        throw error;
      }
      return schema();
    },
    'metaverse.updateObjectType': (input) => {
      found(schema().objectTypes.find((t) => t.id === input.id), `Metaverse object type ${input.id}`);
      const missing = input.deletionTriggerSystemIds.find((id) => !getSystem(db, id));
      if (missing !== undefined) throw invalid(`Connected system ${missing} does not exist`, { deletionTriggerSystemIds: 'Unknown system' });
      updateMvObjectTypeDeletion(db, input.id, input);
      return schema();
    },
    'metaverse.createAttribute': (input) => {
      knownTypes(input.boundTypeIds);
      db.transaction(() => {
        try {
          const id = insertMvAttribute(db, input);
          setMvAttributeBindings(db, id, input.boundTypeIds);
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict(`An attribute named "${input.name}" already exists`, { name: 'This name is already used' });
          throw error;
        }
      }).immediate();
      return schema();
    },
    'metaverse.updateAttribute': (input) => {
      const current = attribute(input.id);
      knownTypes(input.boundTypeIds);
      const unbound = current.boundTypeIds.filter((t) => !input.boundTypeIds.includes(t));
      refuseWhileHeld(db, current.name, unbound, 'unbind');
      if (current.builtIn && input.name !== current.name) throw invalid(`"${current.name}" is built in and cannot be renamed`, { name: 'Built-in attributes keep their name' });
      if (input.name !== current.name && current.valueCount > 0) {
        throw conflict(`Cannot rename "${current.name}" while ${current.valueCount} metaverse object(s) hold a value for it`);
      }
      db.transaction(() => {
        try {
          if (input.name !== current.name) renameMvAttribute(db, input.id, input.name);
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict(`An attribute named "${input.name}" already exists`, { name: 'This name is already used' });
          throw error;
        }
        setMvAttributeBindings(db, input.id, input.boundTypeIds);
      }).immediate();
      return schema();
    },
    'metaverse.deleteAttribute': ({ id }) => {
      const current = attribute(id);
      if (current.builtIn) throw invalid(`"${current.name}" is built in and cannot be deleted`);
      if (current.valueCount > 0) throw conflict(`Cannot delete "${current.name}": ${current.valueCount} metaverse object(s) hold a value for it`);
      deleteMvAttribute(db, id);
      return schema();
    },
    'metaverse.search': (search) => searchMetaverse(db, search),
    'metaverse.get': ({ id }) => found(getMetaverseDetail(db, id), `Metaverse object ${id}`),
    'metaverse.history': ({ id, before, limit }) => {
      // A deleted identity keeps its history: its items name it even though the object is gone.
      return metaverseHistory(db, id, { before, limit });
    },
  };
}
