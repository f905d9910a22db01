// Value helpers: type names for messages, argument coercion, typed equality and ordering, ISO dates.

import { ExpressionError, type ExprScalar, type ExprValue, type Runtime } from './types';

export function fail(message: string): never {
  throw new ExpressionError(message);
}

export function typeName(value: ExprValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'date';
  return typeof value; // string | number | boolean
}

/** Counts work; every compiled node and every list item a function walks costs one step. */
export function charge(rt: Runtime, steps: number): void {
  rt.steps += steps;
  if (rt.steps > rt.limits.maxSteps) fail(`evaluation exceeded ${rt.limits.maxSteps} steps`);
}

/** Every string the expression produces passes through here. */
export function checkedString(rt: Runtime, text: string): string {
  if (text.length > rt.limits.maxStringLength) fail(`string result longer than ${rt.limits.maxStringLength} characters`);
  return text;
}

export function checkedLength(rt: Runtime, length: number): void {
  if (length > rt.limits.maxStringLength) fail(`string result longer than ${rt.limits.maxStringLength} characters`);
}

export function checkedArray<T>(rt: Runtime, list: T[]): T[] {
  if (list.length > rt.limits.maxArrayLength) fail(`list result longer than ${rt.limits.maxArrayLength} items`);
  return list;
}

/** Invariant text of a scalar: numbers as JavaScript prints them, dates as ISO-8601 UTC. */
export function scalarText(value: ExprScalar): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return isoText(value);
  return String(value);
}

export function isoText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) fail('invalid date');
  return date.toISOString();
}

/** A single value, or null; a list is an error naming the function. */
export function singleArg(fn: string, value: ExprValue | undefined): ExprScalar | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) fail(`${fn}: expected a single value but got a list (use First(...) or Join(...))`);
  return value;
}

/** Text argument: scalars convert to their invariant text, null stays null. */
export function textArg(fn: string, value: ExprValue | undefined): string | null {
  const single = singleArg(fn, value);
  return single === null ? null : scalarText(single);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** Number argument (numeric text accepted); null and anything else are errors. */
export function numberArg(fn: string, what: string, value: ExprValue | undefined): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${fn}: ${what} must be a finite number`);
    return value;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    const n = Number(text);
    if (DECIMAL.test(text) && Number.isFinite(n)) return n;
  }
  return fail(`${fn}: ${what} must be a number, got ${typeName(value)}`);
}

/** Whole-number argument: fractions are truncated towards zero. */
export function integerArg(fn: string, what: string, value: ExprValue | undefined): number {
  const n = Math.trunc(numberArg(fn, what, value));
  if (!Number.isSafeInteger(n)) fail(`${fn}: ${what} is out of range`);
  return n;
}

export function booleanArg(fn: string, what: string, value: ExprValue | undefined): boolean {
  if (value === true || value === false) return value;
  return fail(`${fn}: ${what} must be true or false, got ${typeName(value)}`);
}

/** Parses strict integer text ("12", "-3"); null when it is not one. */
export function parseIntegerText(text: string): number | null {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : null;
}

export function parseDecimalText(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

// ---- Dates --------------------------------------------------------------------------------------

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Builds a UTC instant without Date.UTC's two-digit-year remapping; NaN when out of range. */
export function utcTime(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(h, m, s, ms);
  return d.getTime();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcTime(year, month + 1, 0)).getUTCDate();
}

/** ISO-8601 date or date-time text as the store writes it; no zone means UTC. Null when not one. */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const time = utcTime(year, month - 1, day, hour, minute, second, ms) - offset;
  return Number.isNaN(time) ? null : new Date(time);
}

/** Date argument: a Date, or ISO-8601 text (how the store keeps date-times); null stays null. */
export function dateArg(fn: string, value: ExprValue | undefined): Date | null {
  const single = singleArg(fn, value);
  if (single === null) return null;
  if (single instanceof Date) {
    if (Number.isNaN(single.getTime())) fail(`${fn}: invalid date`);
    return single;
  }
  if (typeof single === 'string') {
    const parsed = parseIsoDate(single);
    if (parsed) return parsed;
    return fail(`${fn}: "${truncate(single)}" is not an ISO-8601 date`);
  }
  return fail(`${fn}: expected a date, got ${typeName(single)}`);
}

export function checkedDate(fn: string, time: number): Date {
  // ECMAScript dates span ±8.64e15 ms around 1970.
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) fail(`${fn}: date out of range`);
  return new Date(time);
}

export function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// ---- Equality and ordering ---------------------------------------------------------------------

/** Typed, case-sensitive equality (Eq, ==, CollectionContains). A date equals ISO text of the same instant. */
export function valuesEqual(a: ExprValue, b: ExprValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i] as ExprScalar, b[i] as ExprScalar)) return false;
    return true;
  }
  if (a instanceof Date) return sameInstant(a, b);
  if (b instanceof Date) return sameInstant(b, a);
  return false;
}

function sameInstant(date: Date, other: ExprScalar): boolean {
  if (other instanceof Date) return date.getTime() === other.getTime();
  if (typeof other === 'string') {
    const parsed = parseIsoDate(other);
    return parsed !== null && parsed.getTime() === date.getTime();
  }
  return false;
}

/** Ordering for < <= > >=: null when either side is null (the comparison is then false). */
export function compareValues(op: string, a: ExprValue, b: ExprValue): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date || b instanceof Date) {
    const x = comparableTime(op, a);
    const y = comparableTime(op, b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return fail(`cannot compare ${typeName(a)} with ${typeName(b)} using ${op}`);
}

function comparableTime(op: string, value: ExprValue): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const parsed = parseIsoDate(value);
    if (parsed) return parsed.getTime();
    return fail(`cannot compare date with "${truncate(value)}" using ${op}: not an ISO-8601 date`);
  }
  return fail(`cannot compare date with ${typeName(value)} using ${op}`);
}
