/**
 * Turning text into a JSON value, with one-line errors that say where the text went wrong.
 */
import { InvalidInputError } from '../errors.ts';
import { shorten } from './printable.ts';

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Why `JSON.parse` refused `text`, as one line. Engine messages quote the input, which can hold anything
 * (binary, escape sequences), so only the reason and a location are kept.
 */
function jsonFailure(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/unexpected end of json input/i.test(message)) return 'not valid JSON: the text ends too early (truncated file?)';
  const at = /at position (\d+)/.exec(message);
  const reason = message
    .replace(/,\s*".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*at position \d+.*$/s, '');
  if (at?.[1] !== undefined && Number(at[1]) >= text.trimEnd().length) return 'not valid JSON: the text ends too early (truncated file?)';
  if (at?.[1] !== undefined) {
    const { line, column } = lineAndColumn(text, Number(at[1]));
    return `not valid JSON at line ${line}, column ${column}: ${shorten(reason, 80)}`;
  }
  return `not valid JSON: ${shorten(reason, 80)}`;
}

/**
 * Parses JSON text from outside. A leading byte-order mark is allowed. Keys named `__proto__` are own properties
 * after `JSON.parse` (they never reach `Object.prototype`), and the schemas that read the result only copy the
 * keys they know, so such keys do nothing.
 *
 * @throws InvalidInputError for empty text or invalid JSON.
 * @example
 * const value = parseJsonText('{"a":1}', 'a.json');
 */
export function parseJsonText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new InvalidInputError(source, undefined, 'the file is empty');
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new InvalidInputError(source, undefined, jsonFailure(body, err));
  }
}
