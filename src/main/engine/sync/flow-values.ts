import {
  evaluateExpression,
  ExpressionError,
  type ExprValue,
} from '../../../shared/expressions';
import type { AttributeValues, ErrorType, MvAttributeType, ScalarValue } from '../../../shared/model';
import type { CompiledFlow } from './sync-model';
import { keepsSpellingAsNumber } from '../values';
import { valueOf } from './scoping';

/** What one flow contributes for one object. */
export type FlowOutcome =
  | { kind: 'values'; values: ScalarValue[] }
  /** failMapping or an evaluation error: this target keeps its current value (a throw never clears). */
  | { kind: 'keep'; errorType: ErrorType; message: string }
  /** failObject: nothing of this rule flows for the object. */
  | { kind: 'failObject'; errorType: ErrorType; message: string };

function toExprValue(values: ScalarValue[]): ExprValue {
  if (values.length === 0) return null;
  return values.length === 1 ? (values[0] as ScalarValue) : values;
}

function fromExprValue(value: ExprValue): ScalarValue[] {
  if (value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (v instanceof Date ? v.toISOString() : v));
}

/** A whitespace-only text is "no value" (treatWhitespaceAsNoValue, on by default). */
function dropEmpty(values: ScalarValue[]): ScalarValue[] {
  return values.filter((v) => !(typeof v === 'string' && v.trim() === ''));
}

/**
 * Evaluates a flow's source against an object's values: a direct attribute, a constant, or an
 * expression with its missing-input behaviour (domain §13.4). A throw never clears the target.
 */
export function flowSourceValues(compiled: CompiledFlow, attributes: AttributeValues, now: () => Date): FlowOutcome {
  const source = compiled.flow.source;
  if (source.kind === 'attribute') return { kind: 'values', values: dropEmpty(valueOf(attributes, source.attribute)) };
  if (source.kind === 'constant') return { kind: 'values', values: dropEmpty([source.value]) };
  const expression = compiled.expression;
  if (!expression) {
    return { kind: 'keep', errorType: 'ExpressionEvaluationError', message: `The expression for ${compiled.target} does not parse` };
  }
  if (source.missingInput !== 'evaluateAnyway') {
    const missing = expression.inputs.filter((input) => valueOf(attributes, input.name).every((v) => String(v) === ''));
    if (missing.length > 0) {
      const names = missing.map((m) => m.name).join(', ');
      if (source.missingInput === 'contributeNoValue') return { kind: 'values', values: [] };
      const message = `${compiled.target}: input ${names} is missing`;
      return source.missingInput === 'failMapping'
        ? { kind: 'keep', errorType: 'ExpressionMissingInput', message }
        : { kind: 'failObject', errorType: 'ExpressionMissingInput', message };
    }
  }
  try {
    const result = evaluateExpression(expression, {
      get: (_scope, name) => toExprValue(valueOf(attributes, name)),
      now,
    });
    return { kind: 'values', values: dropEmpty(fromExprValue(result)) };
  } catch (error) {
    const message = error instanceof ExpressionError ? error.message : String(error);
    return { kind: 'keep', errorType: 'ExpressionEvaluationError', message: `${compiled.target}: ${message}` };
  }
}

export class CoercionError extends Error {}

/**
 * Text flowing into a numeric attribute: a spelling a number cannot keep (0011, +5, 16 digits) is
 * refused rather than silently becoming another value (11), which could then match someone else.
 */
function numberFromText(raw: string): number {
  const text = raw.trim();
  if (text !== '' && !keepsSpellingAsNumber(text) && Number.isFinite(Number(text))) {
    throw new CoercionError(`"${raw}" would be stored as ${Number(text)}, losing how it is written (make the attribute text)`);
  }
  return Number(text);
}

/** Stores a flowed value as the target attribute's type (references are resolved by the caller). */
export function coerce(value: ScalarValue, type: MvAttributeType): ScalarValue {
  switch (type) {
    case 'text':
    case 'reference':
      return String(value);
    case 'integer': {
      const n = typeof value === 'number' ? value : numberFromText(String(value));
      if (!Number.isSafeInteger(n)) throw new CoercionError(`"${String(value)}" is not a whole number`);
      return n;
    }
    case 'decimal': {
      const n = typeof value === 'number' ? value : numberFromText(String(value));
      if (!Number.isFinite(n)) throw new CoercionError(`"${String(value)}" is not a number`);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = String(value).trim().toLowerCase();
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new CoercionError(`"${String(value)}" is not a boolean`);
    }
    case 'guid':
      return String(value).toLowerCase();
    case 'dateTime': {
      const instant = Date.parse(String(value));
      if (Number.isNaN(instant)) throw new CoercionError(`"${String(value)}" is not a date`);
      return new Date(instant).toISOString();
    }
  }
}

const identity = (v: ScalarValue): string => `${typeof v}:${String(v)}`;

/** Set equality by typed value. */
export function sameValues(a: readonly ScalarValue[], b: readonly ScalarValue[]): boolean {
  if (a.length !== b.length) return false;
  const left = new Set(a.map(identity));
  return b.every((v) => left.has(identity(v)));
}

/** Set equality by text, for comparing across systems whose types differ (file cells are text). */
export function sameText(a: readonly ScalarValue[], b: readonly ScalarValue[]): boolean {
  const left = [...new Set(a.map(String))].sort();
  const right = [...new Set(b.map(String))].sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

export function storedValue(values: ScalarValue[], multiValued: boolean): ScalarValue | ScalarValue[] | undefined {
  if (values.length === 0) return undefined;
  if (multiValued) return [...new Map(values.map((v) => [identity(v), v])).values()].sort((x, y) => (String(x) < String(y) ? -1 : 1));
  return values[0];
}
