// Parsing: jsep turns the text into a generic JavaScript-expression AST (it never executes anything);
// we then validate that tree node by node into our own small AST, rejecting every construct the
// interpreter does not support, with the source position wherever we can find one.

import jsep from 'jsep';
import { FUNCTION_CATALOGUE } from './catalogue';
import { FUNCTIONS } from './functions';
import {
  type BinaryOperator,
  EXPRESSION_LIMITS,
  type ExpressionInput,
  type ExpressionProblem,
  type ExpressionScope,
  type ExprNode,
  type ParseResult,
} from './types';

// ---- jsep configuration ---------------------------------------------------------------------------
// jsep's configuration is global to the jsep module; Junction is its only user. Operators we do not
// implement are removed so they fail where they stand; `this`, the ternary plugin's `? :` and anything
// else jsep produces are checked node by node below regardless.

for (const op of ['??', '|', '^', '&', '===', '!==', '<<', '>>', '>>>', '**']) jsep.removeBinaryOp(op);
jsep.removeUnaryOp('~');
jsep.removeUnaryOp('+');

// jsep's nodes carry no positions. This plugin records where each token starts: `gobble-token` runs at
// the start of every token and `after-token` at its end (numbers are gobbled here so that they, too,
// pass through `after-token`). It is inert unless a parse of ours is running.
interface PositionState {
  positions: WeakMap<object, number> | null;
  starts: number[];
}
interface PositionPlugin extends jsep.IPlugin {
  state: PositionState;
}
const PLUGIN_NAME = 'junction-positions';
const registered = jsep.plugins.registered[PLUGIN_NAME] as PositionPlugin | undefined;
const plugin: PositionPlugin = registered ?? {
  name: PLUGIN_NAME,
  state: { positions: null, starts: [] },
  init() {
    const state = plugin.state;
    jsep.hooks.add('gobble-token', function (env) {
      if (!state.positions) return;
      state.starts.push(this.index);
      const code = this.code;
      if ((code >= 48 && code <= 57) || code === 46) env.node = this.gobbleNumericLiteral();
    });
    jsep.hooks.add('after-token', function (env) {
      if (!state.positions) return;
      const start = state.starts.pop();
      if (env.node && start !== undefined && !state.positions.has(env.node)) state.positions.set(env.node, start);
    });
  },
};
if (!registered) jsep.plugins.register(plugin);

// ---- Validation -----------------------------------------------------------------------------------

class ParseProblem extends Error {
  constructor(
    message: string,
    readonly position: number | null,
  ) {
    super(message);
  }
}

