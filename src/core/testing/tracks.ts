/**
 * Tracks for rule tests: a rule sees tracks, never snapshots.
 *
 * @example
 * plateau.decide(countTrack([0, 1, 2, 3, 3, 3]), NO_CONTEXT);
 */
import type { RuleContext, Track } from '../rules/track.ts';

/** A context where no other leak was found. */
export const NO_CONTEXT: RuleContext = { explainingLeaks: 0 };

/** A resource-count track (threshold 1), one iteration per step unless `steps` says otherwise. */
export function countTrack(values: readonly number[], extra: Partial<Track> = {}): Track {
  return {
    kind: 'listener',
    signature: 'listener|resize|window|',
    source: 'group',
    values,
    steps: values.slice(1).map(() => 1),
    threshold: 1,
    ...extra,
  };
}

/** A heap counter track with a noise allowance of `noise` bytes per iteration. */
export function heapTrack(values: readonly number[], noise = 256 * 1024, extra: Partial<Track> = {}): Track {
  return {
    kind: 'heap',
    signature: 'heap|jsHeapUsedSize|page|',
    source: 'counter',
    values,
    steps: values.slice(1).map(() => 1),
    threshold: noise,
    ...extra,
  };
}
