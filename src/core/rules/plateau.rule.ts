import { amount, notLeak, type LeakRule } from './track.ts';

/**
 * Not a leak when the track stopped growing: over the last two snapshots it grew by less than its threshold.
 * That is a bounded cache filling up, or a warm-up. A leak keeps growing to the end (even one resource of GC lag
 * cannot hide two iterations of leaking). Needs at least three steps.
 */
export const plateau: LeakRule = {
  name: 'plateau',
  summary: 'Not a leak when it stopped growing over the last two iterations (a bounded cache or a warm-up).',
  decide(track) {
    const v = track.values;
    if (v.length < 4) return undefined;
    const last = v[v.length - 1] ?? 0;
    const before = v[v.length - 3] ?? 0;
    if (last - before >= track.threshold) return undefined;
    return notLeak(`stopped growing: ${amount(track, before)} -> ${amount(track, last)} over the last two iterations (a bounded cache or a warm-up)`);
  },
};
