import { chromium } from 'playwright-core';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

test('the MAIN-world script is installed before the first inline script, in the page and its iframes', async ({ fixturePage }) => {
  const page = await fixturePage('early.html');
  const early = await page.evaluate(() => (window as unknown as { __early: Record<string, unknown> }).__early);
  expect(early).toEqual({ installed: true, hiddenFromKeys: true, listenersBefore: 0, listenersAfter: 1 });
  const frame = page.frame({ url: /early-frame\.html$/ });
  expect(frame).not.toBeNull();
  await expect.poll(() => frame!.evaluate(() => (window as unknown as { __early?: { installed: boolean } }).__early?.installed)).toBe(true);
});

test('negative twin: the same page in a browser without the extension sees nothing installed', async () => {
  const browser = await chromium.launch({ executablePath: resolveChromium().executablePath, args: BASE_ARGS });
  try {
    const page = await browser.newPage();
    await page.route(`${FIXTURE_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<script>window.__installed = Symbol.for("leakscope") in window</script>' }),
    );
    await page.goto(`${FIXTURE_ORIGIN}/plain.html`);
    expect(await page.evaluate(() => (window as unknown as { __installed: boolean }).__installed)).toBe(false);
  } finally {
    await browser.close();
  }
});

test('a same-origin iframe made by script is instrumented before the page can touch its natives', async ({ fixturePage }) => {
  const page = await fixturePage('blank.html');
  const result = await page.evaluate(() => {
    const iframe = document.createElement('iframe');
    document.body.append(iframe);
    // The classic way to get "clean" natives: borrow them from a fresh about:blank frame.
    const child = iframe.contentWindow as Window & typeof globalThis;
    const add = child.EventTarget.prototype.addEventListener;
    add.call(child, 'resize', () => undefined);
    const readout = (child as unknown as Record<symbol, { stats(): { listeners: number } } | undefined>)[Symbol.for('leakscope')];
    const opened = window.open('about:blank') as (Window & typeof globalThis) | null;
    const openedInstalled = opened ? Symbol.for('leakscope') in opened : 'blocked';
    opened?.close();
    return { installed: readout !== undefined, listeners: readout?.stats().listeners, openedInstalled };
  });
  expect(result).toEqual({ installed: true, listeners: 1, openedInstalled: true });
});
