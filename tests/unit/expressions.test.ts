import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type EvaluationContext,
  evaluateExpression,
  ExpressionError,
  type ExpressionScope,
  expressionInputs,
  type ExprValue,
  FUNCTION_CATALOGUE,
  type ParsedExpression,
  parseExpression,
  toStoredScalar,
} from '../../src/shared/expressions';
import { FUNCTIONS } from '../../src/shared/expressions/functions';
import { PASSPHRASE_WORDS } from '../../src/shared/expressions/wordlist';

type Values = Record<string, ExprValue>;

/** A context like the engine's: names matched case-insensitively through a Map (no prototype lookups). */
function contextOf(values: Values = {}, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  const byName = new Map(Object.entries(values).map(([name, value]) => [name.toLowerCase(), value]));
  return { get: (_scope, name) => byName.get(name.toLowerCase()) ?? null, ...extra };
}

function parse(text: string, scope: ExpressionScope = 'cs'): ParsedExpression {
  const result = parseExpression(text, { scope });
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error.message} at ${result.error.position}`);
  return result.expression;
}

function parseError(text: string, scope: ExpressionScope = 'cs'): { message: string; position: number | null } {
  const result = parseExpression(text, { scope });
  if (result.ok) throw new Error(`expected a parse error for ${text}`);
  return result.error;
}

function run(text: string, values: Values = {}, extra: Partial<EvaluationContext> = {}): ExprValue {
  return evaluateExpression(parse(text), contextOf(values, extra));
}

function runError(text: string, values: Values = {}): string {
  try {
    run(text, values);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as Error).message;
  }
  throw new Error(`expected ${text} to throw`);
}

/** Deterministic uniform source for the Random* functions. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (d: ExprValue): string => (d instanceof Date ? d.toISOString() : `not a date: ${String(d)}`);

describe('parse errors', () => {
  it('reports an unknown function with the closest name and its position', () => {
    expect(parseError('Uper(cs["a"])')).toEqual({ message: 'unknown function "Uper"; did you mean Upper?', position: 0 });
    expect(parseError('"x" + Captalise(cs["a"])')).toEqual({ message: 'unknown function "Captalise"; did you mean Capitalise?', position: 6 });
    // Function names are case-sensitive.
    expect(parseError('upper(cs["a"])').message).toContain('did you mean Upper?');
    expect(parseError('Frobnicate(1)').message).toBe('unknown function "Frobnicate"');
  });

  it('reports wrong arity at the call', () => {
    expect(parseError('Left(cs["a"])')).toEqual({ message: 'Left takes 2 arguments but was given 1', position: 0 });
    expect(parseError('Upper(Trim(cs["a"], 1))')).toEqual({ message: 'Trim takes 1 argument but was given 2', position: 6 });
    expect(parseError('Substring("abc")').message).toBe('Substring takes 2 to 3 arguments but was given 1');
    expect(parseError('Coalesce(1)').message).toBe('Coalesce takes at least 2 arguments but was given 1');
    expect(parseError('Now(1)').message).toBe('Now takes 0 arguments but was given 1');
  });

  it('rejects member access other than cs["..."] / mv["..."]', () => {
    expect(parseError('cs.givenName')).toEqual({ message: '"cs.givenName" is not supported: write cs["givenName"]', position: 0 });
    expect(parseError('"a" + cs["a"]["b"]').message).toContain('only cs["..."] and mv["..."] may be indexed');
    expect(parseError('"a" + cs["a"]["b"]').position).toBe(6);
    expect(parseError('cs[1]').message).toContain('needs the attribute name as a quoted string');
    expect(parseError('cs[cs["a"]]').message).toContain('needs the attribute name as a quoted string');
    expect(parseError('x["a"]').message).toContain('may be indexed');
    expect(parseError('cs["a"].length').message).toContain('may be indexed');
    expect(parseError('Upper(cs["a"]).toString()').message).toContain('methods cannot be called');
    expect(parseError('cs?.a').message).toBeTruthy();
    expect(parseError('cs["  "]').message).toBe('the attribute name is empty');
  });

  it('rejects the accessor of the other scope', () => {
    expect(parseError('Upper(mv["Display Name"])', 'cs')).toEqual({ message: 'inbound expressions can read only cs[...]', position: 6 });
    expect(parseError('cs["a"] + mv["b"]', 'cs').position).toBe(10);
    expect(parseError('cs["a"]', 'mv')).toEqual({ message: 'outbound expressions can read only mv[...]', position: 0 });
    expect(parseExpression('mv["a"]', { scope: 'mv' }).ok).toBe(true);
  });

  it('rejects this, assignment, templates, arrows and several expressions', () => {
    expect(parseError('this')).toEqual({ message: expect.stringContaining('"this" is not supported') as string, position: 0 });
    expect(parseError('Upper(this)').position).toBe(6);
    expect(parseError('cs["a"] = 1')).toEqual({ message: 'assignment is not supported (use == to compare)', position: 8 });
    expect(parseError('x => 1').position).not.toBeNull();
    expect(parseError('`abc`').message).toContain('template');
    expect(parseError('1 2').message).toContain('only one expression');
    expect(parseError('1; 2').message).toContain('only one expression');
    expect(parseError('(1, 2)').message).toContain('only one expression');
    expect(parseError('givenName').message).toBe('unknown name "givenName": read attributes as cs["givenName"]');
    expect(parseError('Now').message).toBe('Now is a function: call it as Now(...)');
    expect(parseError('cs').message).toContain('cs["attribute name"]');
    expect(parseError('[1,,2]').message).toContain('empty items');
  });

  it('rejects operators it does not implement', () => {
    for (const text of ['1 | 2', '1 & 2', '1 ^ 2', '1 << 2', '2 ** 3', '~1', '+1', 'cs["a"] ?? "x"', '1 === 1', '1 !== 1']) {
      const error = parseError(text);
      expect(error.message, text).toBeTruthy();
    }
    expect(parseError('1 | 2').position).toBe(2);
  });

  it('reports syntax errors with positions', () => {
    expect(parseError('Upper(cs["a"]').position).toBe(13);
    expect(parseError('"abc').message).toContain('Unclosed quote');
    expect(parseError('1 +').message).toContain('Expected expression after +');
    expect(parseError('1e400').message).toBe('number 1e400 is out of range');
  });

  it('enforces the depth and length limits', () => {
    expect(parseError(`${'('.repeat(70)}1${')'.repeat(70)}`)).toEqual({
      message: 'expression is nested too deeply (more than 64 levels)',
      position: 64,
    });
    expect(parseError(`${'Upper('.repeat(70)}"a"${')'.repeat(70)}`).message).toContain('nested too deeply');
    expect(parseError(Array.from({ length: 70 }, () => '1').join(' + ')).message).toContain('nested too deeply');
    expect(parseError(`${'!'.repeat(100)}true`).message).toContain('nested too deeply');
    expect(parseError(`${'!'.repeat(4000)}true`).message).toContain('nested too deeply');
    expect(parseError(`"${'x'.repeat(4100)}"`)).toEqual({ message: 'expression is longer than 4096 characters', position: 4096 });
    expect(parseExpression(`"${'x'.repeat(4094)}"`, { scope: 'cs' }).ok).toBe(true);
    expect(parseError('')).toEqual({ message: 'the expression is empty', position: 0 });
    expect(parseError('   ').message).toBe('the expression is empty');
  });

  it('records inputs once each and flags non-deterministic functions', () => {
    const e = parse('cs["First Name"] + " " + cs["first name"] + cs["Last"]');
    expect(e.inputs).toEqual([
      { scope: 'cs', name: 'First Name' },
      { scope: 'cs', name: 'Last' },
    ]);
    expect(expressionInputs(e)).toEqual({ cs: ['first name', 'last'], mv: [] });
    expect(expressionInputs(parse('Join(mv["Groups"], ",")', 'mv'))).toEqual({ cs: [], mv: ['groups'] });
    expect(e.nonDeterministic).toBe(false);
    for (const text of ['Now()', 'Today()', 'RandomPassword(8)', 'IIF(true, "a", RandomPassphrase(3))']) expect(parse(text).nonDeterministic, text).toBe(true);
    expect(parse('FormatDate(cs["d"], "yyyy")').nonDeterministic).toBe(false);
  });

  it('accepts the supported syntax', () => {
    expect(run(`'single' + "double" + "esc\\"aped"`)).toBe('singledoubleesc"aped');
    expect(run('cs["a"] == "x" ? 1 : 2', { a: 'x' })).toBe(1);
    expect(run('(1 + 2) * 3 - -1')).toBe(10);
    expect(run('null')).toBeNull();
    expect(run('[1, "b", cs["missing"]]')).toEqual([1, 'b']);
    expect(run('  Upper( cs[ "a" ] )  ', { A: 'x' })).toBe('X');
  });
});

