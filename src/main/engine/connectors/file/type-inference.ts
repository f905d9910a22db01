import type { AttributeDefinition } from '../../../store';
import { inferType } from '../../values';
import type { SchemaSettings } from './schema-discovery';

/**
 * Turns a header and its sampled cells into attribute definitions: one attribute per distinct
 * column name; a repeated column name, or sample values holding the multi-value delimiter, make
 * the attribute multi-valued.
 */
export function buildAttributes(
  header: string[],
  samples: Map<string, string[]>,
  settings: SchemaSettings,
  skipColumn: (index: number) => boolean,
): AttributeDefinition[] {
  const seen = new Map<string, AttributeDefinition>();
  const externalIdKey = settings.externalIdColumn.trim().toLowerCase();
  header.forEach((column, index) => {
    if (skipColumn(index) || column === '') return;
    const key = column.toLowerCase();
    const existing = seen.get(key);
    if (existing) {
      existing.multiValued = key !== externalIdKey;
      return;
    }
    const isExternalId = key === externalIdKey;
    const raw = samples.get(key) ?? [];
    const holdsDelimiter = !isExternalId && raw.some((cell) => cell.includes(settings.multiValueDelimiter));
    const values = holdsDelimiter ? raw.flatMap((cell) => splitMultiValue(cell, settings.multiValueDelimiter)) : raw;
    seen.set(key, { name: column, type: inferType(values), multiValued: holdsDelimiter, isExternalId });
  });
  return [...seen.values()];
}

export function splitMultiValue(cell: string, delimiter: string): string[] {
  return cell
    .split(delimiter)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
