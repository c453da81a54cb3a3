/**
 * Making untrusted strings safe to print on one line: control characters (including ESC, which could drive the
 * terminal), the invisible characters that reorder or hide text, and lone surrogates become visible escapes, and
 * long strings are cut. The reports and the panel both show page strings through this one definition.
 */

// C0 controls, DEL, C1 controls; the Arabic letter mark, zero-width space/joiners, LRM/RLM, the line/paragraph
// separators, the bidi embeddings/overrides (U+202A–202E) and isolates (U+2066–2069), the word joiner and the BOM,
// which hide or reorder text (`evil\u202Egnp.js` reads as "eviljs.png"); and UTF-16 surrogates without their pair.
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The escape of one unprintable character: `\n`, `\r`, `\t` in their short forms, others as `\uXXXX`. */
function escape(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Replaces control characters, bidi controls, zero-width characters and lone surrogates with `\uXXXX` escapes
 * (`\n`, `\t`, `\r` keep their short forms).
 *
 * @example
 * printable('a\u001b[31mb'); // 'a\\u001b[31mb'
 * printable('evil\u202egnp.js'); // 'evil\\u202egnp.js'
 */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, escape);
}

/** A piece of {@link printableParts}: text as it was, or the escape of one unprintable character. */
export interface PrintablePart {
  text: string;
  /** The part is an escape (`\u202e`) standing for this character code. */
  escaped?: number;
}

/**
 * {@link printable} as parts, so that a view can mark the escapes (a literal `\u202e` typed by the page stays plain
 * text). Joined, the parts' text is `printable(s)`.
 *
 * @example
 * printableParts('a\u202eb'); // [{ text: 'a' }, { text: '\\u202e', escaped: 0x202e }, { text: 'b' }]
 */
export function printableParts(s: string): PrintablePart[] {
  const parts: PrintablePart[] = [];
  let at = 0;
  for (const m of s.matchAll(UNPRINTABLE)) {
    if (m.index > at) parts.push({ text: s.slice(at, m.index) });
    parts.push({ text: escape(m[0]), escaped: m[0].charCodeAt(0) });
    at = m.index + m[0].length;
  }
  if (at < s.length || parts.length === 0) parts.push({ text: s.slice(at) });
  return parts;
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
