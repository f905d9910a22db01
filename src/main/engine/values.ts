import type { AttributeType, ScalarValue } from '../../shared/model';
import { quoteValue } from '../../shared/bounded-text';

// Parsing and normalising one cell value per schema type. Values are stored normalised so that
// comparisons are exact: 5.0 and 5.00 are one decimal, GUIDs are lower-case, instants are UTC ISO.

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN_TRUE = new Set(['true', 'yes', 'y', '1']);
const BOOLEAN_FALSE = new Set(['false', 'no', 'n', '0']);
const GUID = /^[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[)}]?$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export class ValueParseError extends Error {}

export function parseValue(type: AttributeType, raw: string): ScalarValue {
  switch (type) {
    case 'text':
      return raw;
    case 'integer': {
      const text = raw.trim();
      const n = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(n)) throw new ValueParseError(`${quoteValue(raw)} is not a whole number`);
      return n;
    }
    case 'decimal': {
      const text = raw.trim();
      const n = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(n)) throw new ValueParseError(`${quoteValue(raw)} is not a decimal number`);
      return n;
    }
    case 'boolean': {
      const text = raw.trim().toLowerCase();
      if (BOOLEAN_TRUE.has(text)) return true;
      if (BOOLEAN_FALSE.has(text)) return false;
      throw new ValueParseError(`${quoteValue(raw)} is not a boolean (true/false)`);
    }
    case 'guid': {
      const m = GUID.exec(raw.trim());
      if (!m) throw new ValueParseError(`${quoteValue(raw)} is not a GUID`);
      return m.slice(1, 6).join('-').toLowerCase();
    }
    case 'dateTime': {
      const text = raw.trim();
      if (!DATE_TIME.test(text)) throw new ValueParseError(`${quoteValue(raw)} is not an ISO-8601 date or date-time`);
      // A date-time without a zone is read as UTC: files carry no culture and the store is UTC.
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
      const instant = Date.parse(hasZone || text.length === 10 ? text : `${text.replace(' ', 'T')}Z`);
      if (Number.isNaN(instant)) throw new ValueParseError(`${quoteValue(raw)} is not a valid date`);
      return new Date(instant).toISOString();
    }
  }
}

// A stored number keeps no spelling: 0011 becomes 11 and +5 becomes 5 in the connector space, the
// metaverse and every file it is exported to. Inference and flows into numeric attributes only
// accept text that is a number written the one way it will be written back; identifiers are text.

/** Beyond this many significant digits a double no longer holds every value exactly. */
const MAX_SIGNIFICANT_DIGITS = 15;
const LEADING_ZERO = /^-?0\d/;
const SIGNIFICANT_DIGITS = /^-?0*(\d*?)\.?(\d*?)(?:[eE][+-]?\d+)?$/;

function significantDigits(sample: string): number {
  const match = SIGNIFICANT_DIGITS.exec(sample);
  if (!match) return Number.POSITIVE_INFINITY;
  const digits = `${match[1] ?? ''}${match[2] ?? ''}`.replace(/^0+/, '');
  return digits.length;
}

/** Would this sample be written back exactly as it is, were it stored as a number? */
export function keepsSpellingAsNumber(sample: string): boolean {
  return (
    sample === sample.trim() &&
    !sample.startsWith('+') &&
    !LEADING_ZERO.test(sample) &&
    significantDigits(sample) <= MAX_SIGNIFICANT_DIGITS
  );
}

/** Total order used to keep multi-valued sets canonical. */
export function compareScalars(a: ScalarValue, b: ScalarValue): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sortedUnique(values: ScalarValue[]): ScalarValue[] {
  const sorted = [...values].sort(compareScalars);
  return sorted.filter((v, i) => i === 0 || compareScalars(v, sorted[i - 1] as ScalarValue) !== 0);
}
