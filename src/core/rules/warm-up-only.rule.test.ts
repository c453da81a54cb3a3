import { describe, expect, it } from 'vitest';
import { countTrack, heapTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { warmUpOnly } from './warm-up-only.rule.ts';

const MB = 1024 * 1024;

describe('warm-up-only', () => {
  it('clears a group that grows once in the first iteration and then stays flat', () => {
    expect(warmUpOnly.decide(countTrack([0, 4, 4]), NO_CONTEXT)).toEqual({
      leak: false,
      reason: 'grew at warm-up (0 -> 4 in the first iteration), then by 0 over 1 iteration',
    });
  });

  it('clears warm-up followed by one late-collected resource at the end', () => {
    expect(warmUpOnly.decide(countTrack([0, 5, 5, 5, 5, 5, 6]), NO_CONTEXT)?.leak).toBe(false);
  });

  it('clears a heap that jumped at warm-up and then only moved within noise', () => {
    expect(warmUpOnly.decide(heapTrack([10 * MB, 13 * MB, 13.1 * MB, 13 * MB]), NO_CONTEXT)?.leak).toBe(false);
  });

  it('has no opinion when growth continues after the first iteration', () => {
    expect(warmUpOnly.decide(countTrack([0, 1, 2]), NO_CONTEXT)).toBeUndefined();
    expect(warmUpOnly.decide(countTrack([0, 2, 2, 4, 4, 6]), NO_CONTEXT)).toBeUndefined();
    expect(warmUpOnly.decide(countTrack([0, 5, 6, 7, 8]), NO_CONTEXT)).toBeUndefined();
    expect(warmUpOnly.decide(countTrack([0, 5]), NO_CONTEXT)).toBeUndefined();
  });
});
