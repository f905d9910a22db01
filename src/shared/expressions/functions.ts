// The whitelisted function table. Lookups go through a Map, so no name (constructor, __proto__,
// toString, ...) can reach anything but these implementations.

import { DATE_FUNCTIONS } from './dates';
import { SECRET_FUNCTIONS } from './secrets';
import { type Compiled, eager, type FunctionImpl, lazy } from './impl';
import type { ExprScalar, ExprValue, Runtime } from './types';
import {
  charge,
  checkedArray,
  checkedLength,
  checkedString,
  fail,
  integerArg,
  parseDecimalText,
  parseIntegerText,
  scalarText,
  singleArg,
  textArg,
  typeName,
  valuesEqual,
} from './values';

// ---- String -------------------------------------------------------------------------------------

/** A text transform: null in, null out; the output is length-checked. */
const text1 = (name: string, transform: (text: string) => string): [string, FunctionImpl] => [
  name,
  eager(1, 1, (rt, a) => {
    const text = textArg(name, a);
    return text === null ? null : checkedString(rt, transform(text));
  }),
];

const WORD_BREAKS = new Set([' ', '\t', '\n', '\r', '\u00a0', '-', "'", '\u2019']);

function capitalise(text: string): string {
  let out = '';
  let startOfWord = true;
  for (const ch of text.toLowerCase()) {
    out += startOfWord ? ch.toUpperCase() : ch;
    startOfWord = WORD_BREAKS.has(ch) || ch.trim() === '';
  }
  return out;
}

function replaceAll(rt: Runtime, text: string, old: string, replacement: string): string {
  if (old === '') return text;
  // Size the result before building it, so Replace cannot allocate far past the limit.
  let count = 0;
  for (let at = text.indexOf(old); at !== -1; at = text.indexOf(old, at + old.length)) count++;
  if (count === 0) return text;
  checkedLength(rt, text.length + count * (replacement.length - old.length));
  return text.split(old).join(replacement);
}

function textPredicate(name: string, test: (text: string, other: string) => boolean): [string, FunctionImpl] {
  return [
    name,
    eager(2, 2, (_rt, a, b) => {
      if (Array.isArray(a)) fail(`${name}: expected a single value but got a list${name === 'Contains' ? ' (use CollectionContains)' : ''}`);
      const text = textArg(name, a);
      const other = textArg(name, b);
      if (other === null) fail(`${name}: the second argument is null`);
      return text === null ? false : test(text, other);
    }),
  ];
}

const STRING_FUNCTIONS: [string, FunctionImpl][] = [
  text1('Trim', (s) => s.trim()),
  text1('Upper', (s) => s.toUpperCase()),
  text1('Lower', (s) => s.toLowerCase()),
  text1('Capitalise', capitalise),
  [
    'Left',
    eager(2, 2, (_rt, a, b) => {
      const text = textArg('Left', a);
      const n = integerArg('Left', 'count', b);
      return text === null ? null : n <= 0 ? '' : text.slice(0, n);
    }),
  ],
  [
    'Right',
    eager(2, 2, (_rt, a, b) => {
      const text = textArg('Right', a);
      const n = integerArg('Right', 'count', b);
      return text === null ? null : n <= 0 ? '' : n >= text.length ? text : text.slice(text.length - n);
    }),
  ],
  [
    'Substring',
    eager(2, 3, (_rt, a, b, c) => {
      const text = textArg('Substring', a);
      const start = Math.max(0, integerArg('Substring', 'start', b));
      const length = c === undefined ? Number.MAX_SAFE_INTEGER : integerArg('Substring', 'length', c);
      if (text === null) return null;
      if (length <= 0 || start >= text.length) return '';
      return text.slice(start, Math.min(text.length, start + length));
    }),
  ],
  [
    'Replace',
    eager(3, 3, (rt, a, b, c) => {
      const text = textArg('Replace', a);
      const old = textArg('Replace', b);
      const replacement = textArg('Replace', c) ?? '';
      return text === null ? null : old === null ? text : replaceAll(rt, text, old, replacement);
    }),
  ],
  [
    'Length',
    eager(1, 1, (_rt, a) => {
      if (Array.isArray(a)) fail('Length: expected a single value but got a list (use Count)');
      const text = textArg('Length', a);
      return text === null ? null : text.length;
    }),
  ],
  ['IsNullOrEmpty', eager(1, 1, (_rt, a) => a === null || a === undefined || a === '' || (Array.isArray(a) && a.length === 0))],
  [
    'IsNullOrWhitespace',
    eager(1, 1, (_rt, a) => a === null || a === undefined || (typeof a === 'string' && a.trim() === '') || (Array.isArray(a) && a.length === 0)),
  ],
  textPredicate('StartsWith', (s, p) => s.startsWith(p)),
  textPredicate('EndsWith', (s, p) => s.endsWith(p)),
  textPredicate('Contains', (s, p) => s.includes(p)),
];

// ---- Logic --------------------------------------------------------------------------------------

const LOGIC_FUNCTIONS: [string, FunctionImpl][] = [
  [
    'IIF',
    lazy(3, 3, (rt, [test, whenTrue, whenFalse]) => {
      const condition = (test as Compiled)(rt);
      if (condition !== true && condition !== false) fail(`IIF: the condition must be true or false, got ${typeName(condition)}`);
      return condition ? (whenTrue as Compiled)(rt) : (whenFalse as Compiled)(rt);
    }),
  ],
  [
    'Coalesce',
    lazy(2, Number.POSITIVE_INFINITY, (rt, args) => {
      for (const arg of args) {
        const value = arg(rt);
        if (value !== null && value !== '') return value;
      }
      return null;
    }),
  ],
  ['Eq', eager(2, 2, (_rt, a, b) => valuesEqual(a ?? null, b ?? null))],
];

