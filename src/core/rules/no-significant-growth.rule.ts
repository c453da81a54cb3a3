import { amount, iterations, notLeak, totalGrowth, totalIterations, type LeakRule } from './track.ts';

/**
 * Not a leak when the track grew by less than its threshold per iteration over the whole series: less than one
 * resource per iteration, or heap growth within the noise allowance. A leak that keeps one resource per
 * iteration always passes this test.
 */
export const noSignificantGrowth: LeakRule = {
  name: 'no-significant-growth',
  summary: 'Not a leak when it grew by less than one resource per iteration (heap: less than the noise allowance).',
  decide(track) {
    const growth = totalGrowth(track);
    const n = totalIterations(track);
    if (growth > 0 && growth >= track.threshold * n) return undefined;
    if (growth <= 0)
      return notLeak(`did not grow (${amount(track, track.values[0] ?? 0)} -> ${amount(track, track.values[track.values.length - 1] ?? 0)})`);
    return notLeak(`grew by ${amount(track, growth)} over ${iterations(n)}, less than ${amount(track, track.threshold)} per iteration`);
  },
};