const INFO = new Map(FUNCTION_CATALOGUE.map((info) => [info.name, info]));
const BINARY = new Set<string>(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=']);
const SCOPE_WORD: Record<ExpressionScope, string> = { cs: 'inbound', mv: 'outbound' };

interface Converter {
  scope: ExpressionScope;
  positions: WeakMap<object, number>;
  inputs: ExpressionInput[];
  seen: Set<string>;
  nonDeterministic: boolean;
}

type JsNode = jsep.CoreExpression;

/** The start of a node: its own recorded token start, else that of its leftmost child. */
function positionOf(c: Converter, start: jsep.Expression | null | undefined): number | null {
  let node = start as JsNode | null | undefined;
  for (let guard = 0; node && guard < 10_000; guard++) {
    const recorded = c.positions.get(node);
    if (recorded !== undefined) return recorded;
    if (node.type === 'BinaryExpression') node = node.left as JsNode;
    else if (node.type === 'CallExpression') node = node.callee as JsNode;
    else if (node.type === 'MemberExpression') node = node.object as JsNode;
    else if (node.type === 'ConditionalExpression') node = node.test as JsNode;
    else if (node.type === 'Compound') node = node.body[0] as JsNode | undefined;
    else if (node.type === 'SequenceExpression') node = node.expressions[0] as JsNode | undefined;
    else return null;
  }
  return null;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The catalogue name closest to what was written, if one is close enough to be a likely typo. */
export function suggestFunction(name: string): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of FUNCTIONS.keys()) {
    const distance = levenshtein(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

function arityText(min: number, max: number): string {
  const plural = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;
  if (min === max) return plural(min);
  if (max === Number.POSITIVE_INFINITY) return `at least ${plural(min)}`;
  return `${min} to ${max} arguments`;
}

function convert(c: Converter, raw: jsep.Expression, depth: number): ExprNode {
  const node = raw as JsNode;
  const pos = positionOf(c, node);
  const at = pos ?? 0;
  if (depth > EXPRESSION_LIMITS.maxDepth) throw new ParseProblem(`expression is nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`, pos);
  switch (node.type) {
    case 'Literal': {
      const value = node.value;
      if (typeof value === 'number' && !Number.isFinite(value)) throw new ParseProblem(`number ${node.raw} is out of range`, pos);
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { type: 'literal', value, pos: at };
      throw new ParseProblem(`unsupported literal ${node.raw}`, pos);
    }
    case 'Identifier':
      throw new ParseProblem(identifierMessage(c, node.name), pos);
    case 'MemberExpression':
      return convertMember(c, node, pos);
    case 'CallExpression':
      return convertCall(c, node, depth, pos);
    case 'UnaryExpression': {
      if (node.operator !== '-' && node.operator !== '!') throw new ParseProblem(`operator ${node.operator} is not supported`, pos);
      const argument = convert(c, node.argument, depth + 1);
      // Fold negative number literals, so AddMonths(d, -1) holds a plain -1.
      if (node.operator === '-' && argument.type === 'literal' && typeof argument.value === 'number') return { type: 'literal', value: -argument.value, pos: at };
      return { type: 'unary', operator: node.operator, argument, pos: at };
    }
    case 'BinaryExpression': {
      const op = node.operator;
      const left = convert(c, node.left, depth + 1);
      const right = convert(c, node.right, depth + 1);
      if (op === '&&' || op === '||') return { type: 'logical', operator: op, left, right, pos: at };
      if (BINARY.has(op)) return { type: 'binary', operator: op as BinaryOperator, left, right, pos: at };
      throw new ParseProblem(`operator ${op} is not supported`, positionOf(c, node.right));
    }
    case 'ConditionalExpression':
      return {
        type: 'conditional',
        test: convert(c, node.test, depth + 1),
        consequent: convert(c, node.consequent, depth + 1),
        alternate: convert(c, node.alternate, depth + 1),
        pos: at,
      };
    case 'ArrayExpression': {
      const elements: ExprNode[] = [];
      for (const element of node.elements) {
        if (!element) throw new ParseProblem('a list may not have empty items', pos);
        elements.push(convert(c, element, depth + 1));
      }
      return { type: 'array', elements, pos: at };
    }
    case 'ThisExpression':
      throw new ParseProblem('"this" is not supported: read attributes as cs["name"] or mv["name"]', pos);
    case 'Compound':
      throw new ParseProblem('only one expression is allowed (is an operator missing?)', positionOf(c, node.body[1]) ?? pos);
    case 'SequenceExpression':
      throw new ParseProblem('only one expression is allowed (a comma outside a function call?)', positionOf(c, node.expressions[1]) ?? pos);
    default:
      throw new ParseProblem(`unsupported syntax (${String((node as { type: unknown }).type)})`, pos);
  }
}

function identifierMessage(c: Converter, name: string): string {
  if (name === 'cs' || name === 'mv') return `write ${name}["attribute name"] to read an attribute`;
  if (FUNCTIONS.has(name)) return `${name} is a function: call it as ${name}(...)`;
  const suggestion = suggestFunction(name);
  const hint = suggestion ? ` (did you mean the function ${suggestion}?)` : '';
  return `unknown name "${name}"${hint}: read attributes as ${c.scope}["${name}"]`;
}

function convertMember(c: Converter, node: jsep.MemberExpression, pos: number | null): ExprNode {
  const object = node.object as JsNode;
  const property = node.property as JsNode;
  const objectName = object.type === 'Identifier' ? object.name : null;
  if (objectName !== 'cs' && objectName !== 'mv') {
    throw new ParseProblem('only cs["..."] and mv["..."] may be indexed: property access and methods are not supported', pos);
  }
  if (!node.computed || node.optional) {
    const written = property.type === 'Identifier' ? property.name : 'name';
    throw new ParseProblem(`"${objectName}.${written}" is not supported: write ${objectName}["${written}"]`, pos);
  }
  if (property.type !== 'Literal' || typeof property.value !== 'string') {
    throw new ParseProblem(`${objectName}[...] needs the attribute name as a quoted string, e.g. ${objectName}["displayName"]`, positionOf(c, property) ?? pos);
  }
  const name = property.value;
  if (name.trim() === '') throw new ParseProblem('the attribute name is empty', positionOf(c, property) ?? pos);
  if (objectName !== c.scope) throw new ParseProblem(`${SCOPE_WORD[c.scope]} expressions can read only ${c.scope}[...]`, pos);
  const key = name.toLowerCase();
  if (!c.seen.has(key)) {
    c.seen.add(key);
    c.inputs.push({ scope: c.scope, name });
  }
  return { type: 'attribute', scope: c.scope, name, pos: pos ?? 0 };
}

function convertCall(c: Converter, node: jsep.CallExpression, depth: number, pos: number | null): ExprNode {
  const callee = node.callee as JsNode;
  if (callee.type !== 'Identifier') {
    throw new ParseProblem(
      callee.type === 'MemberExpression' ? 'methods cannot be called: use the catalogue functions, e.g. Upper(x)' : 'only catalogue functions can be called',
      pos,
    );
  }
  const name = callee.name;
  const impl = FUNCTIONS.get(name);
  if (!impl) {
    const suggestion = suggestFunction(name);
    throw new ParseProblem(`unknown function "${name}"${suggestion ? `; did you mean ${suggestion}?` : ''}`, pos);
  }
  const count = node.arguments.length;
  if (count < impl.minArgs || count > impl.maxArgs) {
    throw new ParseProblem(`${name} takes ${arityText(impl.minArgs, impl.maxArgs)} but was given ${count}`, pos);
  }
  if (INFO.get(name)?.nonDeterministic) c.nonDeterministic = true;
  const args = node.arguments.map((arg) => convert(c, arg, depth + 1));
  return { type: 'call', name, args, pos: pos ?? 0 };
}

// ---- Entry point ----------------------------------------------------------------------------------

/** Bracket nesting checked before jsep, whose recursive descent would otherwise go as deep as the text. */
function checkNesting(text: string): ExpressionProblem | null {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') {
      if (++depth > EXPRESSION_LIMITS.maxDepth) return { message: `expression is nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`, position: i };
    } else if (ch === ')' || ch === ']') depth--;
  }
  return null;
}

/** Friendlier words for what jsep reports as an unexpected character. */
function jsepMessage(description: string, text: string, index: number | null): string {
  const ch = index === null ? '' : text.charAt(index);
  if (/^Unexpected/.test(description)) {
    if (ch === '=') return 'assignment is not supported (use == to compare)';
    if (ch === '`') return 'template strings are not supported: join text with +';
    if (ch === '{' || ch === '}') return 'braces are not supported';
  }
  return description;
}

export function parseExpression(text: string, options: { scope: ExpressionScope }): ParseResult {
  const fail = (message: string, position: number | null): ParseResult => ({ ok: false, error: { message, position } });
  if (typeof text !== 'string') return fail('the expression is not text', null);
  if (options?.scope !== 'cs' && options?.scope !== 'mv') return fail('unknown expression scope', null);
  if (text.length > EXPRESSION_LIMITS.maxSourceLength) {
    return fail(`expression is longer than ${EXPRESSION_LIMITS.maxSourceLength} characters`, EXPRESSION_LIMITS.maxSourceLength);
  }
  if (text.trim() === '') return fail('the expression is empty', 0);
  const nesting = checkNesting(text);
  if (nesting) return { ok: false, error: nesting };

  const positions = new WeakMap<object, number>();
  let tree: jsep.Expression;
  plugin.state.positions = positions;
  plugin.state.starts.length = 0;
  try {
    tree = jsep(text);
  } catch (error) {
    if (error instanceof RangeError) return fail('expression is nested too deeply', null);
    const e = error as { index?: unknown; description?: unknown; message?: unknown };
    const index = typeof e.index === 'number' ? Math.min(Math.max(0, e.index), text.length) : null;
    const description = typeof e.description === 'string' ? e.description : String(e.message ?? error);
    return fail(jsepMessage(description, text, index), index);
  } finally {
    plugin.state.positions = null;
    plugin.state.starts.length = 0;
  }

  const c: Converter = { scope: options.scope, positions, inputs: [], seen: new Set(), nonDeterministic: false };
  try {
    if (tree.type === 'Compound' && (tree as jsep.Compound).body.length === 0) return fail('the expression is empty', 0);
    const ast = convert(c, tree, 1);
    return { ok: true, expression: { source: text, ast, inputs: c.inputs, nonDeterministic: c.nonDeterministic } };
  } catch (error) {
    if (error instanceof ParseProblem) return fail(error.message, error.position);
    if (error instanceof RangeError) return fail('expression is nested too deeply', null);
    return fail(`could not parse the expression: ${error instanceof Error ? error.message : String(error)}`, null);
  }
}
