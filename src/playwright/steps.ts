/**
 * How the `leaks` fixture's calls show in Playwright Test's report: each `leaks.cycle` and `leaks.snapshot` is one
 * boxed step (`test.step(title, body, { box: true })`) with its Playwright calls inside it, instead of some thirty
 * calls at the test's top level. A boxed step reports its errors at its own location: {@link callerLocation} makes
 * that the line of the test that called `leaks.cycle`, not a line of Leakscope's fixture.
 */
import { fileURLToPath } from 'node:url';
import type { CycleOptions } from './session.ts';
import { DEFAULT_ITERATIONS, DEFAULT_WARMUP } from './session.ts';

/** A place in a source file, as Playwright Test's `test.step` takes it. */
export interface StepLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * The title of `leaks.cycle`'s step.
 *
 * @example
 * cycleStepTitle({}); // 'leaks.cycle (1 warm-up + 5 iterations)'
 */
export function cycleStepTitle(opts: Pick<CycleOptions, 'iterations' | 'warmup'>): string {
  const n = opts.iterations ?? DEFAULT_ITERATIONS;
  const w = opts.warmup ?? DEFAULT_WARMUP;
  return `leaks.cycle (${w} warm-up${w === 1 ? '' : 's'} + ${n} iteration${n === 1 ? '' : 's'})`;
}

/**
 * The title of `leaks.snapshot`'s step.
 *
 * @example
 * snapshotStepTitle('before'); // 'leaks.snapshot ("before")'
 */
export function snapshotStepTitle(label?: string): string {
  return label === undefined ? 'leaks.snapshot' : `leaks.snapshot (${JSON.stringify(label.slice(0, 100))})`;
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * Where `fn` was called from: the first frame of the stack below `fn`, as the process's stack traces write it
 * (Playwright Test maps them to the test's TypeScript source). Undefined when there is no such frame.
 *
 * @example
 * const cycle = () => test.step('leaks.cycle', body, { box: true, location: callerLocation(cycle) });
 */
export function callerLocation(fn: (...args: never[]) => unknown): StepLocation | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, fn);
  for (const text of (holder.stack ?? '').split('\n').slice(1)) {
    const m = FRAME.exec(text);
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (file.startsWith('node:') || file.startsWith('internal/')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
