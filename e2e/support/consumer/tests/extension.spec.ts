// The same check with the extension the package ships loaded into Chromium, instead of the page script.
import { expect, test } from 'leakscope/playwright';

test.use({ leakscopeExtension: true });

test('extension: leaky listeners', async ({ page, leaks }) => {
  await page.goto('/');
  const result = await leaks.cycle(
    async () => {
      await page.locator('nav a[data-route="listeners"]').click();
      await page.locator('[data-view="listeners"]').waitFor();
      await page.locator('nav a[data-route="home"]').click();
      await page.locator('[data-view="home"]').waitFor();
    },
    { iterations: 4, warmup: 1 },
  );
  await expect(result).toHaveNoLeaks();
});
