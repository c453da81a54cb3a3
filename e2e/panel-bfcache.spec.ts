/**
 * The panel across the back/forward cache: a page left for another and restored from the cache (no load, a
 * `pageshow` with `persisted`) is watched again: the debugger stays attached, sampling goes on with the restored
 * page's counts, the navigation is marked, and a snapshot of the restored page works. This browser keeps the cache
 * on (Playwright turns it off by default).
 */
import type { Page } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from '../src/playwright/browser.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

/** A page with `listeners` window listeners, plus the one that records whether it was restored from the cache. */
const page = (title: string, listeners: number) =>
  `<!doctype html><title>${title}</title><p>${title}</p><script>
    addEventListener('pageshow', (e) => (window.restored = e.persisted));
    for (let i = 0; i < ${listeners}; i++) addEventListener('message', () => i);
  </script>`;

let ext: ExtensionBrowser;
test.beforeAll(async () => {
  ext = await launchWithExtension({ backForwardCache: true, args: ['--silent-debugger-extension-api'] });
});
test.afterAll(async () => {
  await ext?.close();
});

async function tabIdOf(p: Page): Promise<number> {
  const worker = ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
  const id = await worker.evaluate(async (title) => (await chrome.tabs.query({ title }))[0]?.id, await p.title());
  if (id === undefined) throw new Error('the page has no tab id');
  return id;
}

const listenerCount = async (panel: Page) => Number((await panel.getByTestId('listener-count').textContent())!.replace(/,/g, ''));
const sampleCount = async (panel: Page) => Number((await panel.getByTestId('sample-count').textContent())!.replace(/,/g, ''));

test('a page restored from the back/forward cache is watched again: same debugger, its counts, a marker, a snapshot', async () => {
  const tab = await ext.context.newPage();
  await tab.route(`${FIXTURE_ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: route.request().url().endsWith('/first.html') ? page('bfcache-first', 7) : page('bfcache-second', 2),
    }),
  );
  await tab.goto(`${FIXTURE_ORIGIN}/first.html`);
  const panel = await ext.context.newPage();
  await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${await tabIdOf(tab)}`);
  await tab.bringToFront();
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await expect.poll(() => listenerCount(panel)).toBe(8);

  await tab.goto(`${FIXTURE_ORIGIN}/second.html`);
  await expect.poll(() => listenerCount(panel)).toBe(3);
  const markersBefore = Number(await panel.getByTestId('markers').textContent());

  // Restored, not reloaded: no load event, only a pageshow that says so.
  await tab.goBack({ waitUntil: 'commit' });
  await expect.poll(() => tab.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await expect.poll(() => listenerCount(panel)).toBe(8);
  const samples = await sampleCount(panel);
  await expect.poll(() => sampleCount(panel)).toBeGreaterThan(samples + 1);
  await expect.poll(async () => Number(await panel.getByTestId('markers').textContent())).toBeGreaterThan(markersBefore);

  await panel.getByTestId('snapshot-label').fill('restored');
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.getByTestId('snapshot-result')).toContainText(`Snapshot of ${FIXTURE_ORIGIN}/first.html`);
  await expect(panel.getByTestId('snapshot-kind-listener')).toHaveText('8');
});
