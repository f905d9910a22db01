import { createHash, hash } from 'node:crypto';
import type { SchemaObjectType } from '../../../shared/model';

/** Bump to invalidate every stored hash (they are then re-stamped lazily by the next import). */
const HASH_ALGORITHM_VERSION = 1;

/** Attributes that take part in the hash: what the import reads (selected + the anchor). */
export function readAttributeKeys(type: SchemaObjectType): string[] {
  return type.attributes
    .filter((a) => a.selected || a.isExternalId)
    .map((a) => a.name.toLowerCase())
    .sort((a, b) => (a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0));
}

/**
 * Hash of the object type's schema shape: a change of type, plurality or selection makes every
 * stored hash of that type stale, so the next import diffs instead of skipping.
 */
export function schemaFingerprint(type: SchemaObjectType, multiValueDelimiter: string): string {
  const shape = type.attributes
    .map((a) => [a.name.toUpperCase(), a.type, a.multiValued, a.selected, a.isExternalId])
    .sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([HASH_ALGORITHM_VERSION, multiValueDelimiter, shape]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Hash of the INCOMING object (domain §3.5): attributes sorted by name, values de-duplicated and
 * sorted, absent attributes omitted. Never computed from stored values.
 */
export function contentHash(keys: readonly string[], values: ReadonlyMap<string, string[]>): string {
  // One string, one native hash call: per-piece update() calls cost more than the hashing.
  let canonical = '';
  for (const key of keys) {
    const list = values.get(key);
    if (!list || list.length === 0) continue;
    const sorted = list.length === 1 ? list : [...new Set(list)].sort();
    canonical += `${key}\u0001${sorted.join('\u0002')}\u0003`;
  }
  // One-shot crypto.hash is several times cheaper than a Hash object per row; 128 bits is plenty.
  return hash('sha256', canonical, 'base64').slice(0, 22);
}
