/**
 * States of the panel a user meets before any leak: a page Leakscope is not watching yet (offer a reload), and the
 * colour theme (DevTools' own, or asked for with `?theme=`).
 */
import { expect, test } from './fixtures.ts';

test('a page the extension was not injected into: the panel says to reload it and offers the button', async ({ page, ext }) => {
  // Extension content scripts do not run in a top-level data: document (its origin is opaque, with no precursor to
  // match): the same state as a tab that was open before Leakscope was installed.
  await page.goto(`data:text/html,${encodeURIComponent('<!doctype html><title>plain</title><p>not watched</p>')}`);
  // Its title is not the extension's to read, so the tab is found as the active one.
  await page.bringToFront();
  const worker = ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
  const tabId = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
  expect(tabId).toBeDefined();
  const panel = await ext.context.newPage();
  await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await expect(panel.getByTestId('status')).toContainText('Live');
  await page.bringToFront();
  await expect(panel.getByTestId('not-instrumented')).toContainText('reload the page to start watching it');
  const loadedAt = await page.evaluate(() => performance.timeOrigin);
  await panel.getByTestId('reload-page').click();
  await expect.poll(() => page.evaluate(() => performance.timeOrigin).catch(() => loadedAt)).toBeGreaterThan(loadedAt);
  await panel.close();
});

test('an instrumented page: no reload hint', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('blank.html');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('listener-count')).not.toHaveText('–');
  await expect(panel.getByTestId('not-instrumented')).toHaveCount(0);
});

for (const theme of ['dark', 'light'] as const) {
  test(`?theme=${theme}: the panel is drawn in the ${theme} theme`, async ({ fixturePage, openPanel }) => {
    const page = await fixturePage('blank.html');
    const panel = await openPanel(page);
    await panel.goto(`${panel.url()}&theme=${theme}`);
    await expect(panel.locator('html')).toHaveAttribute('data-theme', theme);
    const background = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    const luminance = (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
    if (theme === 'dark') expect(luminance).toBeLessThan(0.3);
    else expect(luminance).toBeGreaterThan(0.7);
  });
}