describe('operators', () => {
  it('+ concatenates when either side is text, treating null as ""', () => {
    expect(run('cs["a"] + "@x"')).toBe('@x');
    expect(run('Lower(cs["first"]) + "." + Lower(cs["last"]) + "@corp.com"', { first: 'Jane' })).toBe('jane.@corp.com');
    expect(run('"a" + 1 + true')).toBe('a1true');
    expect(run('1 + 2 + "x"')).toBe('3x');
    expect(run('"d:" + cs["d"]', { d: new Date('2024-01-02T03:04:05Z') })).toBe('d:2024-01-02T03:04:05.000Z');
    expect(run('cs["a"] + cs["b"]')).toBeNull();
    expect(runError('cs["list"] + "x"', { list: ['a', 'b'] })).toContain('list');
  });

  it('+ adds numbers; null with a number is null', () => {
    expect(run('1 + 2.5')).toBe(3.5);
    expect(run('cs["n"] + 1')).toBeNull();
    expect(run('1 + cs["n"]')).toBeNull();
    expect(runError('true + 1')).toBe('cannot apply + to boolean and number');
  });

  it('arithmetic is numeric, null-lifted, and fails on division by zero', () => {
    expect(run('7 / 2')).toBe(3.5);
    expect(run('7 % 3')).toBe(1);
    expect(run('2 * -3')).toBe(-6);
    expect(run('-cs["n"]', { n: 5 })).toBe(-5);
    expect(run('-cs["n"]')).toBeNull();
    expect(run('cs["n"] * 2')).toBeNull();
    expect(runError('1 / 0')).toBe('division by zero');
    expect(runError('5 % 0')).toBe('division by zero');
    expect(runError('cs["n"] / 0', { n: 1 })).toBe('division by zero');
    expect(runError('"a" - 1')).toBe('cannot apply - to string and number');
    expect(runError('-"a"')).toBe('cannot negate string');
    expect(runError('1e308 * 10')).toBe('number out of range');
  });

  it('== compares typed values', () => {
    expect(run('"5" == 5')).toBe(false);
    expect(run('5 == 5.0')).toBe(true);
    expect(run('"a" == "A"')).toBe(false);
    expect(run('"a" != "A"')).toBe(true);
    expect(run('cs["missing"] == null')).toBe(true);
    expect(run('cs["a"] == "x"', { a: 'x' })).toBe(true);
    expect(run('cs["d"] == cs["e"]', { d: new Date('2024-01-01T00:00:00Z'), e: '2024-01-01T00:00:00.000Z' })).toBe(true);
    expect(run('cs["l"] == cs["m"]', { l: ['a', 'b'], m: ['a', 'b'] })).toBe(true);
  });

  it('orders numbers, text and dates; null compares false; mixed types fail', () => {
    expect(run('1 < 2')).toBe(true);
    expect(run('2 <= 2')).toBe(true);
    expect(run('"b" > "a"')).toBe(true);
    expect(run('"B" >= "a"')).toBe(false);
    expect(run('cs["n"] < 5')).toBe(false);
    expect(run('cs["n"] >= 5')).toBe(false);
    const now = () => new Date('2024-06-01T00:00:00Z');
    expect(run('cs["expiry"] < Now()', { expiry: '2024-05-31T23:59:59.000Z' }, { now })).toBe(true);
    expect(run('Now() < cs["expiry"]', { expiry: '2025-01-01' }, { now })).toBe(true);
    expect(runError('1 < "a"')).toBe('cannot compare number with string using <');
    expect(runError('true < false')).toBe('cannot compare boolean with boolean using <');
    expect(runError('Now() < "soon"')).toContain('not an ISO-8601 date');
  });

  it('&&, || and ! need booleans and short-circuit', () => {
    expect(run('true && false')).toBe(false);
    expect(run('false || true')).toBe(true);
    expect(run('!true')).toBe(false);
    expect(run('false && 1 / 0 == 1')).toBe(false);
    expect(run('true || 1 / 0 == 1')).toBe(true);
    expect(runError('cs["missing"] && true')).toBe('the operands of && must be true or false, got null');
    expect(runError('!cs["missing"]')).toBe('the operand of ! must be true or false, got null');
    expect(runError('"x" ? 1 : 2')).toBe('the condition of ? : must be true or false, got string');
  });
});

