// Date functions. Dates are UTC instants; inputs may be Date values or ISO-8601 text (the store's form).

import { eager, type FunctionImpl } from './impl';
import type { ExprValue, Runtime } from './types';
import {
  checkedDate,
  checkedString,
  dateArg,
  daysInMonth,
  fail,
  integerArg,
  numberArg,
  parseIsoDate,
  singleArg,
  textArg,
  typeName,
  utcTime,
} from './values';

const DAY_MS = 86_400_000;
/** Milliseconds between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;
const FILETIME_NEVER = '9223372036854775807';

function now(rt: Runtime, fn: string): Date {
  const value = rt.ctx.now ? rt.ctx.now() : new Date();
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(`${fn}: the clock returned an invalid date`);
  return value;
}

// ---- FormatDate ---------------------------------------------------------------------------------

type Part = string | ((d: Date) => string);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TOKEN_LETTERS = 'yMdHhmsft';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const hour12 = (d: Date): number => d.getUTCHours() % 12 || 12;

function tokenPart(letter: string, count: number): Part | null {
  switch (letter) {
    case 'y':
      if (count === 4) return (d) => pad(d.getUTCFullYear(), 4);
      if (count === 2) return (d) => pad(d.getUTCFullYear() % 100, 2);
      return null;
    case 'M':
      if (count <= 2) return (d) => pad(d.getUTCMonth() + 1, count);
      if (count === 3) return (d) => (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3);
      if (count === 4) return (d) => MONTHS[d.getUTCMonth()] ?? '';
      return null;
    case 'd':
      if (count <= 2) return (d) => pad(d.getUTCDate(), count);
      if (count === 3) return (d) => (DAYS[d.getUTCDay()] ?? '').slice(0, 3);
      if (count === 4) return (d) => DAYS[d.getUTCDay()] ?? '';
      return null;
    case 'H':
      return count <= 2 ? (d) => pad(d.getUTCHours(), count) : null;
    case 'h':
      return count <= 2 ? (d) => pad(hour12(d), count) : null;
    case 'm':
      return count <= 2 ? (d) => pad(d.getUTCMinutes(), count) : null;
    case 's':
      return count <= 2 ? (d) => pad(d.getUTCSeconds(), count) : null;
    case 'f':
      return count <= 7 ? (d) => pad(d.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, count) : null;
    case 't':
      if (count === 1) return (d) => (d.getUTCHours() < 12 ? 'A' : 'P');
      if (count === 2) return (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM');
      return null;
    default:
      return null;
  }
}

function compileFormat(format: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < format.length) {
    const ch = format.charAt(i);
    if (ch === "'") {
      const end = format.indexOf("'", i + 1);
      if (end === -1) fail('FormatDate: unclosed quote in the format');
      literal += format.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\' && i + 1 < format.length) {
      literal += format.charAt(i + 1);
      i += 2;
    } else if (TOKEN_LETTERS.includes(ch)) {
      let count = 1;
      while (format.charAt(i + count) === ch) count++;
      const part = tokenPart(ch, count);
      if (part === null) fail(`FormatDate: unsupported format token "${ch.repeat(count)}"`);
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(part);
      i += count;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

// Formats are usually literals: compile each once (bounded, so attribute-driven formats cannot grow it).
const formatCache = new Map<string, Part[]>();

function formatDate(date: Date, format: string): string {
  let parts = formatCache.get(format);
  if (!parts) {
    parts = compileFormat(format);
    if (formatCache.size >= 256) formatCache.clear();
    formatCache.set(format, parts);
  }
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : part(date);
  return out;
}

// ---- FILETIME -----------------------------------------------------------------------------------

function toFileTime(value: ExprValue | undefined): number | null {
  const single = singleArg('ToFileTime', value);
  if (single === null || single === '') return null;
  let date: Date | null;
  if (single instanceof Date) date = Number.isNaN(single.getTime()) ? null : single;
  else if (typeof single === 'string') date = parseIsoDate(single);
  else return fail(`ToFileTime: expected a date, got ${typeName(single)}`);
  if (date === null) return null;
  const ms = date.getTime() + FILETIME_EPOCH_OFFSET_MS;
  return ms < 0 ? null : ms * 10_000;
}

function fromFileTime(value: ExprValue | undefined): Date | null {
  const single = singleArg('FromFileTime', value);
  if (single === null) return null;
  let ticks: bigint;
  if (typeof single === 'number') {
    if (!Number.isFinite(single)) return null;
    if (single >= 9.223372036854775e18) return null; // Int64.MaxValue as a double
    ticks = BigInt(Math.trunc(single));
  } else if (typeof single === 'string') {
    const text = single.trim();
    if (!/^[+-]?\d{1,19}$/.test(text) || text === FILETIME_NEVER) return null;
    ticks = BigInt(text);
  } else {
    return fail(`FromFileTime: expected a number, got ${typeName(single)}`);
  }
  if (ticks <= 0n || ticks >= 9223372036854775807n) return null;
  const ms = Number(ticks / 10_000n) - FILETIME_EPOCH_OFFSET_MS;
  return Math.abs(ms) > 8.64e15 ? null : new Date(ms);
}

// ---- Table --------------------------------------------------------------------------------------

export const DATE_FUNCTIONS: [string, FunctionImpl][] = [
  ['Now', eager(0, 0, (rt) => new Date(now(rt, 'Now').getTime()))],
  [
    'Today',
    eager(0, 0, (rt) => {
      const d = now(rt, 'Today');
      return new Date(utcTime(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    }),
  ],
  [
    'FormatDate',
    eager(2, 2, (rt, a, b) => {
      const date = dateArg('FormatDate', a);
      const format = textArg('FormatDate', b);
      if (format === null) fail('FormatDate: the format is null');
      return date === null ? null : checkedString(rt, formatDate(date, format));
    }),
  ],
  [
    'AddDays',
    eager(2, 2, (_rt, a, b) => {
      const date = dateArg('AddDays', a);
      const days = numberArg('AddDays', 'days', b);
      return date === null ? null : checkedDate('AddDays', date.getTime() + days * DAY_MS);
    }),
  ],
  [
    'AddMonths',
    eager(2, 2, (_rt, a, b) => {
      const date = dateArg('AddMonths', a);
      const months = integerArg('AddMonths', 'months', b);
      if (date === null) return null;
      if (Math.abs(months) > 3_600_000) fail('AddMonths: date out of range');
      const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
      const year = Math.floor(total / 12);
      const month = total - year * 12;
      const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
      const time = utcTime(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
      return checkedDate('AddMonths', time);
    }),
  ],
  [
    'DateDiffDays',
    eager(2, 2, (_rt, a, b) => {
      const from = dateArg('DateDiffDays', a);
      const to = dateArg('DateDiffDays', b);
      if (from === null || to === null) return null;
      return Math.trunc((to.getTime() - from.getTime()) / DAY_MS) + 0; // + 0 turns -0 into 0
    }),
  ],
  ['ToFileTime', eager(1, 1, (_rt, a) => toFileTime(a))],
  ['FromFileTime', eager(1, 1, (_rt, a) => fromFileTime(a))],
];
