/**
 * Waiting for a page to settle between the steps of a leak check, without fixed sleeps: the load event, then one
 * rendered frame and one idle period of the page's event loop.
 */
import type { Page } from 'playwright-core';

/**
 * Resolves after the next frame and the idle period after it. `requestIdleCallback`'s own `timeout` bounds the wait
 * on a page that is never idle (a busy animation); it is the page's scheduler, not a sleep of ours. Pages in
 * background tabs get no frames, so a hidden page goes straight to the idle callback.
 */
const SETTLE = `new Promise((resolve) => {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(0), { timeout: 500 }) : resolve(0));
  if (document.visibilityState === 'visible') requestAnimationFrame(() => idle());
  else idle();
})`;

/**
 * Waits until `page` has loaded and is idle: the `load` event, then one frame and one idle period. Call it after
 * every step of a cycle so a snapshot sees what the step left behind rather than work still in flight.
 *
 * @example
 * await page.getByRole('link', { name: 'Settings' }).click();
 * await waitForIdle(page);
 */
export async function waitForIdle(page: Page, opts: { timeout?: number } = {}): Promise<void> {
  await page.waitForLoadState('load', opts.timeout !== undefined ? { timeout: opts.timeout } : {});
  // A navigation between the load event and the evaluation destroys the context: wait for the new document.
  for (let attempt = 0; ; attempt++) {
    try {
      await page.evaluate(SETTLE);
      return;
    } catch (err) {
      if (attempt >= 3 || !/context was destroyed|navigat/i.test(String((err as Error)?.message))) throw err;
      await page.waitForLoadState('load', opts.timeout !== undefined ? { timeout: opts.timeout } : {});
    }
  }
}
