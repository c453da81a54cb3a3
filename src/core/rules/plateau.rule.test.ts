import { describe, expect, it } from 'vitest';
import { countTrack, heapTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { plateau } from './plateau.rule.ts';

const MB = 1024 * 1024;

describe('plateau', () => {
  it('clears a bounded cache that filled up and stopped growing', () => {
    expect(plateau.decide(countTrack([0, 2, 4, 6, 6, 6]), NO_CONTEXT)).toEqual({
      leak: false,
      reason: 'stopped growing: 6 -> 6 over the last two iterations (a bounded cache or a warm-up)',
    });
  });

  it('clears a cache that evicted at the end', () => {
    expect(plateau.decide(countTrack([0, 2, 4, 6, 6, 5]), NO_CONTEXT)?.leak).toBe(false);
  });

  it('treats heap growth under the allowance as flat', () => {
    expect(plateau.decide(heapTrack([10 * MB, 14 * MB, 18 * MB, 18.1 * MB, 18.2 * MB]), NO_CONTEXT)?.leak).toBe(false);
  });

  it('has no opinion on a series still growing, or too short to tell', () => {
    // One leaked resource per iteration with a resource of GC lag that comes and goes still grows over two steps.
    expect(plateau.decide(countTrack([0, 2, 2, 4, 4, 6]), NO_CONTEXT)).toBeUndefined();
    expect(plateau.decide(countTrack([0, 2, 2, 3]), NO_CONTEXT)).toBeUndefined();
    expect(plateau.decide(countTrack([0, 3, 3]), NO_CONTEXT)).toBeUndefined();
  });
});
