import { expect, test } from 'leakscope/playwright';

/** @param {import('@playwright/test').Page} page */
async function cycle(page) {
  await page.locator('nav a[data-route="listeners"]').click();
  await page.locator('[data-view="listeners"]').waitFor();
  await page.locator('nav a[data-route="home"]').click();
  await page.locator('[data-view="home"]').waitFor();
}

test('mjs: leaky listeners', async ({ page, leaks }) => {
  await page.goto('/');
  await expect(await leaks.cycle(() => cycle(page), { iterations: 4, warmup: 1 })).toHaveNoLeaks();
});

test('mjs: fixed listeners', async ({ page, leaks }) => {
  await page.goto('/?fixed=1');
  await expect(await leaks.cycle(() => cycle(page), { iterations: 4, warmup: 1 })).toHaveNoLeaks();
});
