/**
 * A plain Chromium (no extension) with two contexts: one untouched, one instrumented through the init script, as
 * the Playwright API instruments pages. Both serve e2e/pages under the fixture origin.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { BASE_ARGS, resolveChromium } from '../../src/playwright/browser.ts';
import { instrumentContext } from '../../src/playwright/inject.ts';
import { serveFixtures } from './serve.ts';

export interface PlainBrowser {
  browser: Browser;
  native: BrowserContext;
  instrumented: BrowserContext;
  close(): Promise<void>;
}

/** @param extra extra files to serve, as for {@link serveFixtures}. */
export async function launchPlain(extra: Record<string, string> = {}): Promise<PlainBrowser> {
  const browser = await chromium.launch({ executablePath: resolveChromium({ requireExtensions: false }).executablePath, args: BASE_ARGS });
  try {
    const native = await browser.newContext();
    const instrumented = await browser.newContext();
    await instrumentContext(instrumented);
    await serveFixtures(native, extra);
    await serveFixtures(instrumented, extra);
    return { browser, native, instrumented, close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
