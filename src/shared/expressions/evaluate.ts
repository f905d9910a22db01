// The interpreter: each validated AST is compiled once into a tree of closures (no eval, no Function),
// cached per AST object, so an evaluation is a walk of closures with one small runtime object.

import { FUNCTIONS } from './functions';
import type { Compiled } from './impl';
import {
  EXPRESSION_LIMITS,
  type EvaluationContext,
  ExpressionError,
  type ExpressionLimits,
  type ExpressionScope,
  type ExprNode,
  type ExprScalar,
  type ExprValue,
  type ParsedExpression,
  type Runtime,
} from './types';
import { checkedArray, checkedLength, compareValues, fail, isoText, scalarText, typeName, valuesEqual } from './values';

function tooManySteps(rt: Runtime): never {
  return fail(`evaluation exceeded ${rt.limits.maxSteps} steps`);
}

function finite(n: number): number {
  if (!Number.isFinite(n)) fail('number out of range');
  return n === 0 ? 0 : n; // no -0
}

function concatText(value: ExprScalar | ExprScalar[] | null): string {
  if (value === null) return '';
  if (Array.isArray(value)) return fail('+ cannot combine a list with text (use Join or First)');
  return scalarText(value);
}

/** `+`: text if either side is text (null counts as ""), numbers add, null with a number is null. */
function add(rt: Runtime, a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === 'number' && typeof b === 'number') return finite(a + b);
  if (typeof a === 'string' || typeof b === 'string') {
    const x = concatText(a);
    const y = concatText(b);
    checkedLength(rt, x.length + y.length);
    return x + y;
  }
  if ((a === null || typeof a === 'number') && (b === null || typeof b === 'number')) return null;
  return fail(`cannot apply + to ${typeName(a)} and ${typeName(b)}`);
}

function arithmetic(op: '-' | '*' | '/' | '%', a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '-':
        return finite(a - b);
      case '*':
        return finite(a * b);
      case '/':
        if (b === 0) fail('division by zero');
        return finite(a / b);
      case '%':
        if (b === 0) fail('division by zero');
        return finite(a % b);
    }
  }
  if ((a === null || typeof a === 'number') && (b === null || typeof b === 'number')) return null;
  return fail(`cannot apply ${op} to ${typeName(a)} and ${typeName(b)}`);
}

function requireBoolean(what: string, value: ExprValue): boolean {
  if (value === true || value === false) return value;
  return fail(`${what} must be true or false, got ${typeName(value)}`);
}

function compileNode(node: ExprNode, depth: number): Compiled {
  if (typeof node !== 'object' || node === null) return fail('malformed expression tree');
  if (depth > EXPRESSION_LIMITS.maxDepth + 1) fail('expression is nested too deeply');
  switch (node.type) {
    case 'literal': {
      const value = node.value;
      if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
        fail('malformed literal in expression tree');
      }
      return () => value;
    }
    case 'attribute':
      return compileAttribute(node.scope, node.name);
    case 'unary': {
      const argument = compileNode(node.argument, depth + 1);
      if (node.operator === '-') {
        return (rt) => {
          if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
          const v = argument(rt);
          if (typeof v === 'number') return finite(-v);
          if (v === null) return null;
          return fail(`cannot negate ${typeName(v)}`);
        };
      }
      if (node.operator === '!') {
        return (rt) => {
          if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
          return !requireBoolean('the operand of !', argument(rt));
        };
      }
      return fail('unsupported operator in expression tree');
    }
    case 'binary':
      return compileBinary(node.operator, compileNode(node.left, depth + 1), compileNode(node.right, depth + 1));
    case 'logical': {
      const left = compileNode(node.left, depth + 1);
      const right = compileNode(node.right, depth + 1);
      const op = node.operator;
      const what = `the operands of ${op}`;
      if (op !== '&&' && op !== '||') return fail('unsupported operator in expression tree');
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        const l = requireBoolean(what, left(rt));
        if (op === '&&' ? !l : l) return l;
        return requireBoolean(what, right(rt));
      };
    }
    case 'conditional': {
      const test = compileNode(node.test, depth + 1);
      const consequent = compileNode(node.consequent, depth + 1);
      const alternate = compileNode(node.alternate, depth + 1);
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        return requireBoolean('the condition of ? :', test(rt)) ? consequent(rt) : alternate(rt);
      };
    }
    case 'array': {
      const elements = node.elements.map((element) => compileNode(element, depth + 1));
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        const items: ExprScalar[] = [];
        for (const element of elements) {
          const v = element(rt);
          if (v === null) continue; // a list holds values, never "no value"
          if (Array.isArray(v)) fail('a list item cannot itself be a list');
          items.push(v);
        }
        return items.length === 0 ? null : checkedArray(rt, items);
      };
    }
    case 'call':
      return compileCall(node.name, node.args, depth);
    default:
      return fail(`malformed expression tree (${String((node as { type: unknown }).type)})`);
  }
}

