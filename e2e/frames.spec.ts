/**
 * Snapshots of pages with many frames, hostile frames and frames of every kind: the collector enumerates frames
 * from Chrome (never from the page's `frames`), reads each frame's registry in its own context within a time
 * budget, and says in `health.coverage` which frames it read and why it did not read the others. What happens to
 * the page during a snapshot (a navigation, a crash) is told in its own line.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Cdp } from '../src/collector/cdp.ts';
import { collect, CRASHED, NAVIGATED } from '../src/collector/collect.ts';
import { Connection } from '../src/collector/connection.ts';
import { playwrightCdp } from '../src/collector/playwright-cdp.ts';
import type { Snapshot } from '../src/core/snapshot/schema.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

/** A second site, so that its frames are cross-origin (and, with site isolation, in a process of their own). */
const OTHER_ORIGIN = 'http://other-site.leakscope-cross.test';
const CHILD = readFileSync(new URL('./pages/frames-child.html', import.meta.url));
/** Enough frames to show the cost per frame, few enough for CI (990 measured once: see the README). */
const MANY = Number(process.env.LEAKSCOPE_MANY_FRAMES ?? 300);

const connect = async (page: Page) => new Connection(playwrightCdp(await page.context().newCDPSession(page)));
const listeners = (s: Snapshot, type: string) => s.groups.filter((g) => g.kind === 'listener' && g.type === type).reduce((n, g) => n + g.count, 0);
const loaded = (page: Page, n: number) =>
  page.waitForFunction((expected) => (window as unknown as { loadedFrames: number }).loadedFrames === expected, n, { timeout: 60_000 });

interface Hook {
  debugger: { takeSnapshot(label?: string): Promise<Snapshot>; snapshotTimeoutMs: number };
}

for (const clean of [false, true]) {
  test(`${MANY} same-origin frames${clean ? ' without the leak' : ''}: the snapshot completes in time over a Playwright session and over chrome.debugger, ${clean ? 'with no listener of theirs' : "every frame's listener counted"}`, async ({
    fixturePage,
    openPanel,
  }) => {
    test.setTimeout(180_000);
    const page = await fixturePage(`frames-many.html?n=${MANY}${clean ? '&clean' : ''}`);
    await loaded(page, MANY);
    const connection = await connect(page);
    let started = Date.now();
    const overPlaywright = await collect(connection);
    const playwrightMs = Date.now() - started;
    const panel = await openPanel(page);
    await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
    started = Date.now();
    const overExtension = await panel.evaluate(() =>
      (window as unknown as Record<symbol, Hook>)[Symbol.for('leakscope.panel')]!.debugger.takeSnapshot(),
    );
    const extensionMs = Date.now() - started;
    console.log(`${MANY} frames: snapshot over a Playwright session ${playwrightMs} ms, over chrome.debugger ${extensionMs} ms`);
    for (const snapshot of [overPlaywright, overExtension]) {
      expect(listeners(snapshot, 'resize')).toBe(clean ? 0 : MANY);
      expect(snapshot.health.coverage).toEqual({ frames: MANY + 1, covered: MANY + 1, notCovered: [] });
    }
  });
}

