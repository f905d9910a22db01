import type { AttributeType } from '../../shared/model';
import type { DiscoveredObjectType } from '../engine/connectors/types';
import { countValueChanges, describeValueChanges, type ValueChangeCount } from '../engine/stored-value-changes';
import { listObjectTypes, storedAttributeValues, type ReadDb } from '../store';
import { conflict } from './errors';

/** One attribute about to be given another type. */
export interface TypeChange {
  objectTypeId: number;
  attribute: string;
  type: AttributeType;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The retypings merging this discovered schema would make: types the admin set are kept, so they never change. */
export function typeChangesOfDiscovery(db: ReadDb, systemId: number, discovered: DiscoveredObjectType[]): TypeChange[] {
  const stored = listObjectTypes(db, systemId);
  const changes: TypeChange[] = [];
  for (const type of discovered) {
    const current = stored.find((t) => sameName(t.name, type.name));
    if (!current) continue;
    for (const attribute of type.attributes) {
      const existing = current.attributes.find((a) => sameName(a.name, attribute.name));
      if (existing && !existing.typeSetByAdmin && existing.type !== attribute.type) {
        changes.push({ objectTypeId: current.id, attribute: existing.name, type: attribute.type });
      }
    }
  }
  return changes;
}

/**
 * A schema change that would alter values already stored (0011 read as an integer is 11) is
 * refused until the caller confirms it, and the refusal says how many values and gives one:
 * nobody should lose identifiers to a dropdown. The field key lets a form ask and resend.
 */
export function requireConfirmedValueChanges(db: ReadDb, changes: readonly TypeChange[], confirmed: boolean | undefined): void {
  if (confirmed === true) return;
  const total: ValueChangeCount = { count: 0, example: null };
  const attributes: string[] = [];
  for (const change of changes) {
    const counted = countValueChanges(storedAttributeValues(db, change.objectTypeId, change.attribute), change.type);
    if (counted.count === 0) continue;
    total.count += counted.count;
    total.example ??= counted.example;
    attributes.push(`"${change.attribute}" to ${change.type}`);
  }
  if (total.count === 0) return;
  const message = `${describeValueChanges(total)} by changing ${attributes.join(', ')}. Confirm to save anyway.`;
  throw conflict(message, { confirmValueChanges: message });
}
