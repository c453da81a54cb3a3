import { describe, expect, it } from 'vitest';
import { countTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { collectedLate } from './collected-late.rule.ts';

describe('collected-late', () => {
  it('clears a group whose only survivors come from the last iteration (GC timing)', () => {
    const d = collectedLate.decide(countTrack([0, 1, 1, 1, 1], { survivors: [0, 0, 0, 1] }), NO_CONTEXT);
    expect(d?.leak).toBe(false);
    expect(d?.reason).toMatch(/nothing created in iterations 2-3 is still alive; the 1 from the last iteration/);
  });

  it('clears warm-up in the first iteration plus a late one in the last', () => {
    expect(collectedLate.decide(countTrack([0, 5, 5, 5, 6], { survivors: [5, 0, 0, 1] }), NO_CONTEXT)?.leak).toBe(false);
  });

  it('has no opinion when a middle iteration left something, or without epochs', () => {
    expect(collectedLate.decide(countTrack([0, 1, 2, 3], { survivors: [1, 1, 1] }), NO_CONTEXT)).toBeUndefined();
    expect(collectedLate.decide(countTrack([0, 1, 1, 1]), NO_CONTEXT)).toBeUndefined();
    expect(collectedLate.decide(countTrack([0, 1, 2], { survivors: [0, 2] }), NO_CONTEXT)).toBeUndefined();
  });
});
