import { expect, test } from 'leakscope/playwright';
import { visitListeners } from './visit';

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