for (const mode of ['length', 'getter', 'proxy']) {
  test(`a page that replaces window.frames (${mode}): the snapshot is quick and still reads every child frame's registry`, async ({
    fixturePage,
  }) => {
    const page = await fixturePage(`frames-hostile.html?mode=${mode}`);
    await page.waitForFunction(() => (window as unknown as { tampered?: boolean }).tampered === true);
    const started = Date.now();
    const snapshot = await collect(await connect(page), { timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const type of ['hostile-a', 'hostile-b', 'hostile-c']) expect(listeners(snapshot, type)).toBe(1);
    expect(snapshot.health.coverage).toEqual({ frames: 4, covered: 4, notCovered: [] });
  });
}

test('a frame whose read-out never returns: the snapshot completes and lists that frame as not covered (timeout)', async ({ fixturePage }) => {
  const page = await fixturePage('frames-hostile.html?mode=spin');
  await page.waitForFunction(() => (window as unknown as { tampered?: boolean }).tampered === true);
  const snapshot = await collect(await connect(page), { timeoutMs: 10_000 });
  for (const type of ['hostile-a', 'hostile-b', 'hostile-c']) expect(listeners(snapshot, type)).toBe(1);
  expect(snapshot.health.coverage).toEqual({
    frames: 5,
    covered: 4,
    notCovered: [{ url: `${FIXTURE_ORIGIN}/frames-child.html?type=hostile-spin&spin`, reason: 'timeout' }],
  });
});

for (const clean of [false, true]) {
  test(`sandboxed, data:, srcdoc and cross-origin frames${clean ? ' without leaks' : ''}: each is counted or listed as not covered with its reason`, async ({
    fixturePage,
    page,
  }) => {
    await fixturePage('blank.html'); // the fixture origin's route first
    await page.route(`${OTHER_ORIGIN}/**`, (route) => route.fulfill({ body: CHILD, contentType: 'text/html' }));
    await page.goto(`${FIXTURE_ORIGIN}/frames-kinds.html?cross=${encodeURIComponent(OTHER_ORIGIN)}${clean ? '&clean' : ''}`);
    await loaded(page, 4);
    const snapshot = await collect(await connect(page));
    const coverage = snapshot.health.coverage!;
    console.log(JSON.stringify(coverage));
    expect(coverage.frames).toBe(5);
    expect(coverage.covered + coverage.notCovered.length).toBe(5);
    const kinds: [type: string, url: RegExp, reasons: string[]][] = [
      ['kind-sandboxed', /frames-child\.html\?type=kind-sandboxed/, ['sandboxed']],
      ['kind-data', /^data:/, ['data-url']],
      ['kind-srcdoc', /^about:srcdoc/, ['no-instrumentation']],
      ['kind-cross', new RegExp(`^${OTHER_ORIGIN.replace(/\./g, '\\.')}/`), ['cross-origin']],
    ];
    for (const [type, url, reasons] of kinds) {
      const listed = coverage.notCovered.filter((f) => url.test(f.url));
      if (clean || listed.length > 0) expect(listeners(snapshot, type), type).toBe(0);
      else expect(listeners(snapshot, type), `${type}: counted, or listed as not covered`).toBe(1);
      for (const f of listed) expect(reasons, type).toContain(f.reason);
    }
  });
}

test('a plain page: coverage of its one frame, nothing left out', async ({ fixturePage }) => {
  const page = await fixturePage('blank.html');
  const snapshot = await collect(await connect(page));
  expect(snapshot.health.coverage).toEqual({ frames: 1, covered: 1, notCovered: [] });
});

/** The connection with `before` run once, the first time `method` is sent, before it is. */
function onFirst(connection: Connection, method: string, before: (cdp: Cdp) => Promise<void>): Connection {
  let done = false;
  return connection.withCdp((cdp) => ({
    transport: cdp.transport,
    on: cdp.on.bind(cdp),
    send: (async (m: string, ...params: unknown[]) => {
      if (m === method && !done) {
        done = true;
        await before(cdp);
      }
      return (cdp.send as (m: string, ...p: unknown[]) => Promise<unknown>)(m, ...params);
    }) as Cdp['send'],
  }));
}

test('the page navigates to another document during a snapshot: the snapshot fails with the navigation line', async ({ fixturePage }) => {
  const page = await fixturePage('frames-hostile.html?mode=length');
  const connection = onFirst(await connect(page), 'Runtime.enable', async () => {
    await page.goto(`${FIXTURE_ORIGIN}/blank.html`);
  });
  await expect(collect(connection)).rejects.toThrow(NAVIGATED);
  // Once it has loaded, the next snapshot is taken.
  await expect(collect(connection)).resolves.toMatchObject({ meta: { url: `${FIXTURE_ORIGIN}/blank.html` } });
});

test("the page's renderer crashes during a snapshot: the snapshot fails with the crash line, not a timeout", async ({ fixturePage }) => {
  const page = await fixturePage('blank.html');
  const connection = onFirst(await connect(page), 'Runtime.enable', (cdp) => {
    // Never answered: the renderer is gone. The snapshot's own next command waits in vain too.
    void cdp.send('Page.crash').catch(() => undefined);
    return Promise.resolve();
  });
  const started = Date.now();
  await expect(collect(connection, { timeoutMs: 15_000 })).rejects.toThrow(CRASHED);
  expect(Date.now() - started).toBeLessThan(10_000);
});
