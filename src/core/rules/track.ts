/**
 * A track: one thing followed across a series of snapshots (a group, or a page-wide counter), which the leak
 * rules decide on. Tracks are built by the analysis from snapshots; rules never see snapshots.
 */
import type { ResourceKind } from '../../shared/kinds.ts';
import { formatBytes, signed, signedBytes } from '../units.ts';

export interface Track {
  kind: ResourceKind;
  signature: string;
  /** `group`: a registry group or detached roots; `counter`: a page-wide counter (documents, JS heap). */
  source: 'group' | 'counter';
  /** The value in each snapshot: live resources, or bytes for `heap`. 0 where the group is missing. */
  values: readonly number[];
  /** Iterations between consecutive snapshots (`values.length - 1` entries, each >= 1). */
  steps: readonly number[];
  /**
   * The smallest growth per iteration that is not noise: 1 for resource counts, the noise allowance (bytes)
   * for the heap.
   */
  threshold: number;
  /**
   * Live resources in the last snapshot by the iteration they were created in (index 0 = iteration 1), when the
   * snapshots say so: one iteration per step, increasing navigation epochs, and a complete epoch histogram.
   */
  survivors?: readonly number[];
}

/** Everything a rule may know besides the track. */
export interface RuleContext {
  /**
   * Leaks already found that would explain this track's growth: for the heap, every other leak; for the
   * documents counter, the `document` group leaks. 0 for groups.
   */
  explainingLeaks: number;
}

/** A rule's verdict. */
export interface Decision {
  leak: boolean;
  /** One line for the report: why. */
  reason: string;
}

/**
 * One leak heuristic: one decision. Rules run in the order of `LEAK_RULES`; the first that returns a decision
 * wins, and a track no rule decides is not a leak (Leakscope prefers silence to false alarms).
 *
 * @example
 * export const noSignificantGrowth: LeakRule = {
 *   name: 'no-significant-growth',
 *   summary: 'Not a leak when it grew by less than one resource per iteration.',
 *   decide: (track) => (totalGrowth(track) < track.threshold * totalIterations(track) ? notLeak('...') : undefined),
 * };
 */
export interface LeakRule {
  /** kebab-case, the file name without `.rule.ts`. */
  readonly name: string;
  /** One sentence for docs and `--help`-style listings. */
  readonly summary: string;
  /** A decision, or undefined to leave the track to the next rule. */
  decide(track: Track, ctx: RuleContext): Decision | undefined;
}

/** A leak verdict. */
export function leak(reason: string): Decision {
  return { leak: true, reason };
}

/** A not-a-leak verdict. */
export function notLeak(reason: string): Decision {
  return { leak: false, reason };
}

/** Last value minus first. */
export function totalGrowth(track: Track): number {
  const first = track.values[0] ?? 0;
  const last = track.values[track.values.length - 1] ?? 0;
  return last - first;
}

/** Iterations the track spans. */
export function totalIterations(track: Track): number {
  return track.steps.reduce((a, b) => a + b, 0);
}

/** Growth of each step. */
export function stepGrowth(track: Track): number[] {
  return track.steps.map((_, i) => (track.values[i + 1] ?? 0) - (track.values[i] ?? 0));
}

/** An amount in the track's unit: bytes for the heap, a count otherwise. */
export function amount(track: Track, n: number): string {
  return track.kind === 'heap' ? formatBytes(n) : String(Math.round(n * 100) / 100);
}

/** A signed amount in the track's unit. */
export function signedAmount(track: Track, n: number): string {
  return track.kind === 'heap' ? signedBytes(n) : signed(n);
}

/** "iteration" or "iterations". */
export function iterations(n: number): string {
  return `${n} iteration${n === 1 ? '' : 's'}`;
}
