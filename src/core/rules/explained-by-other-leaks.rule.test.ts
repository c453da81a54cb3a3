import { describe, expect, it } from 'vitest';
import { countTrack, heapTrack } from '../testing/tracks.ts';
import { explainedByOtherLeaks } from './explained-by-other-leaks.rule.ts';

describe('explained-by-other-leaks', () => {
  it('clears a counter when other leaks explain it', () => {
    expect(explainedByOtherLeaks.decide(heapTrack([0, 1e6, 2e6]), { explainingLeaks: 2 })).toEqual({
      leak: false,
      reason: 'explained by the 2 leaks found above',
    });
  });

  it('has no opinion on an unexplained counter or on groups', () => {
    expect(explainedByOtherLeaks.decide(heapTrack([0, 1e6, 2e6]), { explainingLeaks: 0 })).toBeUndefined();
    expect(explainedByOtherLeaks.decide(countTrack([0, 1, 2]), { explainingLeaks: 3 })).toBeUndefined();
  });
});