describe('functions', () => {
  const date = new Date('2024-03-05T07:08:09.012Z');
  const values: Values = {
    name: '  Jane  ',
    list: ['a', 'b'],
    withEmpty: ['a', '', 'b'],
    date,
    dateText: '2024-03-05T07:08:09.012Z',
    n: 42,
    nText: '514',
  };
  const cases: [string, ExprValue][] = [
    ['Trim(cs["name"])', 'Jane'],
    ['Trim(cs["missing"])', null],
    ['Trim(5)', '5'],
    ['Upper("straße")', 'STRASSE'],
    ['Lower("ÀB")', 'àb'],
    ['Upper(cs["missing"])', null],
    ['Capitalise("o\'neil-smith")', "O'Neil-Smith"],
    ['Capitalise("JANE DOE")', 'Jane Doe'],
    ['Capitalise("mary-jane o’brien")', 'Mary-Jane O’Brien'],
    ['Capitalise("  jean  luc ")', '  Jean  Luc '],
    ['Capitalise("")', ''],
    ['Capitalise(cs["missing"])', null],
    ['Left("abc", 2)', 'ab'],
    ['Left("abc", 10)', 'abc'],
    ['Left("abc", -1)', ''],
    ['Left(cs["missing"], 2)', null],
    ['Left(12345, 2)', '12'],
    ['Right("abcdef", 2)', 'ef'],
    ['Right("ab", 5)', 'ab'],
    ['Right("ab", 0)', ''],
    ['Right(cs["missing"], 1)', null],
    ['Substring("abcdef", 2, 3)', 'cde'],
    ['Substring("abcdef", 4, 10)', 'ef'],
    ['Substring("abc", 10, 2)', ''],
    ['Substring("abc", -5, 2)', 'ab'],
    ['Substring("abc", 1, -1)', ''],
    ['Substring("abcdef", 2)', 'cdef'],
    ['Substring(cs["missing"], 0, 1)', null],
    ['Replace("a.b.c", ".", "-")', 'a-b-c'],
    ['Replace("ABC", "b", "x")', 'ABC'],
    ['Replace("aaa", "", "x")', 'aaa'],
    ['Replace("abc", "b", null)', 'ac'],
    ['Replace("abc", null, "x")', 'abc'],
    ['Replace(cs["missing"], "a", "b")', null],
    ['Length("abc")', 3],
    ['Length("")', 0],
    ['Length(cs["missing"])', null],
    ['IsNullOrEmpty(cs["missing"])', true],
    ['IsNullOrEmpty("")', true],
    ['IsNullOrEmpty(" ")', false],
    ['IsNullOrEmpty(0)', false],
    ['IsNullOrWhitespace(" \\t")', true],
    ['IsNullOrWhitespace(cs["missing"])', true],
    ['IsNullOrWhitespace("a")', false],
    ['StartsWith("hello", "he")', true],
    ['StartsWith("hello", "He")', false],
    ['StartsWith(cs["missing"], "x")', false],
    ['EndsWith("hello", "lo")', true],
    ['EndsWith("hello", "LO")', false],
    ['Contains("hello", "ell")', true],
    ['Contains("hello", "x")', false],
    ['Contains(cs["missing"], "x")', false],
    ['IIF(true, 1, 2)', 1],
    ['IIF(1 > 2, "a", "b")', 'b'],
    ['IIF(false, 1 / 0, 2)', 2],
    ['Coalesce(cs["missing"], "", "b")', 'b'],
    ['Coalesce(cs["missing"], cs["other"])', null],
    ['Coalesce(0, 1)', 0],
    ['Coalesce(" ", "x")', ' '],
    ['Coalesce("a", 1 / 0)', 'a'],
    ['Eq("a", "a")', true],
    ['Eq("a", "A")', false],
    ['Eq("5", 5)', false],
    ['Eq(cs["missing"], null)', true],
    ['Eq(cs["missing"], "")', false],
    ['Eq(5, 5.0)', true],
    ['Eq(cs["date"], cs["dateText"])', true],
    ['ToString(5)', '5'],
    ['ToString(1.5)', '1.5'],
    ['ToString(true)', 'true'],
    ['ToString(cs["missing"])', null],
    ['ToString(cs["date"])', '2024-03-05T07:08:09.012Z'],
    ['ToInt("42")', 42],
    ['ToInt(" -7 ")', -7],
    ['ToInt("4.5")', 0],
    ['ToInt("abc")', 0],
    ['ToInt("")', 0],
    ['ToInt(4.9)', 4],
    ['ToInt(-4.9)', -4],
    ['ToInt(true)', 1],
    ['ToInt(cs["missing"])', null],
    ['ToInt("99999999999999999999")', 0],
    ['ToDecimal("12.5")', 12.5],
    ['ToDecimal("1e3")', 1000],
    ['ToDecimal("x")', 0],
    ['ToDecimal(3)', 3],
    ['ToDecimal(cs["missing"])', null],
    ['FormatDate(cs["date"], "yyyy-MM-dd HH:mm:ss.fff")', '2024-03-05 07:08:09.012'],
    ['FormatDate(cs["date"], "yy M d H m s")', '24 3 5 7 8 9'],
    ['FormatDate(cs["date"], "dd/MM/yyyy")', '05/03/2024'],
    ['FormatDate(cs["dateText"], "yyyyMMdd")', '20240305'],
    ['FormatDate("2024-03-05", "yyyy-MM-ddTHH:mm:ssZ")', '2024-03-05T00:00:00Z'],
    ['FormatDate(cs["date"], "\'Year\' yyyy, MMM MMMM ddd dddd")', 'Year 2024, Mar March Tue Tuesday'],
    ['FormatDate("2024-03-05T15:04:00Z", "h:mm tt hh")', '3:04 PM 03'],
    ['FormatDate(cs["date"], "f ff fffffff")', '0 01 0120000'],
    ['FormatDate("2024-03-05T10:00:00+02:00", "HH")', '08'],
    ['FormatDate(cs["missing"], "yyyy")', null],
    ['DateDiffDays("2024-01-01", "2024-03-01")', 60],
    ['DateDiffDays("2024-03-01", "2024-01-01")', -60],
    ['DateDiffDays("2024-01-01T00:00:00Z", "2024-01-01T23:59:00Z")', 0],
    ['DateDiffDays(cs["missing"], "2024-01-01")', null],
    ['ToFileTime("1970-01-01T00:00:00Z")', 116444736000000000],
    ['ToFileTime("1601-01-01")', 0],
    ['ToFileTime(cs["missing"])', null],
    ['ToFileTime("")', null],
    ['ToFileTime("not a date")', null],
    ['FromFileTime(0)', null],
    ['FromFileTime(9223372036854775807)', null],
    ['FromFileTime("9223372036854775807")', null],
    ['FromFileTime(cs["missing"])', null],
    ['FromFileTime("garbage")', null],
    ['FromFileTime(-5)', null],
    ['EscapeDN("Smith, John")', 'Smith\\, John'],
    ['EscapeDN("a+b\\"c\\\\d<e>f;g")', 'a\\+b\\"c\\\\d\\<e\\>f\\;g'],
    ['EscapeDN("#x")', '\\#x'],
    ['EscapeDN(" #lead")', '\\ #lead'],
    ['EscapeDN("trail ")', 'trail\\ '],
    ['EscapeDN("a#b c=d")', 'a#b c=d'],
    ['EscapeDN(cs["missing"])', null],
    ['CollectionContains(cs["list"], "b")', true],
    ['CollectionContains(cs["list"], "B")', false],
    ['CollectionContains("a", "a")', true],
    ['CollectionContains(cs["missing"], "a")', false],
    ['CollectionContains(["x", "y"], "y")', true],
    ['Split("a, b,,c ,", ",")', ['a', 'b', 'c']],
    ['Split("COURSE1|COURSE2", "|")', ['COURSE1', 'COURSE2']],
    ['Split("", ",")', null],
    ['Split(" , ", ",")', null],
    ['Split(cs["missing"], ",")', null],
    ['Join(cs["withEmpty"], ";")', 'a;b'],
    ['Join(cs["list"])', 'a,b'],
    ['Join(cs["missing"], ",")', null],
    ['Join(["", ""], ",")', null],
    ['Join("single", ",")', 'single'],
    ['Join([1, 2], " + ")', '1 + 2'],
    ['Join(Split("a|b", "|"), ",")', 'a,b'],
    ['First(cs["list"])', 'a'],
    ['First(cs["missing"])', null],
    ['First("x")', 'x'],
    ['Count(cs["list"])', 2],
    ['Count(cs["missing"])', 0],
    ['Count("x")', 1],
    ['EnableUser(514)', 512],
    ['EnableUser(512)', 512],
    ['EnableUser(cs["nText"])', 512],
    ['EnableUser(cs["missing"])', null],
    ['DisableUser(512)', 514],
    ['DisableUser(514)', 514],
    ['DisableUser(cs["missing"])', null],
    ['SetBit(512, 65536)', 66048],
    ['SetBit(cs["missing"], 2)', null],
    ['ClearBit(66048, 65536)', 512],
    ['ClearBit(512, 65536)', 512],
    ['HasBit(514, 2)', true],
    ['HasBit(512, 2)', false],
    ['HasBit(66050, 65538)', true],
    ['HasBit(cs["missing"], 2)', false],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(run(text, values)).toEqual(expected);
  });

  it.each([
    ['Left("abc", "x")', 'Left: count must be a number, got string'],
    ['Left("abc", cs["missing"])', 'Left: count must be a number, got null'],
    ['Upper(cs["list"])', 'Upper: expected a single value but got a list (use First(...) or Join(...))'],
    ['Length(cs["list"])', 'Length: expected a single value but got a list (use Count)'],
    ['Contains(cs["list"], "a")', 'Contains: expected a single value but got a list (use CollectionContains)'],
    ['StartsWith("a", cs["missing"])', 'StartsWith: the second argument is null'],
    ['IIF(cs["missing"], 1, 2)', 'IIF: the condition must be true or false, got null'],
    ['IIF("true", 1, 2)', 'IIF: the condition must be true or false, got string'],
    ['IIF(1, 1, 2)', 'IIF: the condition must be true or false, got number'],
    ['FormatDate(cs["date"], "yyy")', 'FormatDate: unsupported format token "yyy"'],
    ['FormatDate(cs["date"], "\'open")', 'FormatDate: unclosed quote in the format'],
    ['FormatDate("31/12/2024", "yyyy")', 'FormatDate: "31/12/2024" is not an ISO-8601 date'],
    ['FormatDate("2024-02-30", "yyyy")', 'FormatDate: "2024-02-30" is not an ISO-8601 date'],
    ['FormatDate(cs["date"], cs["missing"])', 'FormatDate: the format is null'],
    ['AddDays(5, 1)', 'AddDays: expected a date, got number'],
    ['ToFileTime(5)', 'ToFileTime: expected a date, got number'],
    ['FromFileTime(true)', 'FromFileTime: expected a number, got boolean'],
    ['Split("a,b", "")', 'Split: the delimiter must not be empty'],
    ['SetBit(512, 0)', 'SetBit: the mask must be a positive number such as 2 or 65536'],
    ['EnableUser("abc")', 'EnableUser: the value must be a number, got string'],
    ['RandomPassword(3)', 'RandomPassword: length must be between 4 and 256'],
    ['RandomPassword(8, "yes")', 'RandomPassword: extended must be true or false, got string'],
    ['RandomPassphrase(0)', 'RandomPassphrase: words must be between 1 and 32'],
  ])('%s fails with ExpressionError', (text, message) => {
    expect(runError(text, values)).toBe(message);
  });

  it('Now and Today use the context clock (UTC) or the system clock', () => {
    const now = () => new Date('2024-07-15T23:30:00.000Z');
    expect(iso(run('Now()', {}, { now }))).toBe('2024-07-15T23:30:00.000Z');
    expect(iso(run('Today()', {}, { now }))).toBe('2024-07-15T00:00:00.000Z');
    const before = Date.now();
    const real = run('Now()');
    expect(real).toBeInstanceOf(Date);
    expect((real as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect((run('Today()') as Date).getUTCHours()).toBe(0);
    expect(run('FormatDate(Now(), "yyyy-MM-dd")', {}, { now })).toBe('2024-07-15');
  });

  it('AddDays and AddMonths are calendar-correct at month ends', () => {
    expect(iso(run('AddDays("2024-02-28", 1)'))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(run('AddDays("2024-03-01T12:00:00Z", -1.5)'))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(run('AddMonths("2024-03-31", -1)'))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(run('AddMonths("2023-03-31", -1)'))).toBe('2023-02-28T00:00:00.000Z');
    expect(iso(run('AddMonths("2024-01-31T10:20:30.400Z", 1)'))).toBe('2024-02-29T10:20:30.400Z');
    expect(iso(run('AddMonths("2024-05-31", 1)'))).toBe('2024-06-30T00:00:00.000Z');
    expect(iso(run('AddMonths("2024-01-15", 12)'))).toBe('2025-01-15T00:00:00.000Z');
    expect(iso(run('AddMonths("2024-01-15", -13)'))).toBe('2022-12-15T00:00:00.000Z');
    expect(iso(run('AddMonths(cs["d"], 1)', { d: new Date('2024-12-31T00:00:00Z') }))).toBe('2025-01-31T00:00:00.000Z');
    expect(run('AddMonths(cs["missing"], 1)')).toBeNull();
    expect(run('AddDays(cs["missing"], 1)')).toBeNull();
    expect(runError('AddDays("2024-01-01", 1e12)')).toBe('AddDays: date out of range');
  });

  it('ToFileTime and FromFileTime round-trip; 0 and Int64.MaxValue mean never', () => {
    expect(iso(run('FromFileTime(116444736000000000)'))).toBe('1970-01-01T00:00:00.000Z');
    expect(iso(run('FromFileTime("133514784000000000")'))).toBe('2024-02-04T00:00:00.000Z');
    expect(iso(run('FromFileTime(ToFileTime("2031-05-06T07:08:09.123Z"))'))).toBe('2031-05-06T07:08:09.123Z');
    expect(run('ToFileTime("2024-02-04")')).toBe(133514784000000000);
    expect(run('FromFileTime(cs["accountExpires"])', { accountExpires: 2 ** 63 })).toBeNull();
    expect(run('FromFileTime(cs["accountExpires"])', { accountExpires: '0' })).toBeNull();
  });

  it('RandomPassword and RandomPassphrase follow their rules and use context.random', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const password = run('RandomPassword(16, true)', {}, { random: seeded(seed) }) as string;
      expect(password).toHaveLength(16);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^a-zA-Z0-9]/);
      const plain = run('RandomPassword(4)', {}, { random: seeded(seed) }) as string;
      expect(plain).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[a-zA-Z0-9]{4}$/);
    }
    expect(run('RandomPassword(12, true)', {}, { random: seeded(7) })).toBe(run('RandomPassword(12, true)', {}, { random: seeded(7) }));
    const secure = run('RandomPassword(32)') as string;
    expect(secure).toHaveLength(32);
    expect(secure).not.toBe(run('RandomPassword(32)'));

    const phrase = run('RandomPassphrase(4, "-")', {}, { random: seeded(3) }) as string;
    const words = phrase.split('-');
    expect(words).toHaveLength(4);
    for (const word of words) expect(PASSPHRASE_WORDS).toContain(word);
    expect((run('RandomPassphrase(3)') as string).split('-')).toHaveLength(3);
    expect(run('RandomPassphrase(2, "")', {}, { random: () => 0 })).toBe(`${PASSPHRASE_WORDS[0]}${PASSPHRASE_WORDS[0]}`);
    expect(new Set(PASSPHRASE_WORDS).size).toBe(PASSPHRASE_WORDS.length);
    expect(PASSPHRASE_WORDS.length).toBeGreaterThanOrEqual(800);
    expect(() => run('RandomPassword(8)', {}, { random: () => 1 })).toThrow(ExpressionError);
  });
});

