// The same check with the extension the package ships loaded into Chromium, instead of the page script.
import { expect, test } from 'leakscope/playwright';
import { visitListeners } from './visit';

test.use({ leakscopeExtension: true });

test('extension: leaky listeners', async ({ page, leaks }) => {
  await page.goto('/');
  await expect(await visitListeners(page, leaks)).toHaveNoLeaks();
});
