import { amount, iterations, leak, stepGrowth, totalGrowth, totalIterations, type LeakRule } from './track.ts';

/**
 * A leak when, having passed every not-a-leak rule before it, the track grew by at least its threshold per
 * iteration over the series: a multiple of the iteration count, as when one resource leaks per cycle but
 * garbage-collection timing makes single steps uneven (+2, 0, +2, 0, +1). Over three steps or more, one jump alone
 * (0, 0, +4) is not a trend: what the browser had not yet released when the last snapshot was taken looks so.
 */
export const growsWithIterations: LeakRule = {
  name: 'grows-with-iterations',
  summary: 'A leak when it grew by at least one resource per iteration overall, in more than one step.',
  decide(track) {
    const growth = totalGrowth(track);
    const n = totalIterations(track);
    if (growth <= 0 || growth < track.threshold * n) return undefined;
    const steps = stepGrowth(track);
    if (steps.length >= 3 && steps.filter((g) => g > 0).length < 2) return undefined;
    return leak(`grew by ${amount(track, growth)} over ${iterations(n)} (${amount(track, growth / n)} per iteration)`);
  },
};
