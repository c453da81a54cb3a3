import { amount, iterations, notLeak, type LeakRule } from './track.ts';

/**
 * Not a leak when the growth happened in the first step (lazy initialisation on the first visit) and the rest of
 * the series grew by at most half its threshold per iteration: a group that grows once at warm-up and then stays
 * flat, possibly with one late-collected resource at the end. A leak of one resource per iteration keeps growing
 * by about one per iteration after the first.
 */
export const warmUpOnly: LeakRule = {
  name: 'warm-up-only',
  summary: 'Not a leak when it grew in the first iteration and barely after (warm-up, lazy initialisation).',
  decide(track) {
    const v = track.values;
    if (v.length < 3) return undefined;
    const first = v[0] ?? 0;
    const afterFirst = v[1] ?? 0;
    const last = v[v.length - 1] ?? 0;
    const laterIterations = track.steps.slice(1).reduce((a, b) => a + b, 0);
    const later = last - afterFirst;
    if (later * 2 > track.threshold * laterIterations) return undefined;
    return notLeak(
      `grew at warm-up (${amount(track, first)} -> ${amount(track, afterFirst)} in the first iteration), ` +
        `then by ${amount(track, Math.max(0, later))} over ${iterations(laterIterations)}`,
    );
  },
};
