/**
 * The collector over a Playwright CDP session, on the demo: snapshots after repeated visits show the seeded leak
 * growing with the visits and attributed to the demo's line; the fixed demo grows nothing.
 */
import { cycle, type DemoRoute } from '../demo/driver.ts';
import { leakMarker } from '../demo/markers.ts';
import { useDemoServer } from './support/demo-server.ts';
import { collect } from '../src/collector/collect.ts';
import type { Cdp } from '../src/collector/cdp.ts';
import { Connection } from '../src/collector/connection.ts';
import { playwrightCdp } from '../src/collector/playwright-cdp.ts';
import { sample } from '../src/collector/sample.ts';
import type { Snapshot } from '../src/core/snapshot/schema.ts';
import { analyzePair } from '../src/core/analysis/analyze.ts';
import { expect, test } from './fixtures.ts';

const demo = useDemoServer(test);

const VISITS = 3;

/** Baseline after one warm-up visit, then a snapshot after each of VISITS more visits. */
async function series(page: import('@playwright/test').Page, route: DemoRoute, fixed: boolean): Promise<Snapshot[]> {
  await page.goto(fixed ? `${demo.url}?fixed=1` : demo.url);
  const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  await cycle(page, route);
  const out = [await collect(cdp, { label: 'baseline', iteration: 0 })];
  for (let i = 1; i <= VISITS; i++) {
    await cycle(page, route);
    out.push(await collect(cdp, { label: `iteration ${i}`, iteration: i }));
  }
  return out;
}

const resizeCounts = (snapshots: Snapshot[]) =>
  snapshots.map((s) => s.groups.filter((g) => g.kind === 'listener' && g.type === 'resize').reduce((n, g) => n + g.count, 0));

test('listeners route: the leaked resize listeners grow by one per visit, at the demo line', async ({ page }) => {
  const snapshots = await series(page, 'listeners', false);
  expect(resizeCounts(snapshots)).toEqual([1, 2, 3, 4]);
  const group = snapshots.at(-1)!.groups.find((g) => g.type === 'resize')!;
  const marker = leakMarker('listeners-window');
  expect(group.stack[0]).toMatchObject({ functionName: 'attachResizeHandler', url: `${demo.url.slice(0, -1)}${marker.path}`, line: marker.line });
  expect(snapshots.at(-1)!.health).toMatchObject({ instrumented: true, wrapperErrors: 0 });
});

test('listeners route, fixed: nothing grows', async ({ page }) => {
  const snapshots = await series(page, 'listeners', true);
  expect(resizeCounts(snapshots)).toEqual([0, 0, 0, 0]);
});

test('detached route: detached roots grow with the visits and carry the line that removed them', async ({ page }) => {
  const snapshots = await series(page, 'detached', false);
  const roots = snapshots.map((s) => s.detached.filter((d) => d.tag === 'ul' || d.tag === 'ol' || d.tag === 'section' || d.tag === 'div').length);
  for (let i = 1; i < roots.length; i++) expect(roots[i]).toBeGreaterThan(roots[i - 1]!);
  const attributed = snapshots.at(-1)!.detached.filter((d) => d.attribution.removedBy?.length);
  expect(attributed.length).toBeGreaterThan(0);
  expect(attributed[0]!.attribution.removedBy![0]!.url).toContain('/app/routes/detached.js');
});

test('detached route, fixed: no detached roots at all', async ({ page }) => {
  const snapshots = await series(page, 'detached', true);
  expect(snapshots.map((s) => s.detached.length)).toEqual([0, 0, 0, 0]);
});

test('unreachable detached nodes disappear at the next snapshot and reachable ones remain: the collector keeps nothing alive', async ({
  fixturePage,
}) => {
  const page = await fixturePage('detached.html');
  const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  await page.evaluate(() => {
    const w = window as unknown as { buildPanel(l: boolean): Element; closePanel(e: Element): void; garbage?: Element[] };
    for (let i = 0; i < 3; i++) w.closePanel(w.buildPanel(true)); // kept in window.kept
    // Removed and dropped at once: garbage for the next collection.
    w.garbage = [w.buildPanel(false), w.buildPanel(false)];
    for (const el of w.garbage) el.remove();
    w.garbage = undefined;
  });
  const panels = (s: Snapshot) => s.detached.filter((d) => d.tag === 'section').length;
  const first = await collect(cdp);
  expect(panels(first)).toBe(3);
  expect(
    first.detached
      .find((d) => d.tag === 'section')!
      .attribution.listeners.map((l) => l.type)
      .sort(),
  ).toEqual(['click', 'focus']);
  // The page lets go of what it kept; if the collector's own lookups had kept the nodes bound, they would stay.
  await page.evaluate(() => ((window as unknown as { kept: Element[] }).kept.length = 0));
  const second = await collect(cdp);
  expect(panels(second)).toBe(0);
});

