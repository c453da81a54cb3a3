/**
 * Turning the first schema problem into one line a person can act on: the JSON path, what was expected,
 * and what was found.
 */
import type * as z from 'zod';
import { InvalidInputError } from '../errors.ts';
import { formatJsonPath, valueAtPath } from './json-path.ts';
import { describeValue, shorten } from './printable.ts';

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}

function expectedType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'array':
      return `an ${expected}`;
    case 'string':
    case 'number':
    case 'boolean':
      return `a ${expected}`;
    default:
      return expected;
  }
}

/** One issue as "what was expected, what was found". */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const found = valueAtPath(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return `missing (expected ${expectedType(issue.expected)})`;
      return `expected ${expectedType(issue.expected)}, got ${describeValue(found)}`;
    case 'too_big': {
      const bound = issue.inclusive ? 'at most' : 'less than';
      if (issue.origin === 'array') return `too many items: ${bound} ${issue.maximum} allowed, got ${Array.isArray(found) ? found.length : '?'}`;
      if (issue.origin === 'string')
        return `too long: ${bound} ${plural(issue.maximum, 'character')} allowed, got ${typeof found === 'string' ? found.length : '?'}`;
      return `too large: must be ${bound} ${issue.maximum}, got ${describeValue(found)}`;
    }
    case 'too_small': {
      const bound = issue.inclusive ? 'at least' : 'more than';
      if (issue.origin === 'array') return `too few items: ${bound} ${issue.minimum} needed`;
      if (issue.origin === 'string') return `too short: ${bound} ${plural(issue.minimum, 'character')} needed`;
      return `too small: must be ${bound} ${issue.minimum}, got ${describeValue(found)}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(found)}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? `expected an ISO 8601 date-time such as "2025-01-31T12:00:00.000Z", got ${describeValue(found)}`
        : `expected the ${issue.format} format, got ${describeValue(found)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => shorten(JSON.stringify(k), 40)).join(', ')}`;
    default:
      return shorten(issue.message, 160);
  }
}

/**
 * The error for a failed schema parse: the first issue, with the count of the others.
 *
 * @example
 * const r = SnapshotSchema.safeParse(value);
 * if (!r.success) throw issuesToError(r.error, value, 'a.json');
 */
export function issuesToError(error: z.ZodError, input: unknown, source: string): InvalidInputError {
  const [first] = error.issues;
  if (!first) return new InvalidInputError(source, undefined, 'does not match the schema');
  // Several checks can fail on one value (an absurd number is both too large and not a safe integer): count places.
  const firstPath = formatJsonPath(first.path);
  const others = new Set(error.issues.map((i) => formatJsonPath(i.path)).filter((p) => p !== firstPath)).size;
  const more = others > 0 ? ` (and ${plural(others, 'more problem')})` : '';
  return new InvalidInputError(source, firstPath, describeIssue(first, input) + more);
}
