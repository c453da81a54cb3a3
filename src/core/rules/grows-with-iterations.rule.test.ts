import { describe, expect, it } from 'vitest';
import { countTrack, heapTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { growsWithIterations } from './grows-with-iterations.rule.ts';

describe('grows-with-iterations', () => {
  it('calls a leak for one resource per iteration with uneven steps', () => {
    expect(growsWithIterations.decide(countTrack([0, 2, 2, 4, 4, 6]), NO_CONTEXT)).toEqual({
      leak: true,
      reason: 'grew by 6 over 5 iterations (1.2 per iteration)',
    });
  });

  it('writes heap amounts in bytes', () => {
    expect(growsWithIterations.decide(heapTrack([0, 2 ** 20, 2 ** 21]), NO_CONTEXT)?.reason).toBe(
      'grew by 2.0 MB over 2 iterations (1.0 MB per iteration)',
    );
  });

  it('has no opinion on a single jump over three steps or more; two jumps are a trend', () => {
    expect(growsWithIterations.decide(countTrack([2, 2, 2, 6]), NO_CONTEXT)).toBeUndefined();
    expect(growsWithIterations.decide(countTrack([0, 0, 0, 0, 0, 5]), NO_CONTEXT)).toBeUndefined();
    expect(growsWithIterations.decide(countTrack([0, 0, 0, 3, 3, 3, 6]), NO_CONTEXT)?.leak).toBe(true);
    expect(growsWithIterations.decide(countTrack([0, 0, 2]), NO_CONTEXT)?.leak).toBe(true);
  });

  it('has no opinion below one per iteration', () => {
    expect(growsWithIterations.decide(countTrack([0, 2, 2, 3, 3, 4]), NO_CONTEXT)).toBeUndefined();
  });
});
