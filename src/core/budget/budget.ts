/**
 * Budgets: how much growth per iteration a user accepts for a kind before it counts as a failure.
 *
 * A budget file (JSON or YAML) maps kinds to allowances:
 *
 * ```yaml
 * detached-dom: 0            # no detached DOM at all
 * listener: 2                # up to 2 leaked listeners per iteration, all listener leaks together
 * heap: 512kb per iteration  # heap in bytes; units b, kb, mb, gb (binary: 1kb = 1024 bytes)
 * ```
 *
 * Allowances are per iteration (the suffix "per iteration" or "/iteration" may be written out) and per kind:
 * the growth of all the kind's leaks is added up and compared with the allowance. A kind without an allowance
 * accepts no leak. When a diff of two snapshots has no iteration numbers, it counts as one iteration.
 */
import { parse as parseYaml } from 'yaml';
import { InvalidInputError } from '../errors.ts';
import { formatJsonPath } from '../input/json-path.ts';
import { describeValue, shorten } from '../input/printable.ts';
import { RESOURCE_KINDS, isResourceKind, type ResourceKind } from '../../shared/kinds.ts';
import { LIMITS } from '../limits.ts';
import type { Budget } from './schema.ts';

export { BudgetSchema, type Budget } from './schema.ts';

/** Keys that must never be treated as data (they would reach `Object.prototype` in naive code). */
const IGNORED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };
const VALUE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*(?:(?:per|\/)\s*(?:iteration|iter|it))?\s*$/i;

/**
 * Reads one allowance: a number, or a string such as `"2"`, `"512kb"`, `"1.5 mb per iteration"`.
 * Units are only allowed for `heap`.
 *
 * @returns the allowance (bytes for heap), or a string saying what is wrong.
 * @example
 * parseAllowance('heap', '512kb per iteration'); // 524288
 * parseAllowance('listener', 2); // 2
 */
export function parseAllowance(kind: ResourceKind, value: unknown): number | string {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string') {
    const m = VALUE.exec(value);
    if (!m || m[1] === undefined)
      return `expected a number such as 2${kind === 'heap' ? ' or "512kb per iteration"' : ''}, got ${describeValue(value)}`;
    const unit = (m[2] ?? '').toLowerCase();
    const factor = UNITS[unit];
    if (factor === undefined) return `unknown unit "${shorten(unit, 20)}" (use b, kb, mb or gb)`;
    if (unit !== '' && kind !== 'heap') return `units are only for heap; ${kind} counts resources, e.g. ${kind}: 2`;
    n = Number(m[1]) * factor;
  } else {
    return `expected a number, got ${describeValue(value)}`;
  }
  if (!Number.isFinite(n) || n < 0) return `expected a number >= 0, got ${describeValue(value)}`;
  if (n > LIMITS.maxBytes) return `too large: ${describeValue(value)}`;
  return kind === 'heap' ? Math.round(n) : n;
}

function budgetFromObject(value: unknown, source: string): Budget {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(source, '$', `expected a mapping of kind to allowance (e.g. "listener: 2"), got ${describeValue(value)}`);
  }
  const budget: Budget = {};
  for (const [key, raw] of Object.entries(value)) {
    if (IGNORED_KEYS.has(key)) continue;
    if (!isResourceKind(key)) {
      throw new InvalidInputError(source, formatJsonPath([key]), `unknown kind; budgets are keyed by ${RESOURCE_KINDS.join(', ')}`);
    }
    const parsed = parseAllowance(key, raw);
    if (typeof parsed === 'string') throw new InvalidInputError(source, formatJsonPath([key]), parsed);
    budget[key] = parsed;
  }
  return budget;
}

/**
 * Parses a budget file, JSON or YAML.
 *
 * @throws InvalidInputError naming `source` and the key at fault.
 * @example
 * parseBudget('detached-dom: 0\nlistener: 2\nheap: 512kb per iteration\n', 'budget.yml');
 * // { 'detached-dom': 0, listener: 2, heap: 524288 }
 */
export function parseBudget(text: string, source: string): Budget {
  if (text.trim() === '') throw new InvalidInputError(source, undefined, 'the file is empty');
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 10, prettyErrors: false });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    throw new InvalidInputError(source, undefined, `not valid JSON or YAML: ${shorten(first, 120)}`);
  }
  return budgetFromObject(value, source);
}

/**
 * Parses command-line allowances, each `kind=value`.
 *
 * @throws InvalidInputError naming the flag.
 * @example
 * parseBudgetFlags(['listener=2', 'heap=1mb']); // { listener: 2, heap: 1048576 }
 */
export function parseBudgetFlags(pairs: readonly string[], flag = '--allow'): Budget {
  const budget: Budget = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const kind = eq === -1 ? pair : pair.slice(0, eq);
    if (eq === -1 || !isResourceKind(kind)) {
      throw new InvalidInputError(`${flag} ${shorten(pair, 60)}`, undefined, `expected KIND=VALUE with KIND one of ${RESOURCE_KINDS.join(', ')}`);
    }
    const parsed = parseAllowance(kind, pair.slice(eq + 1));
    if (typeof parsed === 'string') throw new InvalidInputError(`${flag} ${shorten(pair, 60)}`, undefined, parsed);
    budget[kind] = parsed;
  }
  return budget;
}

/**
 * Later budgets override earlier ones, kind by kind (flags over file).
 *
 * @example
 * mergeBudgets({ listener: 2, heap: 0 }, { heap: 1024 }); // { listener: 2, heap: 1024 }
 */
export function mergeBudgets(...budgets: readonly Budget[]): Budget {
  const out: Budget = {};
  for (const b of budgets) for (const kind of RESOURCE_KINDS) if (b[kind] !== undefined) out[kind] = b[kind];
  return out;
}
