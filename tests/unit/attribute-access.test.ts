import { describe, expect, it } from 'vitest';
import { evaluateExpression, type ExprValue, parseExpression, type ParsedExpression } from '../../src/shared/expressions';
import type { AttributeValues, MissingInputBehaviour } from '../../src/shared/model';
import { flowSourceValues } from '../../src/main/engine/sync/flow-values';
import { criterionHolds, valueOf } from '../../src/main/engine/sync/scoping';
import type { CompiledFlow } from '../../src/main/engine/sync/sync-model';

// Attribute values live in plain objects; a name that happens to be an Object.prototype member
// ("constructor", "toString", "__proto__") must read as missing, never as a built-in.
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const now = (): Date => new Date(0);

function parse(text: string, scope: 'cs' | 'mv'): ParsedExpression {
  const result = parseExpression(text, { scope });
  if (!result.ok) throw new Error(result.error.message);
  return result.expression;
}

function expressionFlow(text: string, missingInput: MissingInputBehaviour, scope: 'cs' | 'mv' = 'mv'): CompiledFlow {
  return {
    flow: { target: 'description', source: { kind: 'expression', expression: text, missingInput }, nullIsValue: false, initialExportOnly: false },
    target: 'description',
    expression: parse(text, scope),
  };
}

describe('expressions see only the object\'s own attributes', () => {
  const attributes: AttributeValues = { displayName: 'Ada' };

  it.each(PROTOTYPE_NAMES)('mv["%s"] flows no value, whatever the missing-input behaviour', (name) => {
    for (const missingInput of ['evaluateAnyway', 'contributeNoValue'] as const) {
      expect(flowSourceValues(expressionFlow(`mv["${name}"]`, missingInput), attributes, now)).toEqual({ kind: 'values', values: [] });
    }
    expect(flowSourceValues(expressionFlow(`cs["${name}"]`, 'evaluateAnyway', 'cs'), attributes, now)).toEqual({ kind: 'values', values: [] });
    expect(flowSourceValues(expressionFlow(`"x" + mv["${name}"]`, 'evaluateAnyway'), attributes, now)).toEqual({ kind: 'values', values: ['x'] });
  });

  it.each(PROTOTYPE_NAMES)('a direct flow and scoping see no attribute "%s"', (name) => {
    expect(valueOf(attributes, name)).toEqual([]);
    expect(valueOf(attributes, name.toUpperCase())).toEqual([]);
    const direct: CompiledFlow = { flow: { target: 'x', source: { kind: 'attribute', attribute: name }, nullIsValue: false, initialExportOnly: false }, target: 'x', expression: null };
    expect(flowSourceValues(direct, attributes, now)).toEqual({ kind: 'values', values: [] });
    expect(criterionHolds({ attribute: name, operator: 'isPresent', value: '', caseSensitive: false }, attributes)).toBe(false);
  });

  it('still reads an attribute that is really called "constructor"', () => {
    const own: AttributeValues = { constructor: 'Builder Ltd' };
    expect(valueOf(own, 'Constructor')).toEqual(['Builder Ltd']);
    expect(flowSourceValues(expressionFlow('mv["constructor"]', 'contributeNoValue'), own, now)).toEqual({ kind: 'values', values: ['Builder Ltd'] });
  });

  it('the interpreter turns anything but attribute values from its context into null', () => {
    // A careless context indexing a plain object: the interpreter itself must not pass built-ins on.
    const values: Record<string, unknown> = { a: 'x', list: ['p', () => 1, 'q'] };
    const careless = { get: (_scope: 'cs' | 'mv', name: string) => values[name] as ExprValue };
    for (const name of PROTOTYPE_NAMES) {
      expect(evaluateExpression(parse(`mv["${name}"]`, 'mv'), careless), name).toBeNull();
      expect(evaluateExpression(parse(`mv["${name}"] + ""`, 'mv'), careless), name).toBe('');
    }
    expect(evaluateExpression(parse('mv["a"]', 'mv'), careless)).toBe('x');
    expect(evaluateExpression(parse('mv["list"]', 'mv'), careless)).toEqual(['p', 'q']);
  });

  it('property access on values is refused when the expression is saved', () => {
    for (const text of ['"abc".constructor', '"abc"["constructor"]', 'mv["a"].constructor', 'mv["a"]["length"]', 'Upper("a").constructor']) {
      expect(parseExpression(text, { scope: 'mv' }).ok, text).toBe(false);
    }
  });
});