test('a sample that timed out goes on alone: the next snapshots, over the connection or a wrapper of it, neither interleave with it nor see what it listed as alive', async ({
  fixturePage,
}) => {
  const page = await fixturePage('detached.html');
  const connection = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  const raw = connection.cdp;
  // The timed-out sample's read of detached nodes is held back, as on a slow connection, until a snapshot asked
  // for meanwhile has had the time to start (it must not: it waits for the sample's turn to end).
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let atGate!: () => void;
  const reachedGate = new Promise<void>((resolve) => (atGate = resolve));
  let held = true;
  let sampleDone!: () => void;
  const sampleEnded = new Promise<void>((resolve) => (sampleDone = resolve));
  let sampleHasEnded = false;
  const slow = connection.withCdp((raw): Cdp => ({
    transport: raw.transport,
    on: (event, fn) => raw.on(event, fn),
    send: (async (method: string, ...params: unknown[]) => {
      const mine = held && method === 'DOM.getDetachedDomNodes';
      if (mine) {
        held = false;
        atGate();
        await gate;
      }
      const result = await (raw.send as (m: string, ...p: unknown[]) => Promise<unknown>)(method, ...params);
      // The first DOM.disable after the held read is the sample's own (a waiting snapshot sends nothing before it).
      if (method === 'DOM.disable' && !held && !sampleHasEnded) {
        sampleHasEnded = true;
        sampleDone();
      }
      return result;
    }) as Cdp['send'],
  }));
  await page.evaluate(() => {
    const w = window as unknown as { buildPanel(l: boolean): Element; closePanel(e: Element): void };
    for (let i = 0; i < 3; i++) w.closePanel(w.buildPanel(true)); // kept in window.kept
  });
  await expect(sample(slow, { timeoutMs: 1 })).rejects.toThrow(/did not finish within 1 ms/);
  await reachedGate;
  // Over the connection itself, not the wrapper the sample runs on: they share one queue.
  const first = collect(connection);
  // A round trip on the same connection: a snapshot that does not wait has sent its first command by now.
  await raw.send('Runtime.evaluate', { expression: '0' });
  open();
  await sampleEnded;
  expect((await first).detached.filter((d) => d.tag === 'section')).toHaveLength(3);
  // The page lets go of them; nothing of Leakscope's may keep them.
  await page.evaluate(() => ((window as unknown as { kept: Element[] }).kept.length = 0));
  expect((await collect(slow)).detached.filter((d) => d.tag === 'section')).toEqual([]);
});

for (const grows of [false, true]) {
  test(`the very first snapshot of a page is comparable: ${grows ? 'a page that keeps 4 MB more is a heap leak' : 'an idle page compared with itself is clean'}`, async ({
    fixturePage,
  }) => {
    const page = await fixturePage('blank.html');
    const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
    const first = await collect(cdp, { label: 'first' });
    if (grows)
      await page.evaluate(
        () =>
          ((window as unknown as { kept: unknown }).kept = Array.from({ length: 4 }, () => new Uint8Array(1 << 20).fill(1)).map((a) =>
            Array.from(a.subarray(0, 1 << 17)),
          )),
      );
    const second = await collect(cdp, { label: 'second' });
    const report = analyzePair(first, second);
    const heapLeaks = report.leaks.filter((l) => l.kind === 'heap');
    if (grows) expect(heapLeaks).toHaveLength(1);
    else expect(report.leaks).toEqual([]);
  });
}

test("Chrome's counters stay right when the Performance agent was turned off behind the collector's back (a re-attached debugger)", async ({
  fixturePage,
}) => {
  const page = await fixturePage('blank.html');
  const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  const first = await collect(cdp);
  expect(first.counters.documents).toBeGreaterThan(0);
  expect(first.counters.nodes).toBeGreaterThan(0);
  // An agent that is off answers with no metrics at all: read as such, every counter would be 0.
  await cdp.cdp.send('Performance.disable');
  expect((await cdp.cdp.send('Performance.getMetrics')).metrics).toEqual([]);
  const second = await collect(cdp);
  expect(second.counters.documents).toBe(first.counters.documents);
  expect(second.counters.nodes).toBe(first.counters.nodes);
});
