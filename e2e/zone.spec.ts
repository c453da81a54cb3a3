/**
 * zone.js (what Angular runs on) loaded after Leakscope, as in a real app: zone.js wraps our wrapped natives.
 * The page must keep working (callbacks run in the zone they were scheduled from) and our counts must stay right
 * (a listener added through zone.js counts once and leaves the count when removed; intervals are counted and
 * uncounted when cleared). Both with the extension and with the init script.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { readStats, readSummary } from '../src/playwright/readout.ts';
import { launchPlain } from './conformance/plain.ts';
import { fixtureUrl } from './conformance/serve.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

const ZONE_BUNDLE = fileURLToPath(new URL('../node_modules/zone.js/bundles/zone.umd.js', import.meta.url));

interface ZonePage {
  log: string[];
}

/** Calls one of zone.html's app functions inside the named zone. */
const inZone = (page: Page, zone: 'app' | 'other', fn: string, key = '') =>
  page.evaluate(
    ([z, f, k]) => {
      const w = window as unknown as Record<string, unknown> & { appZone: { run(cb: () => void): void }; otherZone: { run(cb: () => void): void } };
      const target = z === 'app' ? w.appZone : w.otherZone;
      target.run(() => (w[f] as (key: string) => void)(k));
    },
    [zone, fn, key] as const,
  );

const logOf = (page: Page) => page.evaluate(() => (window as unknown as ZonePage).log.slice());

async function counts(page: Page) {
  const stats = await readStats(page);
  if (!stats) throw new Error('Leakscope is not installed in the page');
  return { listeners: stats.listeners, timers: stats.timers, errors: stats.errors };
}

