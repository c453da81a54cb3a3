/**
 * The Playwright library's own path (the `leaks` fixture of `leakscope/playwright`, its init script in a Chromium
 * without the extension): a page that points `Symbol.for('leakscope')` at a read-out of its own no longer reaches
 * the collector (it reads a plain, permanent property): its cycle is measured as the untouched page's is.
 */
import { test, expect } from 'leakscope/playwright';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLAIN_CHROMIUM } from './support/launch.ts';

test.use({ launchOptions: PLAIN_CHROMIUM });

const ORIGIN = 'http://tamper.leakscope.test';
const PAGE = readFileSync(fileURLToPath(new URL('./pages/readout-tamper.html', import.meta.url)));
const MALFORMED = "The page changed Leakscope's read-out";

test.beforeEach(async ({ page }) => {
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ body: PAGE, contentType: 'text/html' }));
});

for (const variant of ['wrong-types', 'throwing-getter']) {
  test(`leaks.cycle on a page that points Symbol.for('leakscope') at its own read-out (${variant}): Leakscope's is read, the leak is found`, async ({
    page,
    leaks,
  }) => {
    await page.goto(`${ORIGIN}/?tamper=${variant}`);
    const result = await leaks.cycle(() => page.click('#grow'), { iterations: 2, warmup: 0 });
    for (const snapshot of result.snapshots) expect(snapshot.health.warnings).toEqual([]);
    expect(result.report.notes.join('\n')).not.toContain(MALFORMED);
    await expect(expect(result).toHaveNoLeaks()).rejects.toThrow(/resize/);
  });
}

test('leaks.cycle on the untouched page: the leak is found and no read-out warning is given', async ({ page, leaks }) => {
  await page.goto(`${ORIGIN}/`);
  const result = await leaks.cycle(() => page.click('#grow'), { iterations: 2, warmup: 0 });
  for (const snapshot of result.snapshots) expect(snapshot.health.warnings).toEqual([]);
  expect(result.report.notes.join('\n')).not.toContain(MALFORMED);
  await expect(expect(result).toHaveNoLeaks()).rejects.toThrow(/resize/);
});
