import { describe, expect, it } from 'vitest';
import { sumStats } from './sample.ts';

const stats = (listeners: number, epoch = 0) => ({
  listeners,
  connections: 1,
  workers: 1,
  channels: 0,
  images: 0,
  imageBytes: 0,
  objectUrls: 0,
  observers: 0,
  timers: 2,
  epoch,
  url: `http://a.test/${epoch}`,
  errors: 0,
});

describe('sumStats', () => {
  it('sums the frames and takes epoch and url from the top one', () => {
    expect(sumStats([stats(3, 4), stats(5, 9)])).toEqual({
      listeners: 8,
      connections: 2,
      workers: 2,
      channels: 0,
      images: 0,
      imageBytes: 0,
      objectUrls: 0,
      observers: 0,
      timers: 4,
      errors: 0,
      epoch: 4,
      url: 'http://a.test/4',
      frames: 2,
    });
  });
  it('leaves out what the page forged, and says undefined when there is nothing', () => {
    expect(sumStats([{ ...stats(1), listeners: -5 }, stats(2)])?.listeners).toBe(2);
    expect(sumStats([{ ...stats(1), listeners: '7' }])).toBeUndefined();
    expect(sumStats('nope')).toBeUndefined();
    expect(sumStats([])).toBeUndefined();
  });
});
