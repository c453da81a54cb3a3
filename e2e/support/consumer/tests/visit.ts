import type { Page } from '@playwright/test';
import type { Leaks } from 'leakscope/playwright';

/** Into the demo's listener route and back home, as leak-check cycles. */
export function visitListeners(page: Page, leaks: Leaks) {
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
