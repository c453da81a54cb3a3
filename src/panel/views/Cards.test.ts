import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LiveSample } from '../../collector/sample.ts';
import type { Snapshot } from '../../core/snapshot/schema.ts';
import { snapshot } from '../../core/testing/builder.ts';
import type { Marker } from '../model/debugger-session.ts';
import { baselineValues, LiveSeries, type SeriesKey } from '../model/series.ts';
import { Cards } from './Cards.tsx';

function sampleAt(t: number, listeners: number, heap = 2_000_000): LiveSample {
  return {
    time: t * 1000,
    durationMs: 5,
    counters: { nodes: 10, jsEventListeners: 1, documents: 1, frames: 1, jsHeapUsedSize: heap, jsHeapTotalSize: 4_000_000 },
    registry: {
      listeners,
      connections: 1,
      workers: 0,
      channels: 0,
      images: 2,
      imageBytes: 2048,
      objectUrls: 0,
      observers: 0,
      timers: 0,
      errors: 0,
      epoch: 0,
      url: 'http://a.test/',
      frames: 1,
    },
    detachedNodes: 30,
    detachedMs: 1,
  };
}

/** The cards for these samples and markers, as markup; `text(id)` reads the element with that testid. */
function render(samples: LiveSample[], markers: Marker[], baseline?: Snapshot, hidden: ReadonlySet<SeriesKey> = new Set()) {
  const live = new LiveSeries({ state: { samples, markers }, subscribe: () => () => undefined });
  live.connect();
  const html = renderToStaticMarkup(createElement(Cards, { live, baseline, hidden, onToggle: () => undefined }));
  const text = (id: string) => new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
  return { html, text };
}

describe('baselineValues', () => {
  it("sums group counts per kind, image bytes, detached roots' nodes, and takes the JS heap", () => {
    const s = snapshot()
      .group({ kind: 'listener', type: 'resize', count: 3 })
      .group({ kind: 'listener', type: 'keydown', count: 2 })
      .group({ kind: 'image', type: 'Image', count: 4, bytes: 1000 })
      .group({ kind: 'image', type: 'HTMLImageElement', count: 1 })
      .group({ kind: 'websocket', type: 'WebSocket', count: 1 })
      .detached({ nodeCount: 25 }, 2)
      .counters({ jsHeapUsedSize: 5_000_000 })
      .build();
    expect(baselineValues(s)).toEqual({
      detached: 50,
      listeners: 5,
      connections: 1,
      workers: 0,
      channels: 0,
      images: 5,
      imageBytes: 1000,
      objectUrls: 0,
      observers: 0,
      timers: 0,
      heap: 5_000_000,
    });
  });
});

describe('Cards', () => {
  it('shows the latest value, the change since the last sample before the last navigation, and since the baseline', () => {
    const samples = [sampleAt(1, 10), sampleAt(2, 12), sampleAt(3, 14), sampleAt(4, 15, 3_048_576)];
    const markers: Marker[] = [{ time: 2500, kind: 'history', url: 'http://a.test/x' }];
    const { text } = render(samples, markers, snapshot().group({ kind: 'listener', count: 4 }).counters({ jsHeapUsedSize: 2_000_000 }).build());
    expect(text('card-listeners-value')).toBe('15');
    expect(text('card-listeners-nav-delta')).toBe('+3'); // 15 now, 12 in the sample before the navigation
    expect(text('card-listeners-baseline-delta')).toBe('+11');
    expect(text('card-heap-value')).toBe('2.9 MB');
    expect(text('card-heap-nav-delta')).toBe('+1.0 MB');
    expect(text('card-detached-nav-delta')).toBe('0');
    expect(text('card-images-bytes')).toBe('2.0 KB (0 B since navigation)');
  });

  it('says "–" where there is nothing to compare with, and leaves out the baseline without one', () => {
    const { html, text } = render([sampleAt(5, 10)], [{ time: 1000, kind: 'load', url: 'http://a.test/' }]);
    expect(text('card-listeners-value')).toBe('10');
    expect(text('card-listeners-nav-delta')).toBe('–');
    expect(html).not.toContain('baseline-delta');
    expect(render([], []).text('card-listeners-value')).toBe('–');
  });

  it('is a toggle button per card, pressed while its lines are shown', () => {
    const { html } = render([sampleAt(1, 1)], [], undefined, new Set<SeriesKey>(['images', 'imageBytes']));
    expect(html).toMatch(
      /<button[^>]*aria-pressed="true"[^>]*data-testid="card-listeners"|<button[^>]*data-testid="card-listeners"[^>]*aria-pressed="true"/,
    );
    expect(html).toMatch(
      /<button[^>]*aria-pressed="false"[^>]*data-testid="card-images"|<button[^>]*data-testid="card-images"[^>]*aria-pressed="false"/,
    );
  });
});
