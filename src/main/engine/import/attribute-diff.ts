import type { AttributeChange, AttributeValue, AttributeValues, ScalarValue } from '../../../shared/model';

function asList(value: AttributeValue | undefined): ScalarValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const identity = (v: ScalarValue): string => `${typeof v}:${String(v)}`;

/**
 * Attribute-level diff with set semantics for multi-valued attributes. Comparison is exact: a
 * case-only change of text is a change (domain §14).
 */
export function diffAttributes(before: AttributeValues, after: AttributeValues): AttributeChange[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: AttributeChange[] = [];
  for (const name of [...names].sort()) {
    // Own values only: a plain object's toString or constructor is not an attribute's value.
    const old = asList(Object.hasOwn(before, name) ? before[name] : undefined);
    const next = asList(Object.hasOwn(after, name) ? after[name] : undefined);
    const oldIds = new Set(old.map(identity));
    const nextIds = new Set(next.map(identity));
    const added = next.filter((v) => !oldIds.has(identity(v)));
    const removed = old.filter((v) => !nextIds.has(identity(v)));
    if (added.length === 0 && removed.length === 0) continue;
    const kind = added.length && removed.length ? 'replace' : added.length ? 'add' : 'remove';
    changes.push({ name, kind, added, removed });
  }
  return changes;
}
