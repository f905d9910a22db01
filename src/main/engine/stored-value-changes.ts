import type { AttributeType, ScalarValue } from '../../shared/model';
import { parseValue, ValueParseError } from './values';

/** What retyping stored values would do: how many would read differently, and the first such one. */
export interface ValueChangeCount {
  count: number;
  example: { from: string; to: string } | null;
}

/**
 * Each stored value is read again as the new type, as the next import would read its cell: a value
 * whose text comes out different (0011 -> 11) or that no longer parses changes. Stored values are
 * the best record of what the source held; for text attributes they are exactly the cells.
 */
export function countValueChanges(values: Iterable<ScalarValue>, type: AttributeType): ValueChangeCount {
  let count = 0;
  let example: ValueChangeCount['example'] = null;
  for (const value of values) {
    const from = String(value);
    let to: string;
    try {
      to = String(parseValue(type, from));
    } catch (error) {
      if (!(error instanceof ValueParseError)) throw error;
      to = `(not ${type === 'integer' ? 'an' : 'a'} ${type})`;
    }
    if (to === from) continue;
    count += 1;
    example ??= { from, to };
  }
  return { count, example };
}

export function describeValueChanges(changes: ValueChangeCount): string {
  const noun = changes.count === 1 ? 'stored value would change' : 'stored values would change';
  const example = changes.example ? ` (e.g. ${changes.example.from} → ${changes.example.to})` : '';
  return `${changes.count} ${noun}${example}`;
}
