import { leak, type LeakRule } from './track.ts';

/**
 * A leak when resources created in every iteration are still alive at the end: that is what a leak looks like
 * from the inside, whatever garbage-collection timing does to the counts. Needs creation epochs and at least three
 * iterations (with two, warm-up in the first plus a late collection in the second looks the same).
 */
export const survivesEveryIteration: LeakRule = {
  name: 'survives-every-iteration',
  summary: 'A leak when resources created in each of 3+ iterations are all still alive at the end.',
  decide(track) {
    const s = track.survivors;
    if (!s || s.length < 3 || !s.every((n) => n > 0)) return undefined;
    return leak(`resources created in every iteration are still alive (${s.join(', ')} per iteration)`);
  },
};
