import type { AttributeValues, ScalarValue, ScopeCriterion, ScopeGroup } from '../../../shared/model';

/**
 * Case-insensitive attribute lookup (names are forgiving, domain §14). Only the object's own
 * attributes count: a name like "constructor" must not reach Object.prototype.
 */
export function valueOf(attributes: AttributeValues, name: string): ScalarValue[] {
  const key = findKey(attributes, name);
  const value = key === undefined ? undefined : attributes[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function findKey(attributes: AttributeValues, name: string): string | undefined {
  if (Object.hasOwn(attributes, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(attributes).find((k) => k.toLowerCase() === lower);
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One criterion against the FIRST value of the attribute (domain §14). A missing attribute
 * matches only "equals <empty>" and "is absent"; every other operator is false for it.
 */
export function criterionHolds(criterion: ScopeCriterion, attributes: AttributeValues): boolean {
  const first = valueOf(attributes, criterion.attribute)[0];
  const present = first !== undefined && String(first) !== '';
  switch (criterion.operator) {
    case 'isPresent':
      return present;
    case 'isAbsent':
      return !present;
    default:
      break;
  }
  if (!present) return criterion.operator === 'equals' && criterion.value === '';
  const fold = (s: string): string => (criterion.caseSensitive ? s : s.toLowerCase());
  const actual = fold(String(first));
  const expected = fold(criterion.value);
  switch (criterion.operator) {
    case 'equals':
      return actual === expected;
    case 'notEquals':
      return actual !== expected;
    case 'startsWith':
      return actual.startsWith(expected);
    case 'endsWith':
      return actual.endsWith(expected);
    case 'contains':
      return actual.includes(expected);
    case 'lessThan':
      return compare(actual, expected) < 0;
    case 'greaterThan':
      return compare(actual, expected) > 0;
  }
}

function groupHolds(group: ScopeGroup, attributes: AttributeValues): boolean {
  const results = [
    ...group.criteria.map((c) => () => criterionHolds(c, attributes)),
    ...group.groups.map((g) => () => groupHolds(g, attributes)),
  ];
  if (results.length === 0) return true;
  return group.match === 'all' ? results.every((r) => r()) : results.some((r) => r());
}

/** Top-level groups are OR-ed; no groups means every object is in scope (domain §1.3). */
export function inScope(scoping: readonly ScopeGroup[], attributes: AttributeValues): boolean {
  if (scoping.length === 0) return true;
  return scoping.some((group) => groupHolds(group, attributes));
}

export function hasCriteria(scoping: readonly ScopeGroup[]): boolean {
  const groupHasCriteria = (g: ScopeGroup): boolean => g.criteria.length > 0 || g.groups.some(groupHasCriteria);
  return scoping.some(groupHasCriteria);
}
