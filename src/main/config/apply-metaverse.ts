import type { MvAttribute } from '../../shared/model';
import {
  countAttributeValues,
  insertMvAttribute,
  insertMvObjectType,
  readMetaverseSchema,
  setMvAttributeBindings,
  updateMvObjectTypeDeletion,
  type WriteDb,
} from '../store';
import { invalid } from '../ipc/errors';
import { lower, sameSet, type ApplyContext } from './apply-context';
import type { ConfigDocument } from './document';

type Metaverse = ConfigDocument['metaverse'];

/** Creates the metaverse object types the database lacks (their deletion rules come last: they name systems). */
export function applyMvObjectTypes(db: WriteDb, objectTypes: Metaverse['objectTypes'], ctx: ApplyContext): void {
  objectTypes.forEach((type, i) => {
    if (ctx.mvTypeNamed(type.name)) return;
    const ok = ctx.attempt(['metaverse', 'objectTypes', i], () => {
      insertMvObjectType(db, type.name);
      ctx.createdTypes.add(lower(type.name));
      ctx.changes.push(`metaverse object type ${type.name}: created`);
    });
    if (!ok) ctx.failed.types.add(lower(type.name));
  });
}

/** Metaverse attributes and their bindings. */
export function applyMvAttributes(db: WriteDb, attributes: Metaverse['attributes'], ctx: ApplyContext): void {
  const { problems, changes } = ctx;
  attributes.forEach((attribute, i) => {
    const path = ['metaverse', 'attributes', i] as const;
    const typeIds: number[] = [];
    let unresolved = false;
    attribute.boundTo.forEach((name, j) => {
      const type = ctx.mvTypeNamed(name);
      if (type) typeIds.push(type.id);
      else {
        unresolved = true;
        if (!ctx.failed.types.has(lower(name))) problems.add([...path, 'boundTo', j], `The metaverse has no object type "${name}"`);
      }
    });
    if (unresolved) return;
    const current: MvAttribute | undefined = readMetaverseSchema(db).attributes.find((a) => lower(a.name) === lower(attribute.name));
    ctx.attempt(path, () => {
      if (!current) {
        const id = insertMvAttribute(db, attribute);
        setMvAttributeBindings(db, id, typeIds);
        changes.push(`metaverse attribute ${attribute.name}: created`);
        return;
      }
      if (current.type !== attribute.type) {
        problems.add([...path, 'type'], `The type of an existing attribute cannot change (it is ${current.type})`);
      }
      if (current.multiValued !== attribute.multiValued) {
        problems.add([...path, 'multiValued'], `The plurality of an existing attribute cannot change (it is ${current.multiValued ? 'multi' : 'single'}-valued)`);
      }
      if (sameSet(current.boundTypeIds, typeIds)) return;
      for (const typeId of current.boundTypeIds.filter((t) => !typeIds.includes(t))) {
        const held = countAttributeValues(db, current.name, typeId);
        const typeName = ctx.mvTypes().find((t) => t.id === typeId)?.name ?? String(typeId);
        if (held > 0) throw invalid(`Cannot unbind from ${typeName}: ${held} metaverse object(s) hold a value`, { boundTo: `Cannot unbind "${current.name}" from ${typeName}: ${held} metaverse object(s) hold a value for it` });
      }
      setMvAttributeBindings(db, current.id, typeIds);
      changes.push(`metaverse attribute ${current.name}: object types updated`);
    });
  });
}

/** Deletion rules of the metaverse object types; applied once every system exists. */
export function applyMvDeletionRules(db: WriteDb, objectTypes: Metaverse['objectTypes'], ctx: ApplyContext): void {
  objectTypes.forEach((wanted, i) => {
    const path = ['metaverse', 'objectTypes', i] as const;
    const type = ctx.mvTypeNamed(wanted.name);
    if (!type) return;
    const ids: number[] = [];
    let complete = true;
    wanted.deletionTriggerSystems.forEach((name, j) => {
      const id = ctx.systemNamed(name);
      if (id === undefined) {
        complete = false;
        ctx.unknownSystem([...path, 'deletionTriggerSystems', j], name);
      } else ids.push(id);
    });
    if (!complete) return;
    const same =
      type.deletionRule === wanted.deletionRule &&
      type.deletionGraceSeconds === wanted.deletionGraceSeconds &&
      sameSet(type.deletionTriggerSystemIds, ids);
    if (same) return;
    ctx.attempt(path, () => {
      updateMvObjectTypeDeletion(db, type.id, {
        deletionRule: wanted.deletionRule,
        deletionGraceSeconds: wanted.deletionGraceSeconds,
        deletionTriggerSystemIds: ids,
      });
      if (!ctx.createdTypes.has(lower(wanted.name))) ctx.changes.push(`metaverse object type ${type.name}: deletion rule updated`);
    });
  });
}
