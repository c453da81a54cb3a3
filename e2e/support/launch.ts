/** How the tests that launch a plain Chromium (no extension) launch it: the resolved browser, the project's flags. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { BASE_ARGS, resolveChromium } from '../../src/playwright/browser.ts';
import { instrumentContext } from '../../src/playwright/inject.ts';
import { fulfillFromPages } from './pages.ts';

export const PLAIN_CHROMIUM = { executablePath: resolveChromium({ requireExtensions: false }).executablePath, args: BASE_ARGS };

/**
 * A plain Chromium whose context runs the page script as an init script and serves e2e/pages at `origin`, as
 * the `fixturePage` fixture does for the extension's browser (a missing file is a 404). Close the browser after use.
 *
 * @example
 * const { browser, page } = await openInitScriptPage(FIXTURE_ORIGIN);
 * try { await page.goto(`${FIXTURE_ORIGIN}/workers-leaky.html`); } finally { await browser.close(); }
 */
export async function openInitScriptPage(origin: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch(PLAIN_CHROMIUM);
  const context = await browser.newContext();
  await instrumentContext(context);
  await context.route(`${origin}/**`, fulfillFromPages);
  return { browser, page: await context.newPage() };
}
