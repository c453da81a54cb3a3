// The baseline of `npm run bench -- run` (bench/run.bench.ts): the script a user would write to drive the demo
// through the same cycles with Playwright alone, no Leakscope. Plain JavaScript and playwright-core only, run as
// its own process, so its start-up is counted as Leakscope's is.
//
//   node bench/bare-cycles.mjs URL ROUTE CYCLES CHROMIUM [FLAG...]
//
// It launches CHROMIUM headless with FLAGs (the bench passes Leakscope's BASE_ARGS), loads URL, then runs CYCLES
// times what demo/scenarios/ROUTE.ts does: click the route's nav link and wait for its view to be visible, click
// Home and wait for the home view (demo/driver.ts), waiting for the page to be idle after each step as
// `leakscope run` does (src/playwright/idle.ts: the load event, then a frame and an idle period). It writes
// `bench: loaded` and `bench: cycles` to stderr when the page has loaded and when the last cycle is done.
import { chromium } from 'playwright-core';

const [url, route, cycles, executablePath, ...args] = process.argv.slice(2);
if (!url || !route || !cycles || !executablePath) {
  console.error('usage: node bench/bare-cycles.mjs URL ROUTE CYCLES CHROMIUM [FLAG...]');
  process.exit(2);
}

// The same wait as src/playwright/idle.ts.
const SETTLE = `new Promise((resolve) => {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(0), { timeout: 500 }) : resolve(0));
  if (document.visibilityState === 'visible') requestAnimationFrame(() => idle());
  else idle();
})`;
async function idle(page) {
  await page.waitForLoadState('load');
  await page.evaluate(SETTLE);
}

// demo/driver.ts's visit().
async function visit(page, to) {
  await page.locator(`nav a[data-route="${to}"]`).click();
  await page.locator(`[data-view="${to}"]`).waitFor({ state: 'visible' });
}

const browser = await chromium.launch({ executablePath, headless: true, args });
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url, { waitUntil: 'load' });
  process.stderr.write('bench: loaded\n');
  await idle(page);
  for (let i = 0; i < Number(cycles); i++) {
    await visit(page, route);
    await idle(page);
    await visit(page, 'home');
    await idle(page);
  }
  process.stderr.write('bench: cycles\n');
} finally {
  await browser.close();
}
