// The function catalogue as users see it (editor help, docs/expressions.md). The implementations live
// in functions.ts/dates.ts/secrets.ts; a unit test keeps the two lists identical.

import type { FunctionInfo } from './types';

const entry = (group: string, name: string, signature: string, description: string, nonDeterministic = false): FunctionInfo =>
  Object.freeze({ name, signature, description, group, nonDeterministic });

export const FUNCTION_CATALOGUE: readonly FunctionInfo[] = Object.freeze([
  // String
  entry('String', 'Trim', 'Trim(value)', 'Removes leading and trailing whitespace. Null in, null out.'),
  entry('String', 'Upper', 'Upper(value)', 'Upper-case (invariant). Null in, null out.'),
  entry('String', 'Lower', 'Lower(value)', 'Lower-case (invariant). Null in, null out.'),
  entry(
    'String',
    'Capitalise',
    'Capitalise(value)',
    'Lower-cases the text, then upper-cases the first letter of each word; a word starts after whitespace, a hyphen or an apostrophe ("o\'neil-smith" gives "O\'Neil-Smith"). Null in, null out.',
  ),
  entry('String', 'Left', 'Left(value, count)', 'The first count characters (all of them if shorter; "" if count <= 0). Null in, null out.'),
  entry('String', 'Right', 'Right(value, count)', 'The last count characters (all of them if shorter; "" if count <= 0). Null in, null out.'),
  entry(
    'String',
    'Substring',
    'Substring(value, start, [length])',
    'length characters from the 0-based start (to the end when length is omitted); out-of-range bounds are clamped, never an error. Null in, null out.',
  ),
  entry(
    'String',
    'Replace',
    'Replace(value, old, new)',
    'Replaces every occurrence of old (case-sensitive) with new; an empty old leaves the value unchanged, a null new removes. Null in, null out.',
  ),
  entry('String', 'Length', 'Length(value)', 'Number of characters. Null in, null out.'),
  entry('String', 'IsNullOrEmpty', 'IsNullOrEmpty(value)', 'True when the value is null (missing) or "".'),
  entry('String', 'IsNullOrWhitespace', 'IsNullOrWhitespace(value)', 'True when the value is null, "" or only whitespace.'),
  entry('String', 'StartsWith', 'StartsWith(value, prefix)', 'True when value starts with prefix (case-sensitive); false when value is null.'),
  entry('String', 'EndsWith', 'EndsWith(value, suffix)', 'True when value ends with suffix (case-sensitive); false when value is null.'),
  entry('String', 'Contains', 'Contains(value, text)', 'True when value contains text (case-sensitive); false when value is null. For lists use CollectionContains.'),
  // Logic
  entry(
    'Logic',
    'IIF',
    'IIF(condition, whenTrue, whenFalse)',
    'whenTrue if condition is true, whenFalse if it is false; only the chosen branch is evaluated. The condition must be a boolean (null is an error).',
  ),
  entry('Logic', 'Coalesce', 'Coalesce(value1, value2, ...)', 'The first argument that is neither null nor ""; null if there is none. Later arguments are not evaluated.'),
  entry(
    'Logic',
    'Eq',
    'Eq(a, b)',
    'Typed, case-sensitive equality: "5" is not 5; null equals only null; a date equals ISO-8601 text of the same instant; lists compare item by item.',
  ),
  // Conversion
  entry('Conversion', 'ToString', 'ToString(value)', 'Text of a value: numbers as digits, booleans as true/false, dates as ISO-8601 UTC. Null in, null out.'),
  entry(
    'Conversion',
    'ToInt',
    'ToInt(value)',
    'Whole number: text must be an integer ("12"), numbers are truncated, true/false give 1/0; anything invalid gives 0. Null in, null out.',
  ),
  entry('Conversion', 'ToDecimal', 'ToDecimal(value)', 'Number from decimal text ("12.5", "1e3") or a number; anything invalid gives 0. Null in, null out.'),
  // Date
  entry('Date', 'Now', 'Now()', 'The current date and time (UTC).', true),
  entry('Date', 'Today', 'Today()', 'Midnight UTC of the current date.', true),
  entry(
    'Date',
    'FormatDate',
    'FormatDate(date, format)',
    'Formats a date in UTC with invariant tokens yyyy, yy, MMMM, MMM, MM, M, dddd, ddd, dd, d, HH, H, hh, h, mm, m, ss, s, fff (f..fffffff), tt; other characters are copied; text in single quotes is copied as is. Null in, null out.',
  ),
  entry('Date', 'AddDays', 'AddDays(date, days)', 'The date plus days (may be negative or fractional). Null in, null out.'),
  entry(
    'Date',
    'AddMonths',
    'AddMonths(date, months)',
    'The date plus whole months, calendar-correct: the day is clamped to the target month (31 March minus 1 month is 28/29 February). Null in, null out.',
  ),
  entry('Date', 'DateDiffDays', 'DateDiffDays(from, to)', 'Whole days from from to to (to - from), truncated towards zero; negative when to is earlier. Null if either is null.'),
  entry(
    'Date',
    'ToFileTime',
    'ToFileTime(date)',
    'Windows FILETIME (100-ns intervals since 1601-01-01 UTC), e.g. for accountExpires. Null for null, "" or text that is not a date.',
  ),
  entry(
    'Date',
    'FromFileTime',
    'FromFileTime(fileTime)',
    'Date from a Windows FILETIME number (or its text). 0 and 9223372036854775807 mean "never" and give null, as do null and invalid values.',
  ),
  // Directory
  entry(
    'Directory',
    'EscapeDN',
    'EscapeDN(value)',
    'Escapes a value for use in a distinguished name (RFC 4514): , + " \\ < > ; are backslash-escaped, as are a leading # or space and a trailing space; NUL becomes \\00. Null in, null out.',
  ),
  // Collection
  entry('Collection', 'CollectionContains', 'CollectionContains(list, value)', 'True when the list has an item equal to value (Eq rules). A single value counts as a one-item list; null is an empty list.'),
  entry(
    'Collection',
    'Split',
    'Split(value, delimiter)',
    'Splits text into a list at each delimiter, trimming items and dropping empty ones; null for null, "" or no items.',
  ),
  entry(
    'Collection',
    'Join',
    'Join(list, [delimiter])',
    'Joins the items into one text with delimiter (default ","), dropping empty items; null for an empty list. A single value counts as a one-item list.',
  ),
  entry('Collection', 'First', 'First(list)', 'The first item of a list (a single value is returned as is); null for null.'),
  entry('Collection', 'Count', 'Count(list)', 'The number of items: 0 for null, 1 for a single value.'),
  // Bit flags
  entry('Bit flags', 'EnableUser', 'EnableUser(uac)', 'userAccountControl with ACCOUNTDISABLE (0x2) cleared. Null in, null out.'),
  entry('Bit flags', 'DisableUser', 'DisableUser(uac)', 'userAccountControl with ACCOUNTDISABLE (0x2) set. Null in, null out.'),
  entry('Bit flags', 'SetBit', 'SetBit(value, mask)', 'value with the bits of mask set (e.g. SetBit(uac, 65536)). Null in, null out.'),
  entry('Bit flags', 'ClearBit', 'ClearBit(value, mask)', 'value with the bits of mask cleared. Null in, null out.'),
  entry('Bit flags', 'HasBit', 'HasBit(value, mask)', 'True when every bit of mask is set in value (e.g. HasBit(uac, 2) = disabled); false for null.'),
  // Secrets
  entry(
    'Secrets',
    'RandomPassword',
    'RandomPassword(length, [extended])',
    'A random password of 4 to 256 characters with at least one lower-case letter, upper-case letter and digit (and symbol when extended is true). Never store the output.',
    true,
  ),
  entry(
    'Secrets',
    'RandomPassphrase',
    'RandomPassphrase(words, [separator])',
    'A random passphrase of 1 to 32 lower-case words joined by separator (default "-"). Never store the output.',
    true,
  ),
]);
