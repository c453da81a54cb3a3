/**
 * `npm start`, the main job on the bundled demo (after `npm run build`): serves the demo, opens it headless in
 * Chromium with the Leakscope extension, opens the Leakscope panel for it, visits the leaky listener route again
 * and again, and prints the live listener count the panel shows after each visit, for the leaky and the fixed app.
 *
 * Exit codes: 0 when the leaky app's count grows and the fixed app's stays flat, 1 otherwise, 2 when it could not
 * run (no browser, no build).
 */
import { cycle } from '../demo/driver.ts';
import { startDemoServer } from '../demo/server.ts';
import { launchWithExtension } from '../src/playwright/browser.ts';
import { LeakscopeError } from '../src/playwright/errors.ts';
import { readListenerCount } from '../src/playwright/readout.ts';

const VISITS = 5;

async function main(): Promise<number> {
  const demo = await startDemoServer();
  const ext = await launchWithExtension().catch(async (err: unknown) => {
    await demo.close();
    throw err;
  });
  try {
    console.log(`Leakscope demo at ${demo.url} in ${ext.browser.version}`);
    console.log(`Listener route, ${VISITS} visits; live event listeners as the Leakscope panel shows them after each:`);
    let ok = true;
    for (const fixed of [false, true]) {
      const page = await ext.context.newPage();
      await page.goto(fixed ? `${demo.url}?fixed=1` : demo.url);
      const tabId = await ext.serviceWorker.evaluate(async (url) => (await chrome.tabs.query({ url })).at(-1)?.id, page.url());
      const panel = await ext.context.newPage();
      await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
      const shown = panel.getByTestId('listener-count');
      // The demo is what the user clicks through: keep it the visible tab, as a user would.
      await page.bringToFront();
      const counts: number[] = [];
      for (let i = 0; i < VISITS; i++) {
        await cycle(page, 'listeners');
        const actual = await readListenerCount(page);
        // Wait until the panel shows what the page has, then read it from the panel.
        await panel.waitForFunction((n) => document.querySelector('[data-testid="listener-count"]')?.textContent === n, actual.toLocaleString('en-US'), {
          polling: 50,
        });
        counts.push(Number((await shown.textContent())!.replace(/,/g, '')));
      }
      const growth = (counts.at(-1)! - counts[0]!) / (VISITS - 1);
      const verdict = growth > 0 ? `grows by ${growth} per visit: leak` : 'flat: clean';
      console.log(`  ${fixed ? 'fixed' : 'leaky'}  ${counts.join(' → ')}   ${verdict}`);
      ok &&= fixed ? growth === 0 : growth > 0;
      await panel.close();
      await page.close();
    }
    return ok ? 0 : 1;
  } finally {
    await ext.close();
    await demo.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`leakscope: ${err instanceof LeakscopeError ? err.message : String((err as Error)?.stack ?? err)}`);
    process.exit(err instanceof LeakscopeError ? err.exitCode : 1);
  },
);
