import { describe, expect, it } from 'vitest';
import type { LiveSample } from '../../collector/sample.ts';
import type { Marker } from './debugger-session.ts';
import { LiveSeries, MAX_POINTS, navigationMarkers, SERIES, SeriesStore, type SampleSource } from './series.ts';

/** A sample at second `t` whose registry counts are all `n` (no registry when `n` is undefined). */
function sampleAt(t: number, n: number | undefined, extra: Partial<LiveSample> = {}): LiveSample {
  return {
    time: t * 1000,
    durationMs: 5,
    counters: { nodes: 10, jsEventListeners: 1, documents: 1, frames: 1, jsHeapUsedSize: 1_000_000 + t, jsHeapTotalSize: 2_000_000 },
    registry:
      n === undefined
        ? undefined
        : {
            listeners: n,
            connections: n,
            workers: 0,
            channels: 0,
            images: n,
            imageBytes: n * 100,
            objectUrls: n,
            observers: n,
            timers: n,
            errors: 0,
            epoch: 0,
            url: 'http://a.test/',
            frames: 1,
          },
    detachedNodes: n,
    detachedMs: 1,
    ...extra,
  };
}

/** The window as uPlot shows it: each column from `start` on. */
const windowOf = (store: SeriesStore) => store.columns.map((c) => c.slice(store.start));

describe('SeriesStore', () => {
  it('lays samples out in columns, times in seconds, one column per series, gaps as null', () => {
    const store = new SeriesStore();
    store.append(sampleAt(1, 3));
    store.append(sampleAt(2, undefined));
    expect(store.columns).toHaveLength(1 + SERIES.length);
    expect(windowOf(store)[0]).toEqual([1, 2]);
    expect(store.latest('listeners')).toBeUndefined();
    expect(store.value('listeners', 0)).toBe(3);
    expect(store.value('imageBytes', 0)).toBe(300);
    expect(store.latest('heap')).toBe(1_000_002);
    const listeners = SERIES.findIndex((d) => d.key === 'listeners') + 1;
    expect(windowOf(store)[listeners]).toEqual([3, null]);
  });

  it(`keeps the last ${MAX_POINTS} samples (one hour at 1 Hz) and drops older ones`, () => {
    const store = new SeriesStore();
    for (let t = 0; t < MAX_POINTS * 3 + 17; t++) {
      store.append(sampleAt(t, t));
      expect(store.length).toBe(Math.min(t + 1, MAX_POINTS));
    }
    const last = MAX_POINTS * 3 + 16;
    const shown = windowOf(store);
    expect(shown[0]).toHaveLength(MAX_POINTS);
    expect(shown[0]![0]).toBe(last - MAX_POINTS + 1);
    expect(shown[0]!.at(-1)).toBe(last);
    expect(store.time(0)).toBe((last - MAX_POINTS + 1) * 1000);
    expect(store.value('timers', 0)).toBe(last - MAX_POINTS + 1);
    expect(store.latest('timers')).toBe(last);
    // The backing columns never hold more than twice the cap.
    expect(store.columns[0].length).toBeLessThan(2 * MAX_POINTS);
  });

  it('appends in amortised O(1): about one row moved per row appended, however long it runs', () => {
    const store = new SeriesStore(SERIES, 100);
    const n = 100_000;
    for (let t = 0; t < n; t++) store.append(sampleAt(t, 1));
    expect(store.moved).toBeGreaterThan(0);
    expect(store.moved / n).toBeLessThanOrEqual(1);
  });

  it('finds the value in the last sample strictly before a time', () => {
    const store = new SeriesStore(SERIES, 5);
    for (let t = 1; t <= 8; t++) store.append(sampleAt(t, t * 10));
    // Window: seconds 4..8.
    expect(store.before('listeners', 6000)).toBe(50);
    expect(store.before('listeners', 6500)).toBe(60);
    expect(store.before('listeners', 99_000)).toBe(80);
    expect(store.before('listeners', 4000)).toBeUndefined(); // nothing before the window's first sample
    expect(store.before('listeners', 1000)).toBeUndefined();
  });
});

describe('navigationMarkers', () => {
  const m = (time: number, kind: Marker['kind'], url: string): Marker => ({ time, kind, url });

  it('drops the epoch changes a sample found for navigations the browser reported, keeps the others, sorts by time', () => {
    const markers = [
      m(1000, 'history', 'http://a.test/x'),
      m(1200, 'history', 'http://a.test/'),
      m(1100, 'epoch', 'http://a.test/'),
      m(60_000, 'epoch', 'http://a.test/y'),
      m(30_000, 'load', 'http://a.test/'),
    ];
    expect(navigationMarkers(markers)).toEqual([
      m(1000, 'history', 'http://a.test/x'),
      m(1200, 'history', 'http://a.test/'),
      m(30_000, 'load', 'http://a.test/'),
      m(60_000, 'epoch', 'http://a.test/y'),
    ]);
  });

  it('keeps epoch markers when the browser reported nothing', () => {
    expect(navigationMarkers([m(1, 'epoch', 'a'), m(2, 'epoch', 'a')])).toHaveLength(2);
  });
});

describe('LiveSeries', () => {
  function source(samples: LiveSample[] = [], markers: Marker[] = []) {
    const subscribers = new Set<() => void>();
    let state: SampleSource['state'] = { samples, markers };
    const src: SampleSource & { push(s: LiveSample, cap?: number): void; mark(mk: Marker): void } = {
      get state() {
        return state;
      },
      subscribe(fn) {
        subscribers.add(fn);
        return () => subscribers.delete(fn);
      },
      // Like DebuggerSession: a new array on every sample, capped.
      push(s, cap = Infinity) {
        state = { ...state, samples: [...state.samples, s].slice(-cap) };
        for (const fn of subscribers) fn();
      },
      mark(mk) {
        state = { ...state, markers: [...state.markers, mk] };
        for (const fn of subscribers) fn();
      },
    };
    return src;
  }

  it('takes the samples already there, then appends only the new ones, also once the source drops old ones', () => {
    const src = source([sampleAt(1, 1), sampleAt(2, 2)]);
    const live = new LiveSeries(src, 4);
    const disconnect = live.connect();
    expect(live.state.points).toBe(2);
    let notified = 0;
    live.subscribe(() => notified++);
    for (let t = 3; t <= 9; t++) src.push(sampleAt(t, t), 3);
    expect(notified).toBe(7);
    expect(live.state.points).toBe(4);
    expect(windowOf(live.store)[0]).toEqual([6, 7, 8, 9]);
    disconnect();
    src.push(sampleAt(10, 10));
    expect(live.store.latest('listeners')).toBe(9);
    // Connecting again (React's strict mode does) catches up without appending twice.
    live.connect();
    expect(windowOf(live.store)[0]).toEqual([7, 8, 9, 10]);
  });

  it('passes markers on, deduplicated, with a new state only when something changed', () => {
    const src = source([sampleAt(1, 1)]);
    const live = new LiveSeries(src);
    live.connect();
    const before = live.state;
    live.sync();
    expect(live.state).toBe(before);
    src.mark({ time: 1500, kind: 'history', url: 'u' });
    src.mark({ time: 2000, kind: 'epoch', url: 'u' });
    expect(live.state.markers).toEqual([{ time: 1500, kind: 'history', url: 'u' }]);
    expect(live.state.version).toBe(before.version);
  });
});
