import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../report/schema.ts';
import { frame, perIteration, series, seriesOfCounts, snapshot } from '../testing/builder.ts';
import { analyzePair, analyzeSeries } from './analyze.ts';

const MB = 1024 * 1024;
const HEAP = 20 * MB;

describe('analyzeSeries: leaks', () => {
  it('finds a listener added on every iteration, with its source line and a fix', () => {
    const snapshots = series(5, (b, i) =>
      b.group({ type: 'resize', target: 'window', createdIn: perIteration(i, 1), stack: [frame('mountChart', '/src/chart.js', 33, 11)] }),
    );
    const report = analyzeSeries(snapshots);
    expect(report.verdict).toBe('leaks');
    expect(report.leaks).toHaveLength(1);
    expect(report.leaks[0]).toMatchObject({
      kind: 'listener',
      type: 'resize',
      target: 'window',
      values: [0, 1, 2, 3, 4, 5],
      perIteration: 1,
      total: 5,
      rule: 'survives-every-iteration',
      stack: [frame('mountChart', '/src/chart.js', 33, 11)],
    });
    expect(report.leaks[0]?.fix).toMatch(/^Remove the listener on unmount/);
    expect(ReportSchema.parse(report)).toEqual(report);
  });

  it('finds a leak from counts alone when epochs are unknown', () => {
    const report = analyzeSeries(seriesOfCounts([0, 1, 2, 3, 4]));
    expect(report.leaks.map((l) => l.rule)).toEqual(['grows-every-iteration']);
  });

  it('finds one leak per iteration through uneven GC timing (+2, 0, +2, 0, +2)', () => {
    expect(analyzeSeries(seriesOfCounts([0, 2, 2, 4, 4, 6])).leaks.map((l) => l.rule)).toEqual(['grows-with-iterations']);
  });

  it('finds a websocket, a timer, an observer and an object URL leak, each with its fix', () => {
    const report = analyzeSeries(
      series(4, (b, i) => {
        b.group({ kind: 'websocket', type: 'WebSocket', target: 'wss://api.test/live', count: i });
        b.group({ kind: 'timer', type: 'setInterval', count: i });
        b.group({ kind: 'observer', type: 'MutationObserver', target: 'div#feed', count: i });
        b.group({ kind: 'object-url', type: 'Blob', count: 2 * i });
        b.group({ kind: 'image', type: 'HTMLImageElement', count: i });
      }),
    );
    expect(report.leaks.map((l) => [l.kind, l.fix.split(/[:(]/)[0]?.trim()])).toEqual([
      ['websocket', 'Close the socket on unmount'],
      ['image', 'Evict the cache'],
      ['object-url', 'Revoke the URL'],
      ['observer', 'Disconnect the MutationObserver on unmount'],
      ['timer', 'Clear the interval on unmount'],
    ]);
  });

  it('finds detached DOM roots that pile up, with their attribution', () => {
    const report = analyzeSeries(
      series(3, (b, i) =>
        b.detached(
          { id: 'dialog', bytes: 4000, listeners: [{ type: 'keydown', target: 'document', stack: [frame('trapFocus', '/src/dialog.js', 8, 3)] }] },
          i,
        ),
      ),
    );
    expect(report.leaks).toHaveLength(1);
    const leak = report.leaks[0];
    expect(leak).toMatchObject({ kind: 'detached-dom', target: 'div#dialog.modal', values: [0, 1, 2, 3], bytes: 12000 });
    expect(leak?.detached?.attribution.listeners[0]?.type).toBe('keydown');
    expect(leak?.fix).toMatch(/^Remove the listeners attached to it/);
  });

  it('calls a growing documents counter a document leak', () => {
    const report = analyzeSeries(series(4, (b, i) => b.counters({ documents: 1 + i })));
    expect(report.leaks).toMatchObject([{ kind: 'document', target: 'page', values: [1, 2, 3, 4, 5] }]);
  });

  it('does not count a document leak twice when a document group explains the counter', () => {
    const report = analyzeSeries(
      series(4, (b, i) => b.counters({ documents: 1 + i }).group({ kind: 'document', type: 'iframe', target: 'iframe#ad', count: i })),
    );
    expect(report.leaks.map((l) => [l.kind, l.target])).toEqual([['document', 'iframe#ad']]);
  });

  it('calls unexplained heap growth beyond the allowance a heap leak', () => {
    const report = analyzeSeries(series(4, (b, i) => b.counters({ jsHeapUsedSize: HEAP + i * 2 * MB })));
    expect(report.leaks).toMatchObject([{ kind: 'heap', perIteration: 2 * MB, total: 8 * MB, bytes: 8 * MB }]);
  });

  it('does not report heap growth that other leaks explain', () => {
    const report = analyzeSeries(series(4, (b, i) => b.counters({ jsHeapUsedSize: HEAP + i * 2 * MB }).group({ count: i })));
    expect(report.leaks.map((l) => l.kind)).toEqual(['listener']);
  });

  it('does not call raw Nodes or JSEventListeners growth a leak (browser bookkeeping)', () => {
    const report = analyzeSeries(series(5, (b, i) => b.counters({ nodes: 1000 + 40 * i, jsEventListeners: 50 + 3 * i, frames: 1 + i })));
    expect(report.verdict).toBe('clean');
    expect(report.counters.find((c) => c.name === 'nodes')?.values).toEqual([1000, 1040, 1080, 1120, 1160, 1200]);
  });
});

describe('analyzeSeries: false alarms stay silent', () => {
  it('a bounded cache that fills up and plateaus', () => {
    expect(analyzeSeries(seriesOfCounts([0, 1, 2, 3, 3, 3], { kind: 'image' })).verdict).toBe('clean');
    expect(analyzeSeries(seriesOfCounts([0, 2, 4, 6, 6, 6], { kind: 'image' })).verdict).toBe('clean');
  });

  it('a bounded cache whose epochs show only the latest entries alive', () => {
    const snapshots = series(6, (b, i) => {
      const live: Record<number, number> = {};
      for (let it = Math.max(1, i - 2); it <= i; it++) live[it] = 1;
      b.group({ kind: 'image', createdIn: live });
    });
    expect(analyzeSeries(snapshots).verdict).toBe('clean');
  });

  it('a group that grows once at warm-up, then stays flat', () => {
    expect(analyzeSeries(seriesOfCounts([0, 4, 4, 4, 4, 4])).verdict).toBe('clean');
    expect(analyzeSeries(seriesOfCounts([0, 6, 6])).verdict).toBe('clean');
  });

  it('warm-up plus one late-collected resource at the end', () => {
    expect(analyzeSeries(seriesOfCounts([0, 5, 5, 5, 5, 5, 6])).verdict).toBe('clean');
  });

  it('noise on the heap counter', () => {
    const noise = [0, 180, -120, 240, 60, -30].map((k) => HEAP + k * 1024);
    expect(analyzeSeries(series(5, (b, i) => b.counters({ jsHeapUsedSize: noise[i] ?? HEAP }))).verdict).toBe('clean');
  });

  it('a heap that grows at warm-up, then only by noise', () => {
    const heap = [HEAP, HEAP + 3 * MB, HEAP + 3.1 * MB, HEAP + 2.9 * MB, HEAP + 3.2 * MB];
    expect(analyzeSeries(series(4, (b, i) => b.counters({ jsHeapUsedSize: Math.round(heap[i] ?? HEAP) }))).verdict).toBe('clean');
  });

  it('a resource that survives one extra cycle, then is collected', () => {
    // Each iteration's resource is still alive at the next snapshot, and gone at the one after.
    expect(analyzeSeries(series(5, (b, i) => (i > 0 ? b.group({ kind: 'timer', createdIn: { [i]: 1 } }) : b))).verdict).toBe('clean');
    expect(analyzeSeries(seriesOfCounts([0, 0, 1, 0, 0, 0])).verdict).toBe('clean');
    expect(analyzeSeries(seriesOfCounts([0, 0, 0, 0, 0, 1])).verdict).toBe('clean');
  });

  it('a clean app with a little of everything', () => {
    const snapshots = series(5, (b, i) => {
      b.counters({ nodes: 1000 + 7 * i, jsEventListeners: 50 + (i % 2), jsHeapUsedSize: HEAP + ((i * 37) % 5) * 40 * 1024 });
      b.group({ type: 'resize', createdIn: { 0: 1 } });
      b.group({ kind: 'image', count: Math.min(i, 3) });
      b.group({ kind: 'timer', createdIn: i > 0 ? { [i]: 1 } : {} });
    });
    const report = analyzeSeries(snapshots);
    expect(report.leaks).toEqual([]);
    expect(report.allowed).toEqual([]);
  });
});

describe('budgets', () => {
  const leaky = () => series(4, (b, i) => b.group({ type: 'resize', count: 2 * i }).group({ type: 'scroll', count: i }));

  it('a leak exactly at the budget passes, just over fails', () => {
    expect(analyzeSeries(leaky(), { budget: { listener: 3 } }).verdict).toBe('within-budget');
    expect(analyzeSeries(leaky(), { budget: { listener: 2.99 } }).verdict).toBe('leaks');
  });

  it('adds up all leaks of a kind', () => {
    const report = analyzeSeries(leaky(), { budget: { listener: 2 } });
    expect(report.leaks).toHaveLength(2);
    expect(report.allowed).toEqual([]);
  });

  it('a zero budget accepts nothing, and other kinds are unaffected', () => {
    expect(analyzeSeries(leaky(), { budget: { listener: 0 } }).verdict).toBe('leaks');
    expect(analyzeSeries(leaky(), { budget: { 'detached-dom': 10 } }).leaks).toHaveLength(2);
  });

  it('lists leaks within budget as allowed', () => {
    const report = analyzeSeries(leaky(), { budget: { listener: 5 } });
    expect(report.leaks).toEqual([]);
    expect(report.allowed.map((l) => l.type)).toEqual(['resize', 'scroll']);
    expect(report.budget).toEqual({ listener: 5 });
  });

  it('heap budgets are bytes per iteration', () => {
    const heapy = () => series(4, (b, i) => b.counters({ jsHeapUsedSize: HEAP + i * 600 * 1024 }));
    expect(analyzeSeries(heapy(), { budget: { heap: 512 * 1024 } }).verdict).toBe('leaks');
    expect(analyzeSeries(heapy(), { budget: { heap: 600 * 1024 } }).verdict).toBe('within-budget');
  });
});

describe('analyzePair', () => {
  it('treats a pair without iteration numbers as one iteration', () => {
    const a = snapshot(0).meta({ iteration: undefined }).group({ count: 1 }).build();
    const b = snapshot(1).meta({ iteration: undefined }).group({ count: 2 }).build();
    const report = analyzePair(a, b);
    expect(report).toMatchObject({ mode: 'pair', iterations: 1, verdict: 'leaks' });
    expect(report.notes).toContain('the snapshots carry no iteration numbers, so the diff counts as one iteration');
  });

  it('scales growth per iteration when both snapshots carry one', () => {
    const a = snapshot(0).group({ count: 1 }).build();
    expect(analyzePair(a, snapshot(5).group({ count: 6 }).build()).leaks[0]).toMatchObject({ perIteration: 1, rule: 'grows-every-iteration' });
    expect(analyzePair(a, snapshot(5).group({ count: 4 }).build()).verdict).toBe('clean');
  });

  it('gives the heap its noise allowance', () => {
    const a = snapshot(0).counters({ jsHeapUsedSize: HEAP }).build();
    expect(
      analyzePair(
        a,
        snapshot(1)
          .counters({ jsHeapUsedSize: HEAP + 100 * 1024 })
          .build(),
      ).verdict,
    ).toBe('clean');
    expect(
      analyzePair(
        a,
        snapshot(1)
          .counters({ jsHeapUsedSize: HEAP + 3 * MB })
          .build(),
      ).leaks[0]?.kind,
    ).toBe('heap');
    expect(
      analyzePair(
        a,
        snapshot(1)
          .counters({ jsHeapUsedSize: HEAP + 3 * MB })
          .build(),
        { heapNoiseBytes: 4 * MB },
      ).verdict,
    ).toBe('clean');
  });

  it('allows a pair without iteration numbers (taken by hand) at least 1 MB of heap: compiled code is not a leak', () => {
    const byHand = (bytes: number) => snapshot(0).meta({ iteration: undefined }).counters({ jsHeapUsedSize: bytes }).build();
    const a = byHand(HEAP);
    expect(analyzePair(a, byHand(HEAP + 900 * 1024)).verdict).toBe('clean');
    expect(analyzePair(a, byHand(HEAP + 2 * MB)).leaks[0]?.kind).toBe('heap');
    // With iteration numbers the per-iteration allowance applies as in a series.
    expect(
      analyzePair(
        snapshot(0).counters({ jsHeapUsedSize: HEAP }).build(),
        snapshot(1)
          .counters({ jsHeapUsedSize: HEAP + 900 * 1024 })
          .build(),
      ).leaks[0]?.kind,
    ).toBe('heap');
  });

  it('is silent for a pair in the other direction', () => {
    const a = snapshot(0).group({ count: 1 }).build();
    const b = snapshot(1).group({ count: 6 }).build();
    expect(analyzePair(b, a).verdict).toBe('clean');
  });

  it('carries the diff and notes about the snapshots', () => {
    const a = snapshot(0).health({ instrumented: false }).build();
    const b = snapshot(1).meta({ url: 'https://other.test/' }).health({ dropped: 12, droppedStacks: 3, droppedGroups: 40, wrapperErrors: 1 }).build();
    const report = analyzePair(a, b);
    expect(report.notes).toEqual([
      '"baseline": the page instrumentation was not installed; only counters and detached DOM are reliable',
      '"iteration 1": 12 resources were not tracked (registry full); counts are lower bounds',
      '"iteration 1": 3 creation stacks were not recorded (stack table full)',
      '"iteration 1": 40 new groups did not fit the group table; their resources are counted in "(other)" groups',
      '"iteration 1": 1 errors inside the instrumentation were swallowed',
      'the snapshots come from different origins (https://app.test, https://other.test); compare snapshots of the same app',
    ]);
    expect(report.diff.from.label).toBe('baseline');
  });

  it('says "unreliable", never clean, when the instrumentation was missing, failed, was full or found a forgery', () => {
    const cases: [Parameters<ReturnType<typeof snapshot>['health']>[0], string][] = [
      [{ instrumented: false }, '"iteration 1": the page instrumentation was not installed; only counters and detached DOM are reliable'],
      [{ wrapperErrors: 2 }, '"iteration 1": 2 errors inside the instrumentation were swallowed'],
      [{ dropped: 5 }, '"iteration 1": 5 resources were not tracked (registry full); counts are lower bounds'],
      [{ impaired: ['the page put a read-out of its own here'] }, '"iteration 1": the page put a read-out of its own here'],
    ];
    for (const [health, reason] of cases) {
      const report = analyzePair(snapshot(0).build(), snapshot(1).health(health).build());
      expect(report.verdict).toBe('unreliable');
      expect(report.unreliable).toEqual([reason]);
      expect(report.notes).toContain(reason);
    }
    // Leaks found stand: what was counted was there.
    const leaky = analyzePair(
      snapshot(0).build(),
      snapshot(1)
        .group({ count: 6 })
        .health({ impaired: ['forged'] })
        .build(),
    );
    expect(leaky.verdict).toBe('leaks');
    expect(leaky.unreliable).toBeUndefined();
    expect(leaky.notes).toContain('"iteration 1": forged');
    // Negative twin: a healthy pair is clean, with no reasons.
    const clean = analyzePair(snapshot(0).build(), snapshot(1).build());
    expect(clean.verdict).toBe('clean');
    expect(clean.unreliable).toBeUndefined();
  });

  it('refuses fewer than two snapshots', () => {
    expect(() => analyzeSeries([snapshot().build()])).toThrow(/needs at least two snapshots/);
  });
});
