/**
 * Making untrusted strings safe to print on one line: control characters (including ESC, which could drive the
 * terminal) become visible escapes, and long strings are cut.
 */

// C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides that can reorder text.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces control characters with `\uXXXX` escapes (`\n`, `\t`, `\r` keep their short forms).
 *
 * @example
 * printable('a\u001b[31mb'); // 'a\\u001b[31mb'
 */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * {@link printable}, cut to `max` characters with an ellipsis.
 *
 * @example
 * shorten('abcdef', 4); // 'abc…'
 */
export function shorten(s: string, max: number): string {
  const p = printable(s);
  return p.length <= max ? p : `${p.slice(0, Math.max(0, max - 1))}…`;
}

/** A short description of any JSON value for error messages: `"abc"`, `-1`, `an array of 3 items`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return shorten(JSON.stringify(value), 60);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
