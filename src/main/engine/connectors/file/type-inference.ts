import type { AttributeType } from '../../../../shared/model';
import type { AttributeDefinition } from '../../../store';
import { keepsSpellingAsNumber, parseValue } from '../../values';
import type { SchemaSettings } from './schema-discovery';

// A stored number keeps no spelling (see keepsSpellingAsNumber): a column is only inferred numeric
// when each of its samples is a number written the one way it will be written back.

/** Does the sample fit the type? Used by schema inference, which tries types narrowest first. */
export function fitsType(type: AttributeType, sample: string): boolean {
  try {
    parseValue(type, sample);
  } catch {
    return false;
  }
  if (type === 'integer' || type === 'decimal') return keepsSpellingAsNumber(sample);
  if (type === 'boolean') return /^(true|false)$/i.test(sample.trim());
  return true;
}

const INFERENCE_ORDER: readonly AttributeType[] = ['integer', 'decimal', 'boolean', 'guid', 'dateTime'];

export function inferType(samples: readonly string[]): AttributeType {
  if (samples.length === 0) return 'text';
  return INFERENCE_ORDER.find((type) => samples.every((s) => fitsType(type, s))) ?? 'text';
}

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
    // The anchor is an identifier: text unless the admin overrides it.
    const type = isExternalId ? 'text' : inferType(values);
    seen.set(key, { name: column, type, multiValued: holdsDelimiter, isExternalId });
  });
  return [...seen.values()];
}

export function splitMultiValue(cell: string, delimiter: string): string[] {
  return cell
    .split(delimiter)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
