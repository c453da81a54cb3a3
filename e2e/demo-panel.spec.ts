/**
 * The foundation's acceptance test: the demo app in Chromium with the extension, the panel open as a tab, the leaky
 * listener route visited again and again. The panel's count rises with every visit; in the fixed app it stays flat.
 */
import type { Page } from '@playwright/test';
import { cycle } from '../demo/driver.ts';
import { useDemoServer } from './support/demo-server.ts';
import { readListenerCount } from '../src/playwright/readout.ts';
import { expect, test } from './fixtures.ts';

const demo = useDemoServer(test);

/** Visits /listeners and back home `cycles` times; returns the panel's count after each cycle. */
async function cycleListeners(page: Page, panel: Page, cycles: number): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < cycles; i++) {
    await cycle(page, 'listeners');
    // The panel must agree with the page's registry once the update has travelled the pipe.
    const expected = await readListenerCount(page);
    await expect(panel.getByTestId('listener-count')).toHaveText(expected.toLocaleString('en-US'));
    counts.push(expected);
  }
  return counts;
}

test('leaky demo: the panel count rises by the two leaked listeners on every visit', async ({ page, openPanel }) => {
  await page.goto(demo.url);
  const panel = await openPanel(page);
  const counts = await cycleListeners(page, panel, 5);
  const steps = counts.slice(1).map((c, i) => c - counts[i]!);
  expect(steps).toEqual([2, 2, 2, 2]);
  // Navigations reach the panel too.
  await expect(panel.getByTestId('last-navigation')).toContainText(`${demo.url}`);
});

test('fixed demo (?fixed=1): the same visits leave the panel count flat', async ({ page, openPanel }) => {
  await page.goto(`${demo.url}?fixed=1`);
  const panel = await openPanel(page);
  const counts = await cycleListeners(page, panel, 5);
  expect(new Set(counts).size).toBe(1);
});
