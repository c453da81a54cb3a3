/**
 * Playwright Test fixtures for the extension: one Chromium with the built extension per worker, a fresh page per
 * test, fixture pages served from e2e/pages under a fake origin, and helpers to open the panel for a page.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from '../src/playwright/browser.ts';
import { fulfillFromPages } from './support/pages.ts';

/** Fixture pages are served from here (see `fixturePage`). */
export const FIXTURE_ORIGIN = 'http://fixtures.leakscope.test';

interface Fixtures {
  /**
   * Opens `name` from e2e/pages in this test's page, under FIXTURE_ORIGIN. Its catch-all route is registered when
   * a test (or hook) first asks for this fixture; a test that adds its own routes under FIXTURE_ORIGIN must ask for
   * `fixturePage` first, or the catch-all, registered later, wins.
   */
  fixturePage: (name: string) => Promise<Page>;
  /** The extension's tab id of a page. */
  tabIdOf: (page: Page) => Promise<number>;
  /** Opens the panel as a tab (`panel.html?tabId=N`) watching `page`. */
  openPanel: (page: Page) => Promise<Page>;
}

export const test = base.extend<Fixtures, { ext: ExtensionBrowser }>({
  ext: [
    async ({}, use) => {
      const ext = await launchWithExtension({ args: ['--silent-debugger-extension-api'] });
      await use(ext);
      await ext.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ ext }, use) => {
    await use(ext.context);
  },
  page: async ({ ext }, use) => {
    const page = await ext.context.newPage();
    await use(page);
    await page.close();
  },
  fixturePage: async ({ page }, use) => {
    await page.route(`${FIXTURE_ORIGIN}/**`, fulfillFromPages);
    await use(async (name) => {
      await page.goto(`${FIXTURE_ORIGIN}/${name}`);
      return page;
    });
  },
  tabIdOf: async ({ ext }, use) => {
    await use(async (page) => {
      // A marker in the title identifies the tab without depending on its URL.
      const marker = `leakscope-tab-${Math.random().toString(36).slice(2)}`;
      const title = await page.title();
      await page.evaluate((t) => (document.title = t), marker);
      const worker = ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
      const id = await worker.evaluate(async (t) => (await chrome.tabs.query({ title: t }))[0]?.id, marker);
      await page.evaluate((t) => (document.title = t), title);
      if (id === undefined) throw new Error('the page has no tab id');
      return id;
    });
  },
  openPanel: async ({ ext, tabIdOf }, use) => {
    const panels: Page[] = [];
    await use(async (page) => {
      const tabId = await tabIdOf(page);
      const panel = await ext.context.newPage();
      panels.push(panel);
      await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
      await expect(panel.getByTestId('status')).toContainText('Live');
      // The inspected page is what the test clicks through: keep it the visible tab (hidden tabs get no frames).
      await page.bringToFront();
      return panel;
    });
    for (const panel of panels) await panel.close();
  },
});

export { expect };
