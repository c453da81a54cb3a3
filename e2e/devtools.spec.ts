/** The panel inside a real DevTools window, inspecting the tab it was opened for. */
import { test } from '@playwright/test';
import { launchWithExtension } from '../src/playwright/browser.ts';
import { expect, FIXTURE_ORIGIN } from './fixtures.ts';
import { DevtoolsDriver } from './support/devtools.ts';

test('inside DevTools the panel follows the inspected tab and shows its listener count live', async () => {
  const ext = await launchWithExtension({ args: ['--auto-open-devtools-for-tabs', '--silent-debugger-extension-api'] });
  try {
    const page = await ext.context.newPage();
    await page.route(`${FIXTURE_ORIGIN}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<title>inspected</title><script>addEventListener("resize", () => {}); document.addEventListener("keydown", () => {});</script><button onclick="addEventListener(\'scroll\', () => {})">add</button>',
      }),
    );
    await page.goto(`${FIXTURE_ORIGIN}/inspected.html`);
    const worker = ext.context.serviceWorkers()[0]!;
    const tabId = await worker.evaluate(async () => (await chrome.tabs.query({ title: 'inspected' }))[0]?.id);
    expect(tabId).toBeDefined();

    const driver = new DevtoolsDriver(await ext.context.newCDPSession(page));
    const panel = await driver.openPanel('Leakscope', tabId!);
    const count = () => panel(`document.querySelector('[data-testid="listener-count"]')?.textContent`);
    await expect.poll(count).toBe('2');
    await page.locator('button').click();
    await expect.poll(count).toBe('3');
  } finally {
    await ext.close();
  }
});
