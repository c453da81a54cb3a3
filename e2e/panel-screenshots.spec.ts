/**
 * The panel as the README shows it: the leaky demo after a baseline and a few visits of its listener route, in the
 * light and the dark theme. Both screenshots are attached to the test's report; with LEAKSCOPE_UPDATE_DOCS=1 they
 * are also written to docs/ (that is how the README's pictures are refreshed).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cycle } from '../demo/driver.ts';
import { useDemoServer } from './support/demo-server.ts';
import { expect, test } from './fixtures.ts';

const demo = useDemoServer(test);

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

/** Mean luminance (0..1) of the screenshot's top-left pixel area, read back in the panel itself. */
async function luminanceOf(panel: import('@playwright/test').Page, png: Buffer): Promise<number> {
  return panel.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
    return sum / (data.length / 4) / 255;
  }, png.toString('base64'));
}

test('screenshots of the panel on the leaky demo, light and dark; no console errors', async ({ page, openPanel }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(demo.url);
  await cycle(page, 'listeners'); // warm-up
  const panel = await openPanel(page);
  // No console errors in the panel through the whole session (collected from here on).
  const errors: string[] = [];
  panel.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  panel.on('pageerror', (e) => errors.push(e.message));
  await panel.setViewportSize({ width: 1280, height: 900 });
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await panel.getByTestId('snapshot-label').fill('baseline');
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(1);
  for (let i = 0; i < 4; i++) await cycle(page, 'listeners');
  await panel.getByTestId('snapshot-label').fill('after 4 visits');
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(2);
  await expect(panel.getByTestId('diff-leak').first()).toBeVisible();
  await expect.poll(async () => Number(await panel.getByTestId('timeline').getAttribute('data-markers'))).toBeGreaterThanOrEqual(8);

  const shots: Record<'light' | 'dark', Buffer> = {} as Record<'light' | 'dark', Buffer>;
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: scheme });
    await expect
      .poll(() => panel.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toBe(scheme === 'dark' ? 'rgb(32, 33, 36)' : 'rgb(255, 255, 255)');
    shots[scheme] = await panel.screenshot({ fullPage: false });
    await testInfo.attach(`panel-${scheme}.png`, { body: shots[scheme], contentType: 'image/png' });
    if (process.env.LEAKSCOPE_UPDATE_DOCS === '1') writeFileSync(`${DOCS}panel-${scheme}.png`, shots[scheme]);
  }
  // The two pictures really are the two themes.
  expect(await luminanceOf(panel, shots.light)).toBeGreaterThan(0.7);
  expect(await luminanceOf(panel, shots.dark)).toBeLessThan(0.35);
  expect(errors).toEqual([]);
});
