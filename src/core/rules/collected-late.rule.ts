import { notLeak, type LeakRule } from './track.ts';

/**
 * Not a leak when, of the resources created during the run, only those of the first iteration (warm-up) and
 * of the last one are alive: everything in between was collected, so what the last iteration left is just not
 * collected yet (a resource that survives one extra cycle, GC timing). Needs creation epochs and at least three
 * iterations.
 */
export const collectedLate: LeakRule = {
  name: 'collected-late',
  summary: "Not a leak when nothing created in the middle iterations survived: the last iteration's resources are just not collected yet.",
  decide(track) {
    const s = track.survivors;
    if (!s || s.length < 3) return undefined;
    const middle = s.slice(1, -1);
    if (!middle.every((n) => n === 0)) return undefined;
    const last = s[s.length - 1] ?? 0;
    return notLeak(
      `nothing created in iterations 2-${s.length - 1} is still alive` +
        (last > 0 ? `; the ${last} from the last iteration will likely be collected next cycle` : ''),
    );
  },
};
