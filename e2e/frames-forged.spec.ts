/**
 * A parent frame that plants a forged, permanent Leakscope read-out on a child's (or a popup's) window before it
 * navigates (Chrome keeps the window object): the child is instrumented all the same, its real read-out is the one
 * the collector reads (under the fallback name), the forged numbers appear nowhere, and the snapshot's health says
 * the page forged a read-out, which makes a report without leaks "unreliable" rather than clean.
 */
import type { Frame, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzePair } from '../src/core/analysis/analyze.ts';
import { collect } from '../src/collector/collect.ts';
import { Connection } from '../src/collector/connection.ts';
import { playwrightCdp } from '../src/collector/playwright-cdp.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

interface OwnReadout {
  stats(): { listeners: number };
}
const ownListeners = (where: Page | Frame) =>
  where.evaluate(() => (window as unknown as Record<string, OwnReadout | undefined>)['__leakscope_own__']?.stats().listeners ?? -1);

async function child(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().length).toBe(2);
  const frame = page.frames()[1]!;
  await frame.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return frame;
}

test('a forged read-out planted by the parent: the frame is watched by Leakscope, the forgery is not read', async ({ fixturePage }) => {
  const page = await fixturePage('forged-parent.html');
  const frame = await child(page);
  // The plant stayed (it is permanent), and Leakscope's own read-out is there beside it, counting for real.
  expect(
    await frame.evaluate(() => (window as unknown as Record<string, { stats(): { listeners: number } }>)['__leakscope__']!.stats().listeners),
  ).toBe(424243);
  const before = await ownListeners(frame);
  expect(before).toBeGreaterThanOrEqual(0);
  await frame.evaluate(() => (window as unknown as { leakOnce(): void }).leakOnce());
  expect(await ownListeners(frame)).toBe(before + 1);

  const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  const first = await collect(cdp, { label: 'first', iteration: 0 });
  const second = await collect(cdp, { label: 'second', iteration: 1 });
  for (const snapshot of [first, second]) {
    expect(JSON.stringify(snapshot)).not.toContain('424243');
    expect(snapshot.health.impaired?.join('\n')).toContain('the page put a Leakscope read-out of its own on this frame');
    expect(snapshot.groups.some((g) => g.kind === 'listener' && g.type === 'resize' && g.stack[0]?.functionName === 'window.leakOnce')).toBe(true);
  }
  const report = analyzePair(first, second);
  expect(report.leaks).toEqual([]);
  expect(report.verdict).toBe('unreliable');
  expect(report.unreliable?.join('\n')).toContain('read-out of its own');
});

test('a forged read-out planted on a popup: the popup is watched by Leakscope', async ({ fixturePage }) => {
  const page = await fixturePage('forged-parent.html');
  // The fixture pages are routed per page: the popup gets its document from the context.
  await page
    .context()
    .route(`${FIXTURE_ORIGIN}/forged-child.html`, (route) =>
      route.fulfill({ body: readFileSync(fileURLToPath(new URL('./pages/forged-child.html', import.meta.url))), contentType: 'text/html' }),
    );
  const popupOpened = page.waitForEvent('popup');
  await page.evaluate(() => (window as unknown as { openPopup(): void }).openPopup());
  const popup = await popupOpened;
  await popup.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const before = await ownListeners(popup);
  expect(before).toBeGreaterThanOrEqual(0);
  await popup.evaluate(() => (window as unknown as { leakOnce(): void }).leakOnce());
  expect(await ownListeners(popup)).toBe(before + 1);
  await popup.close();
  await page.context().unroute(`${FIXTURE_ORIGIN}/forged-child.html`);
});

test('negative twin: a page that plants nothing has one read-out under both names and a clean verdict', async ({ fixturePage }) => {
  const page = await fixturePage('forged-child.html');
  expect(
    await page.evaluate(
      () => (window as unknown as Record<string, unknown>)['__leakscope_own__'] === (window as unknown as Record<string, unknown>)['__leakscope__'],
    ),
  ).toBe(true);
  const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  const first = await collect(cdp, { label: 'first', iteration: 0 });
  const second = await collect(cdp, { label: 'second', iteration: 1 });
  expect(first.health.impaired).toBeUndefined();
  expect(analyzePair(first, second).verdict).toBe('clean');
});
