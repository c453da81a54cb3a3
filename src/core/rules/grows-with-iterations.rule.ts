import { amount, iterations, leak, totalGrowth, totalIterations, type LeakRule } from './track.ts';

/**
 * A leak when, having passed every not-a-leak rule before it, the track grew by at least its threshold per
 * iteration over the series: a multiple of the iteration count, as when one resource leaks per cycle but
 * garbage-collection timing makes single steps uneven (+2, 0, +2, 0, +1).
 */
export const growsWithIterations: LeakRule = {
  name: 'grows-with-iterations',
  summary: 'A leak when it grew by at least one resource per iteration overall and kept growing to the end.',
  decide(track) {
    const growth = totalGrowth(track);
    const n = totalIterations(track);
    if (growth <= 0 || growth < track.threshold * n) return undefined;
    return leak(`grew by ${amount(track, growth)} over ${iterations(n)} (${amount(track, growth / n)} per iteration)`);
  },
};