describe('limits', () => {
  it('stops after the step budget', () => {
    const message = runError('Count(Split(cs["big"], ","))', { big: 'a,'.repeat(120_000) });
    expect(message).toBe('evaluation exceeded 100000 steps');
    const e = parse('Upper(Lower(Trim(Upper(cs["a"]))))');
    expect(() => evaluateExpression(e, contextOf({ a: 'x' }), { maxSteps: 3 })).toThrow('evaluation exceeded 3 steps');
    expect(evaluateExpression(e, contextOf({ a: 'x' }), { maxSteps: 5 })).toBe('X');
    expect(runError('CollectionContains(cs["many"], "x")', { many: Array.from({ length: 100_001 }, () => 'y') })).toBe(
      'evaluation exceeded 100000 steps',
    );
  });

  it('caps string and list results', () => {
    const big = 'x'.repeat(40_000);
    expect(runError('cs["a"] + cs["a"]', { a: big })).toBe('string result longer than 65536 characters');
    expect(runError('Replace(cs["a"], "x", "yy")', { a: big })).toBe('string result longer than 65536 characters');
    expect(runError('Join(cs["l"], ",")', { l: Array.from({ length: 20_000 }, () => 'abcd') })).toBe('string result longer than 65536 characters');
    expect(runError('Upper(cs["a"] + "x")', { a: 'x'.repeat(65_536) })).toBe('string result longer than 65536 characters');
    expect(run('Length(cs["a"] + "x")', { a: 'x'.repeat(65_535) })).toBe(65_536);
    expect(runError('Split(cs["a"], ",")', { a: 'a,'.repeat(20_000) })).toBe('list result longer than 10000 items');
  });
});

