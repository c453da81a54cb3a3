/**
 * Reading a budget file from disk (Node only). Separate from `files.ts` so that reading snapshots does not load
 * the YAML parser.
 */
import { LIMITS, parseBudget, type Budget } from '../core/index.ts';
import { readTextFile, type ReadOptions } from './files.ts';

/**
 * Reads a budget file (JSON or YAML).
 *
 * @throws InvalidInputError naming the file and the key at fault.
 * @example
 * const budget = readBudgetFile('leakscope.budget.yml');
 */
export function readBudgetFile(path: string, opts: Pick<ReadOptions, 'source'> = {}): Budget {
  return parseBudget(readTextFile(path, { maxBytes: LIMITS.maxBudgetFileBytes, ...opts }), opts.source ?? path);
}