/** The whole scenario, the same in both modes. */
async function exercise(page: Page): Promise<void> {
  // zone.js is loaded, on top of us.
  expect(
    await page.evaluate(() => ({
      zone: typeof (window as unknown as { Zone?: unknown }).Zone,
      root: (window as unknown as { Zone: { current: { name: string } } }).Zone.current.name,
      patched: '__zone_symbol__addEventListener' in EventTarget.prototype,
    })),
  ).toEqual({ zone: 'function', root: '<root>', patched: true });
  const base = await counts(page);

  // A listener added through zone.js counts once and runs in its zone; removed, it leaves the count.
  await inZone(page, 'app', 'addResize', 'a');
  expect((await counts(page)).listeners).toBe(base.listeners + 1);
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  expect(await logOf(page)).toEqual(['resize:a@app']);
  await inZone(page, 'app', 'removeResize', 'a');
  expect((await counts(page)).listeners).toBe(base.listeners);
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  expect(await logOf(page)).toEqual(['resize:a@app']);

  // Two listeners of the same type on the same target, from two zones: each counts, each runs in its own zone.
  await inZone(page, 'app', 'addResize', 'b');
  await inZone(page, 'other', 'addResize', 'c');
  // zone.js registers one shared native callback per target, type and phase for all of them (its "global
  // callback"): counting what reaches the native addEventListener alone would see one here. Soft, so that one
  // miscount still lets the rest of the scenario report.
  expect.soft((await counts(page)).listeners, 'two app listeners through zone.js').toBe(base.listeners + 2);
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  expect((await logOf(page)).slice(1)).toEqual(['resize:b@app', 'resize:c@other']);
  await inZone(page, 'app', 'removeResize', 'b');
  expect.soft((await counts(page)).listeners, 'one of them removed').toBe(base.listeners + 1);
  await inZone(page, 'other', 'removeResize', 'c');
  expect((await counts(page)).listeners).toBe(base.listeners);

  // A `once` listener through zone.js: counted until it fires (zone.js removes it itself), real clicks included.
  await inZone(page, 'other', 'addOnceClick');
  expect((await counts(page)).listeners).toBe(base.listeners + 1);
  await page.locator('#button').click();
  await page.locator('#button').click();
  expect((await logOf(page)).filter((l) => l.startsWith('once-click'))).toEqual(['once-click@other']);
  expect((await counts(page)).listeners).toBe(base.listeners);

  // Intervals through zone.js: counted while running, ticking in their zone, uncounted when cleared.
  await inZone(page, 'app', 'startInterval', 'i');
  expect((await counts(page)).timers).toBe(base.timers + 1);
  await expect.poll(async () => (await logOf(page)).filter((l) => l.startsWith('tick:i')).length).toBeGreaterThanOrEqual(3);
  expect((await logOf(page)).filter((l) => l.startsWith('tick:i')).every((l) => l.endsWith('@app'))).toBe(true);
  await inZone(page, 'app', 'stopInterval', 'i');
  expect((await counts(page)).timers).toBe(base.timers);
  const ticks = (await logOf(page)).filter((l) => l.startsWith('tick:i')).length;
  // It has really stopped: a later timeout runs and no tick came in between.
  await inZone(page, 'other', 'shortTimeout', 'after-stop');
  await expect.poll(async () => (await logOf(page)).includes('timeout:after-stop@other')).toBe(true);
  expect((await logOf(page)).filter((l) => l.startsWith('tick:i')).length).toBe(ticks);

  // A long timeout is pending (counted) until cleared; short timeouts, frames and promises run in their zones.
  await inZone(page, 'other', 'startLongTimeout', 't');
  const pending = (await counts(page)).timers;
  expect(pending).toBe(base.timers + 1);
  await inZone(page, 'other', 'stopTimeout', 't');
  expect((await counts(page)).timers).toBe(base.timers);
  await inZone(page, 'app', 'frame', 'f');
  await inZone(page, 'other', 'promise', 'p');
  await expect
    .poll(async () => (await logOf(page)).filter((l) => l.startsWith('frame:') || l.startsWith('promise:')).sort())
    .toEqual(['frame:f@app', 'promise:p@other']);

  // Plain listeners added through zone.js: the group's creation stack still reaches the app's own line.
  await inZone(page, 'app', 'addClick');
  const summary = await readSummary(page);
  const click = summary?.groups.find((g) => g.kind === 'listener' && g.type === 'click');
  expect(click, 'a listener group for the click listener').toBeDefined();
  const appFrames = click!.stack.filter((f) => f.url === `${FIXTURE_ORIGIN}/zone.html`);
  expect(appFrames.map((f) => f.functionName)).toContain('addClick');
  await page.locator('#button').click();
  expect((await logOf(page)).filter((l) => l === 'click@app')).toHaveLength(1);

  // Nothing of ours went wrong meanwhile.
  expect((await counts(page)).errors).toBe(0);
}

test('zone.js on top of the extension: the app works and the counts stay right', async ({ fixturePage, page }) => {
  await page.route(`${FIXTURE_ORIGIN}/zone.umd.js`, (route) => route.fulfill({ path: ZONE_BUNDLE, contentType: 'text/javascript' }));
  await fixturePage('zone.html');
  await exercise(page);
});

test('zone.js on top of the init script: the app works and the counts stay right', async () => {
  const plain = await launchPlain({ '/zone.umd.js': ZONE_BUNDLE });
  try {
    const page = await plain.instrumented.newPage();
    await page.goto(fixtureUrl('zone.html'));
    await exercise(page);
  } finally {
    await plain.close();
  }
});

test('negative twin: zone.js without Leakscope behaves the same for the app', async () => {
  const plain = await launchPlain({ '/zone.umd.js': ZONE_BUNDLE });
  try {
    const page = await plain.native.newPage();
    await page.goto(fixtureUrl('zone.html'));
    expect(await readStats(page)).toBeUndefined();
    await inZone(page, 'app', 'addResize', 'b');
    await inZone(page, 'other', 'addResize', 'c');
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    await inZone(page, 'app', 'startInterval', 'i');
    await expect.poll(async () => (await logOf(page)).filter((l) => l.startsWith('tick:i')).length).toBeGreaterThanOrEqual(1);
    await inZone(page, 'app', 'stopInterval', 'i');
    expect((await logOf(page)).slice(0, 3)).toEqual(['resize:b@app', 'resize:c@other', 'tick:i:1@app']);
  } finally {
    await plain.close();
  }
});
