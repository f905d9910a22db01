import type { MetaverseSchema, MvAttribute, MvObjectType } from '../../../../shared/model/index';

/** Attributes that make good table columns when present, in order of preference (names compare case-insensitively). */
const PREFERRED_COLUMNS = [
  'email',
  'mail',
  'employeeid',
  'accountname',
  'samaccountname',
  'department',
  'title',
  'jobtitle',
];

export function typeByName(schema: MetaverseSchema, name: string): MvObjectType | undefined {
  const wanted = name.toLowerCase();
  return schema.objectTypes.find((t) => t.name.toLowerCase() === wanted);
}

/** Attributes bound to a type, or every attribute when no type is chosen; alphabetical. */
export function attributesFor(schema: MetaverseSchema, typeName: string | null): MvAttribute[] {
  const type = typeName ? typeByName(schema, typeName) : undefined;
  const list = type ? schema.attributes.filter((a) => a.boundTypeIds.includes(type.id)) : schema.attributes;
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Up to `max` columns worth showing next to the display name: attributes being filtered on first
 * (the admin is looking at them), then well-known identity attributes, then whatever holds values.
 */
export function keyAttributes(schema: MetaverseSchema, typeName: string | null, filtered: string[], max = 3): string[] {
  const candidates = attributesFor(schema, typeName).filter(
    (a) => a.name.toLowerCase() !== 'displayname' && a.type !== 'reference',
  );
  const picked: string[] = [];
  const add = (name: string): void => {
    if (picked.length < max && !picked.some((p) => p.toLowerCase() === name.toLowerCase())) picked.push(name);
  };
  for (const name of filtered) if (name.toLowerCase() !== 'displayname') add(name);
  for (const preferred of PREFERRED_COLUMNS) {
    const hit = candidates.find((a) => a.name.toLowerCase().replace(/[\s_.-]/g, '') === preferred);
    if (hit) add(hit.name);
  }
  for (const a of [...candidates].sort((x, y) => y.valueCount - x.valueCount)) add(a.name);
  return picked;
}

/** Case-insensitive attribute lookup: names are forgiving everywhere (domain §14). */
export function valueOf<T>(values: Record<string, T>, name: string): T | undefined {
  if (name in values) return values[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(values).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : values[key];
}
