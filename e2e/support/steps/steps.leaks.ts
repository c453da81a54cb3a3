import { test, expect } from 'leakscope/playwright';
import type { Page } from '@playwright/test';
import { visit } from '../../../demo/driver.ts';

const demo = process.env.LEAKSCOPE_DEMO_URL!;

const roundTrip = (page: Page) => async () => {
  await visit(page, 'listeners');
  await visit(page, 'home');
};

test('fixed: a snapshot, a cycle and the matcher', async ({ page, leaks }) => {
  await page.goto(`${demo}?fixed=1`);
  await leaks.snapshot('start');
  const result = await leaks.cycle(roundTrip(page), { iterations: 3 });
  await expect(result).toHaveNoLeaks();
});

test('leaky: the matcher fails', async ({ page, leaks }) => {
  await page.goto(demo);
  const result = await leaks.cycle(roundTrip(page), { iterations: 3, warmup: 0 });
  await expect(result).toHaveNoLeaks();
});

test('a click inside the cycle fails', async ({ page, leaks }) => {
  await page.goto(demo);
  await leaks.cycle(async () => {
    await page.locator('#nowhere').click({ timeout: 500 });
  }); // the line of the cycle: FAILING CYCLE
});