// ---- Conversion ---------------------------------------------------------------------------------

function toNumber(name: string, value: ExprValue | undefined, parse: (text: string) => number | null, whole: boolean): ExprValue {
  const single = singleArg(name, value);
  if (single === null) return null;
  if (typeof single === 'number') {
    const n = whole ? Math.trunc(single) : single;
    return Number.isFinite(n) && (!whole || Number.isSafeInteger(n)) ? n : 0;
  }
  if (typeof single === 'boolean') return single ? 1 : 0;
  if (typeof single === 'string') return parse(single) ?? 0;
  return 0; // a date is not a number
}

const CONVERSION_FUNCTIONS: [string, FunctionImpl][] = [
  [
    'ToString',
    eager(1, 1, (rt, a) => {
      const single = singleArg('ToString', a);
      return single === null ? null : checkedString(rt, scalarText(single));
    }),
  ],
  ['ToInt', eager(1, 1, (_rt, a) => toNumber('ToInt', a, parseIntegerText, true))],
  ['ToDecimal', eager(1, 1, (_rt, a) => toNumber('ToDecimal', a, parseDecimalText, false))],
];

// ---- Directory ----------------------------------------------------------------------------------

/** RFC 4514 section 2.4 escaping of an attribute value. */
export function escapeDn(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '"' || ch === '+' || ch === ',' || ch === ';' || ch === '<' || ch === '>' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\u0000') out += '\\00';
    else if (i === 0 && (ch === ' ' || ch === '#')) out += `\\${ch}`;
    else if (i === value.length - 1 && ch === ' ') out += '\\ ';
    else out += ch;
  }
  return out;
}

// ---- Collection ---------------------------------------------------------------------------------

function asList(value: ExprValue | undefined): readonly ExprScalar[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const COLLECTION_FUNCTIONS: [string, FunctionImpl][] = [
  [
    'CollectionContains',
    eager(2, 2, (rt, a, b) => {
      const list = asList(a);
      const wanted = singleArg('CollectionContains', b);
      charge(rt, list.length);
      for (const item of list) if (valuesEqual(item, wanted)) return true;
      return false;
    }),
  ],
  [
    'Split',
    eager(2, 2, (rt, a, b) => {
      const text = textArg('Split', a);
      const delimiter = textArg('Split', b);
      if (delimiter === null || delimiter === '') fail('Split: the delimiter must not be empty');
      if (text === null || text === '') return null;
      const parts = text.split(delimiter);
      charge(rt, parts.length);
      const items: string[] = [];
      for (const part of parts) {
        const item = part.trim();
        if (item !== '') items.push(item);
      }
      return items.length === 0 ? null : checkedArray(rt, items);
    }),
  ],
  [
    'Join',
    eager(1, 2, (rt, a, b) => {
      const list = asList(a);
      const delimiter = b === undefined ? ',' : (textArg('Join', b) ?? '');
      charge(rt, list.length);
      let out = '';
      let any = false;
      for (const item of list) {
        const text = scalarText(item);
        if (text === '') continue;
        checkedLength(rt, out.length + delimiter.length + text.length);
        out = any ? out + delimiter + text : text;
        any = true;
      }
      return any ? out : null;
    }),
  ],
  ['First', eager(1, 1, (_rt, a) => (a === null || a === undefined ? null : Array.isArray(a) ? (a[0] ?? null) : a))],
  ['Count', eager(1, 1, (_rt, a) => (a === null || a === undefined ? 0 : Array.isArray(a) ? a.length : 1))],
];

// ---- Bit flags ----------------------------------------------------------------------------------

const ACCOUNT_DISABLE = 0x2;

function flagsArg(name: string, value: ExprValue | undefined): bigint | null {
  if (singleArg(name, value) === null) return null;
  return BigInt(integerArg(name, 'the value', value));
}

function maskArg(name: string, value: ExprValue | undefined): bigint {
  const mask = integerArg(name, 'the mask', value);
  if (mask <= 0) fail(`${name}: the mask must be a positive number such as 2 or 65536`);
  return BigInt(mask);
}

const bits = (name: string, arity: 1 | 2, apply: (value: bigint, mask: bigint) => bigint): [string, FunctionImpl] => [
  name,
  eager(arity, arity, (_rt, a, b) => {
    const value = flagsArg(name, a);
    const mask = arity === 1 ? BigInt(ACCOUNT_DISABLE) : maskArg(name, b);
    return value === null ? null : Number(apply(value, mask));
  }),
];

const BIT_FUNCTIONS: [string, FunctionImpl][] = [
  bits('EnableUser', 1, (v, m) => v & ~m),
  bits('DisableUser', 1, (v, m) => v | m),
  bits('SetBit', 2, (v, m) => v | m),
  bits('ClearBit', 2, (v, m) => v & ~m),
  [
    'HasBit',
    eager(2, 2, (_rt, a, b) => {
      const value = flagsArg('HasBit', a);
      const mask = maskArg('HasBit', b);
      return value !== null && (value & mask) === mask;
    }),
  ],
];

export const FUNCTIONS: ReadonlyMap<string, FunctionImpl> = new Map<string, FunctionImpl>([
  ...STRING_FUNCTIONS,
  ...LOGIC_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ['EscapeDN', eager(1, 1, (rt, a) => {
    const text = textArg('EscapeDN', a);
    return text === null ? null : checkedString(rt, escapeDn(text));
  })],
  ...COLLECTION_FUNCTIONS,
  ...BIT_FUNCTIONS,
  ...SECRET_FUNCTIONS,
]);
