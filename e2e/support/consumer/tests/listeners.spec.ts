import type { Page } from '@playwright/test';
import { expect, test, type Leaks } from 'leakscope/playwright';

async function visitListeners(page: Page, leaks: Leaks) {
  return leaks.cycle(
    async () => {
      await page.locator('nav a[data-route="listeners"]').click();
      await page.locator('[data-view="listeners"]').waitFor();
      await page.locator('nav a[data-route="home"]').click();
      await page.locator('[data-view="home"]').waitFor();
    },
    { iterations: 4, warmup: 1 },
  );
}

test('ts: leaky listeners', async ({ page, leaks }) => {
  await page.goto('/');
  await expect(await visitListeners(page, leaks)).toHaveNoLeaks();
});

test('ts: fixed listeners', async ({ page, leaks }) => {
  await page.goto('/?fixed=1');
  const result = await visitListeners(page, leaks);
  expect(result.report.verdict).toBe('clean');
  await expect(result).toHaveNoLeaks();
});
