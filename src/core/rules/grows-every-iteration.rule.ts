import { leak, signedAmount, stepGrowth, type LeakRule } from './track.ts';

/**
 * A leak when every step grew by at least the threshold per iteration it spans: one more resource (or more than
 * the heap noise allowance) after every cycle. With two snapshots (a diff), this is "grew beyond the noise,
 * scaled per iteration".
 */
export const growsEveryIteration: LeakRule = {
  name: 'grows-every-iteration',
  summary: 'A leak when it grew on every iteration (by at least one resource, or beyond the heap noise allowance).',
  decide(track) {
    const growth = stepGrowth(track);
    if (growth.length === 0 || !growth.every((g, i) => g > 0 && g >= track.threshold * (track.steps[i] ?? 1))) return undefined;
    if (growth.length === 1)
      return leak(`grew by ${signedAmount(track, growth[0] ?? 0)} over ${track.steps[0] ?? 1} iteration${(track.steps[0] ?? 1) === 1 ? '' : 's'}`);
    return leak(`grew on every iteration (${growth.map((g) => signedAmount(track, g)).join(', ')})`);
  },
};
