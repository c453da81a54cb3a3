/**
 * The Playwright library's own path (the `leaks` fixture of `leakscope/playwright`, its init script in a Chromium
 * without the extension): a page that replaces Leakscope's read-out still gets its cycle measured, and each
 * snapshot and the report say the read-out was malformed; the untouched page's report says nothing of it.
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
  test(`leaks.cycle on a page that replaced the read-out (${variant}): every snapshot and the report carry the warning`, async ({ page, leaks }) => {
    await page.goto(`${ORIGIN}/?tamper=${variant}`);
    const result = await leaks.cycle(() => page.click('#grow'), { iterations: 2, warmup: 0 });
    for (const snapshot of result.snapshots) expect(snapshot.health.warnings.join('\n')).toContain(MALFORMED);
    expect(result.report.notes.join('\n')).toContain(MALFORMED);
  });
}

test('leaks.cycle on the untouched page: the leak is found and no read-out warning is given', async ({ page, leaks }) => {
  await page.goto(`${ORIGIN}/`);
  const result = await leaks.cycle(() => page.click('#grow'), { iterations: 2, warmup: 0 });
  for (const snapshot of result.snapshots) expect(snapshot.health.warnings).toEqual([]);
  expect(result.report.notes.join('\n')).not.toContain(MALFORMED);
  await expect(expect(result).toHaveNoLeaks()).rejects.toThrow(/resize/);
});
