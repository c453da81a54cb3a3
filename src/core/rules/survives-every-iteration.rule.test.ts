import { describe, expect, it } from 'vitest';
import { countTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { survivesEveryIteration } from './survives-every-iteration.rule.ts';

describe('survives-every-iteration', () => {
  it('calls a leak when every iteration left a live resource, even with uneven counts', () => {
    expect(survivesEveryIteration.decide(countTrack([0, 2, 2, 3], { survivors: [1, 1, 1] }), NO_CONTEXT)).toEqual({
      leak: true,
      reason: 'resources created in every iteration are still alive (1, 1, 1 per iteration)',
    });
  });

  it('has no opinion when an iteration left nothing, or without epochs, or with fewer than 3 iterations', () => {
    expect(survivesEveryIteration.decide(countTrack([0, 1, 1, 2], { survivors: [1, 0, 1] }), NO_CONTEXT)).toBeUndefined();
    expect(survivesEveryIteration.decide(countTrack([0, 1, 2, 3]), NO_CONTEXT)).toBeUndefined();
    expect(survivesEveryIteration.decide(countTrack([0, 1, 2], { survivors: [1, 1] }), NO_CONTEXT)).toBeUndefined();
  });
});
