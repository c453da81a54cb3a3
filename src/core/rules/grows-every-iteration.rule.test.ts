import { describe, expect, it } from 'vitest';
import { countTrack, heapTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { growsEveryIteration } from './grows-every-iteration.rule.ts';

const MB = 1024 * 1024;

describe('grows-every-iteration', () => {
  it('calls a leak when every iteration added at least one resource', () => {
    expect(growsEveryIteration.decide(countTrack([0, 1, 2, 4]), NO_CONTEXT)).toEqual({
      leak: true,
      reason: 'grew on every iteration (+1, +1, +2)',
    });
  });

  it('scales a single step by the iterations it spans (a diff of two snapshots)', () => {
    expect(growsEveryIteration.decide(countTrack([1, 6], { steps: [5] }), NO_CONTEXT)).toEqual({
      leak: true,
      reason: 'grew by +5 over 5 iterations',
    });
    expect(growsEveryIteration.decide(countTrack([1, 4], { steps: [5] }), NO_CONTEXT)).toBeUndefined();
  });

  it('needs the heap to beat its allowance on every step', () => {
    expect(growsEveryIteration.decide(heapTrack([10 * MB, 11 * MB, 12 * MB]), NO_CONTEXT)?.reason).toBe('grew on every iteration (+1.0 MB, +1.0 MB)');
    expect(growsEveryIteration.decide(heapTrack([10 * MB, 11 * MB, 11.1 * MB]), NO_CONTEXT)).toBeUndefined();
  });

  it('has no opinion when a step stood still', () => {
    expect(growsEveryIteration.decide(countTrack([0, 2, 2, 4]), NO_CONTEXT)).toBeUndefined();
  });
});