function isAttributeScalar(value: unknown): value is ExprScalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (value instanceof Date && !Number.isNaN(value.getTime()))
  );
}

/**
 * Only attribute values may enter an expression. A context backed by a plain object can hand back
 * what its prototype holds for names like "constructor" or "toString" (a function, which would
 * otherwise be turned into its source text and exported): such values read as missing.
 */
function attributeValue(value: unknown): ExprValue {
  if (isAttributeScalar(value)) return value;
  if (!Array.isArray(value)) return null;
  const items = value.filter(isAttributeScalar);
  return items.length === 0 ? null : items;
}

function compileAttribute(scope: ExpressionScope, name: string): Compiled {
  if ((scope !== 'cs' && scope !== 'mv') || typeof name !== 'string') fail('malformed attribute reference in expression tree');
  return (rt) => {
    if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
    return attributeValue(rt.ctx.get(scope, name));
  };
}

function compileBinary(op: string, left: Compiled, right: Compiled): Compiled {
  const step = (rt: Runtime): void => {
    if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
  };
  const ordered = (test: (c: number) => boolean): Compiled => (rt) => {
    step(rt);
    const c = compareValues(op, left(rt), right(rt));
    return c !== null && test(c);
  };
  switch (op) {
    case '+':
      return (rt) => {
        step(rt);
        return add(rt, left(rt), right(rt));
      };
    case '-':
    case '*':
    case '/':
    case '%':
      return (rt) => {
        step(rt);
        return arithmetic(op, left(rt), right(rt));
      };
    case '==':
      return (rt) => {
        step(rt);
        return valuesEqual(left(rt), right(rt));
      };
    case '!=':
      return (rt) => {
        step(rt);
        return !valuesEqual(left(rt), right(rt));
      };
    case '<':
      return ordered((c) => c < 0);
    case '<=':
      return ordered((c) => c <= 0);
    case '>':
      return ordered((c) => c > 0);
    case '>=':
      return ordered((c) => c >= 0);
    default:
      return fail('unsupported operator in expression tree');
  }
}

function compileCall(name: string, argNodes: ExprNode[], depth: number): Compiled {
  const impl = typeof name === 'string' ? FUNCTIONS.get(name) : undefined;
  if (!impl || !Array.isArray(argNodes)) return fail(`unknown function "${String(name)}"`);
  if (argNodes.length < impl.minArgs || argNodes.length > impl.maxArgs) fail(`${name}: wrong number of arguments`);
  const args = argNodes.map((arg) => compileNode(arg, depth + 1));
  if (impl.lazy) {
    const fn = impl.lazy;
    return (rt) => {
      if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
      return fn(rt, args);
    };
  }
  const fn = impl.eager;
  if (!fn) return fail(`unknown function "${name}"`);
  const [a, b, c] = args;
  switch (args.length) {
    case 0:
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        return fn(rt);
      };
    case 1:
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        return fn(rt, (a as Compiled)(rt));
      };
    case 2:
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        return fn(rt, (a as Compiled)(rt), (b as Compiled)(rt));
      };
    case 3:
      return (rt) => {
        if (++rt.steps > rt.limits.maxSteps) tooManySteps(rt);
        return fn(rt, (a as Compiled)(rt), (b as Compiled)(rt), (c as Compiled)(rt));
      };
    default:
      return fail(`${name}: too many arguments`);
  }
}

const compiledCache = new WeakMap<object, Compiled>();

/** Compiles (once per AST object) and runs an expression. Every failure is an ExpressionError. */
export function evaluateExpression(expression: ParsedExpression, context: EvaluationContext, limits?: Partial<ExpressionLimits>): ExprValue {
  const ast = (expression as { ast?: unknown } | null)?.ast;
  if (typeof ast !== 'object' || ast === null) throw new ExpressionError('not a parsed expression');
  let compiled = compiledCache.get(ast);
  if (!compiled) {
    compiled = compileNode(ast as ExprNode, 1);
    compiledCache.set(ast, compiled);
  }
  const rt: Runtime = { ctx: context, limits: limits ? { ...EXPRESSION_LIMITS, ...limits } : EXPRESSION_LIMITS, steps: 0 };
  try {
    return compiled(rt);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    const message = error instanceof RangeError ? 'evaluation ran out of resources' : `evaluation failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new ExpressionError(message, { cause: error });
  }
}

/** The form the store keeps: dates become ISO-8601 UTC text. */
export function toStoredScalar(value: ExprScalar): string | number | boolean {
  if (value instanceof Date) return isoText(value);
  return value;
}

/** Distinct lower-cased attribute names per scope, for the caller's missing-input check (§13.4). */
export function expressionInputs(expression: ParsedExpression): Record<ExpressionScope, string[]> {
  const result: Record<ExpressionScope, string[]> = { cs: [], mv: [] };
  for (const input of expression.inputs) {
    if (input.scope !== 'cs' && input.scope !== 'mv') continue;
    const list = result[input.scope];
    const key = input.name.toLowerCase();
    if (!list.includes(key)) list.push(key);
  }
  return result;
}
