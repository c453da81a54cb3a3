import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../core/analysis/analyze.ts';
import type { Report } from '../core/report/schema.ts';
import { series } from '../core/testing/builder.ts';
import { HeapBuilder } from '../core/testing/heap-builder.ts';
import type { Cdp } from './cdp.ts';
import { Connection } from './connection.ts';
import { MAX_HEAP_BYTES, nameRetainers } from './retainers.ts';

/** A report with one detached-DOM leak: a `<section class="view">` more per iteration. */
function leakyReport(): Report {
  const report = analyzeSeries(series(4, (b, i) => void b.detached({ tag: 'section', classes: ['view'] }, i)));
  expect(report.leaks.map((l) => l.kind)).toEqual(['detached-dom']);
  return report;
}

/** A heap snapshot in which `renderedLists[0]` keeps the removed section through its `<ul>`. */
function heapText(): string {
  const b = new HeapBuilder();
  const section = b.element('<section class="view">');
  const ul = b.element('<ul class="catalog">', false);
  const list = b.node('object', 'Array');
  b.edge(ul, 'element', 1, section);
  b.edge(b.moduleScope('/src/list.js'), 'context', 'renderedLists', list).edge(list, 'element', 0, ul);
  return JSON.stringify(b.build());
}

/** A Playwright-like transport whose heap profiler streams `text` in small chunks, or fails as told. */
function fakeCdp(opts: { text?: string; heapBytes?: number; fail?: string }): Cdp & { sent: string[] } {
  const listeners = new Set<(event: { chunk: string }) => void>();
  const sent: string[] = [];
  return {
    transport: 'playwright',
    sent,
    on: ((event: string, fn: (event: { chunk: string }) => void) => {
      expect(event).toBe('HeapProfiler.addHeapSnapshotChunk');
      listeners.add(fn);
      return () => listeners.delete(fn);
    }) as Cdp['on'],
    send: (async (method: string) => {
      sent.push(method);
      if (method === 'Runtime.getHeapUsage') return { usedSize: opts.heapBytes ?? 1_000_000, totalSize: 2_000_000 };
      if (method === 'HeapProfiler.takeHeapSnapshot') {
        if (opts.fail) throw new Error(`${opts.fail}\nat the protocol`);
        const text = opts.text ?? '';
        for (let i = 0; i < text.length; i += 100) for (const fn of listeners) fn({ chunk: text.slice(i, i + 100) });
      }
      return {};
    }) as Cdp['send'],
  };
}

describe('nameRetainers', () => {
  it('names the variable from a snapshot streamed in chunks, and turns the profiler off again', async () => {
    const report = leakyReport();
    const cdp = fakeCdp({ text: heapText() });
    await nameRetainers(new Connection(cdp), report);
    expect(report.leaks[0]!.detached!.attribution.keptBy).toMatchObject({ path: 'renderedLists[0]', node: '<ul class="catalog">' });
    expect(report.notes.filter((n) => n.startsWith('retainers:'))).toEqual([]);
    expect(cdp.sent).toEqual(['Runtime.getHeapUsage', 'HeapProfiler.enable', 'HeapProfiler.takeHeapSnapshot', 'HeapProfiler.disable']);
  });

  it('says in the notes why nothing was named: a snapshot that does not read, a failed command, a heap too large', async () => {
    const cases: [Parameters<typeof fakeCdp>[0], RegExp][] = [
      [{ text: '{"snapshot": {"meta"' }, /could not be named: not a V8 heap snapshot: its JSON does not parse \(20 characters\)/],
      [{ fail: 'Target closed' }, /could not be named: Target closed$/],
      [{ heapBytes: MAX_HEAP_BYTES + 1 }, /could not be named: the page's heap \(100\.0 MB\) is larger than the 100\.0 MB Leakscope snapshots/],
    ];
    for (const [opts, message] of cases) {
      const report = leakyReport();
      await nameRetainers(new Connection(fakeCdp(opts)), report);
      expect(report.leaks[0]!.detached!.attribution.keptBy).toBeUndefined();
      expect(report.notes.filter((n) => n.startsWith('retainers:'))).toEqual([expect.stringMatching(message)]);
    }
  });

  it('says how many roots the snapshot did not hold, and takes no snapshot when no detached DOM leaks', async () => {
    const report = leakyReport();
    await nameRetainers(new Connection(fakeCdp({ text: JSON.stringify(new HeapBuilder().build()) })), report);
    expect(report.notes).toContain(
      'retainers: 1 of 1 detached roots were not found alive in the heap snapshot (collected since, or kept only weakly)',
    );
    const clean = analyzeSeries(series(3, () => undefined));
    const cdp = fakeCdp({ text: heapText() });
    await nameRetainers(new Connection(cdp), clean);
    expect(cdp.sent).toEqual([]);
  });
});