describe('sandbox', () => {
  it('gives prototype names no meaning', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    expect(run('cs["__proto__"]')).toBeNull();
    expect(run('cs["constructor"]')).toBeNull();
    expect(run('cs["toString"] + "x"')).toBe('x');
    expect(run('Coalesce(cs["__proto__"], "safe")')).toBe('safe');
    for (const text of ['constructor("alert(1)")', 'toString()', '__proto__()', 'hasOwnProperty("x")', 'valueOf()']) {
      expect(parseError(text).message, text).toContain('unknown function');
    }
    for (const text of ['Upper.constructor', 'Upper["constructor"]("x")', 'cs["a"].constructor', 'cs.__proto__', '"x".constructor("y")']) {
      expect(parseExpression(text, { scope: 'cs' }).ok, text).toBe(false);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('refuses tampered trees with ExpressionError', () => {
    const tampered = (ast: unknown): ParsedExpression => ({ source: '', ast: ast as ParsedExpression['ast'], inputs: [], nonDeterministic: false });
    const ctx = contextOf();
    for (const ast of [
      { type: 'call', name: 'constructor', args: [], pos: 0 },
      { type: 'call', name: '__proto__', args: [], pos: 0 },
      { type: 'call', name: 'toString', args: [], pos: 0 },
      { type: '__proto__', pos: 0 },
      { type: 'literal', value: { evil: true }, pos: 0 },
      { type: 'binary', operator: '**', left: { type: 'literal', value: 1 }, right: { type: 'literal', value: 2 }, pos: 0 },
      { type: 'attribute', scope: 'constructor', name: 'x', pos: 0 },
    ]) {
      expect(() => evaluateExpression(tampered(ast), ctx), JSON.stringify(ast)).toThrow(ExpressionError);
    }
    expect(() => evaluateExpression(tampered(null), ctx)).toThrow(ExpressionError);
  });

  it('wraps a failing context in ExpressionError', () => {
    const e = parse('cs["a"]');
    const ctx: EvaluationContext = {
      get: () => {
        throw new Error('boom');
      },
    };
    expect(() => evaluateExpression(e, ctx)).toThrow(new ExpressionError('evaluation failed: boom'));
  });

  it('never throws from parse, and evaluation throws only ExpressionError (property)', () => {
    const tokens = [
      'cs["a"]', 'cs["b"]', 'mv["a"]', '+', '-', '*', '/', '%', '(', ')', ',', '[', ']', '.', '?', ':', '!', '==', '<', '>=', '&&', '||',
      '=', '"x"', "'y'", '""', '1', '0', '-1', '2.5', 'null', 'true', 'false', 'this', ' ', '`', '\\', ';', 'constructor', '__proto__',
      ...FUNCTION_CATALOGUE.map((f) => f.name),
    ];
    const source = fc.oneof(fc.string({ maxLength: 60 }), fc.array(fc.constantFrom(...tokens), { maxLength: 25 }).map((parts) => parts.join('')));
    const value = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 10 }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(source, value, value, (text, a, b) => {
        const result = parseExpression(text, { scope: 'cs' });
        if (!result.ok) {
          expect(typeof result.error.message).toBe('string');
          if (result.error.position !== null) expect(result.error.position).toBeGreaterThanOrEqual(0);
          return;
        }
        try {
          const out = evaluateExpression(result.expression, { ...contextOf({ a, b }), random: seeded(1), now: () => new Date(0) });
          expect(out === null || ['string', 'number', 'boolean'].includes(typeof out) || out instanceof Date || Array.isArray(out)).toBe(true);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('catalogue and helpers', () => {
  it('lists exactly the implemented functions, with the non-deterministic ones flagged', () => {
    expect(FUNCTION_CATALOGUE.map((f) => f.name).sort()).toEqual([...FUNCTIONS.keys()].sort());
    expect(FUNCTION_CATALOGUE.filter((f) => f.nonDeterministic).map((f) => f.name)).toEqual(['Now', 'Today', 'RandomPassword', 'RandomPassphrase']);
    for (const info of FUNCTION_CATALOGUE) {
      expect(info.signature.startsWith(`${info.name}(`), info.name).toBe(true);
      expect(info.description.length).toBeGreaterThan(10);
    }
  });

  it('is documented in docs/expressions.md', () => {
    const doc = readFileSync(new URL('../../docs/expressions.md', import.meta.url), 'utf8');
    for (const info of FUNCTION_CATALOGUE) expect(doc, info.name).toContain(`\`${info.signature}\``);
  });

  it('toStoredScalar turns dates into ISO text', () => {
    expect(toStoredScalar(new Date('2024-01-02T03:04:05.006Z'))).toBe('2024-01-02T03:04:05.006Z');
    expect(toStoredScalar('x')).toBe('x');
    expect(toStoredScalar(5)).toBe(5);
    expect(toStoredScalar(false)).toBe(false);
    expect(() => toStoredScalar(new Date(Number.NaN))).toThrow(ExpressionError);
  });

  it('evaluates quickly once parsed', () => {
    const e = parse('IIF(IsNullOrEmpty(cs["mail"]), Lower(cs["first"]) + "." + Lower(cs["last"]) + "@corp.com", Lower(Trim(cs["mail"])))');
    const ctx = contextOf({ first: 'Jane', last: 'Doe' });
    expect(evaluateExpression(e, ctx)).toBe('jane.doe@corp.com');
    const started = performance.now();
    for (let i = 0; i < 200_000; i++) evaluateExpression(e, ctx);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
