import { describe, expect, it } from 'vitest';
import { countTrack, heapTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { noSignificantGrowth } from './no-significant-growth.rule.ts';

const MB = 1024 * 1024;

describe('no-significant-growth', () => {
  it('clears flat, shrinking and sub-one-per-iteration series', () => {
    expect(noSignificantGrowth.decide(countTrack([3, 3, 3]), NO_CONTEXT)).toEqual({ leak: false, reason: 'did not grow (3 -> 3)' });
    expect(noSignificantGrowth.decide(countTrack([5, 4, 2]), NO_CONTEXT)?.leak).toBe(false);
    expect(noSignificantGrowth.decide(countTrack([0, 1, 1, 1, 1, 1]), NO_CONTEXT)?.reason).toBe(
      'grew by 1 over 5 iterations, less than 1 per iteration',
    );
  });

  it('clears heap growth within the noise allowance', () => {
    expect(noSignificantGrowth.decide(heapTrack([10 * MB, 10.1 * MB, 10.2 * MB, 10.3 * MB]), NO_CONTEXT)?.leak).toBe(false);
  });

  it('leaves one-per-iteration growth to later rules', () => {
    expect(noSignificantGrowth.decide(countTrack([0, 1, 2, 3]), NO_CONTEXT)).toBeUndefined();
    expect(noSignificantGrowth.decide(heapTrack([10 * MB, 11 * MB, 12 * MB]), NO_CONTEXT)).toBeUndefined();
  });

  it('scales by the iterations a step spans', () => {
    expect(noSignificantGrowth.decide(countTrack([0, 4], { steps: [5] }), NO_CONTEXT)?.leak).toBe(false);
    expect(noSignificantGrowth.decide(countTrack([0, 5], { steps: [5] }), NO_CONTEXT)).toBeUndefined();
  });
});
