// Error messages are built from file content (cell values, header names, parser output). A
// message is stored with every execution item and shown in lists, so one pathological value (a
// 200 MB header line) must not become a 200 MB message. Every message built from input goes
// through these helpers. Pure: shared by main, the run process and the renderer.

/** Characters of one value quoted in a message before it is cut off. */
export const QUOTED_VALUE_LIMIT = 200;

/** Characters of a whole message built from input (several quoted values and their context). */
export const MESSAGE_LIMIT = 2000;

const ELLIPSIS = '…';

/** The first `limit` characters, cut between code points (never inside a surrogate pair), then `…`. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/**
 * A value as it appears in a message: in double quotes, control characters escaped so a NUL or a
 * line break is visible, at most QUOTED_VALUE_LIMIT characters of it, then `…`.
 */
export function quoteValue(value: string, limit = QUOTED_VALUE_LIMIT): string {
  const cut = value.length > limit;
  const shown = JSON.stringify(cut ? value.slice(0, limit) : value);
  return cut ? `${shown.slice(0, -1)}${ELLIPSIS}"` : shown;
}

/** A list of values (a header's column names) for a message: each quoted, the list itself bounded. */
export function quoteList(values: readonly string[], limit = 20): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, limit).map((v) => quoteValue(v, 60));
  return values.length > limit ? `${shown.join(', ')} and ${values.length - limit} more` : shown.join(', ');
}

/** A whole message bounded: the last line of defence where a message is stored or shown. */
export function boundMessage(message: string, limit = MESSAGE_LIMIT): string {
  return truncate(message, limit);
}
