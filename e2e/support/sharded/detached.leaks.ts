import { test, expect } from 'leakscope/playwright';
import { visit } from '../../../demo/driver.ts';

const demo = process.env.LEAKSCOPE_DEMO_URL!;

for (const fixed of [false, true]) {
  test(`detached, ${fixed ? 'fixed' : 'leaky'}`, async ({ page, leaks }) => {
    await page.goto(fixed ? `${demo}?fixed=1` : demo);
    const result = await leaks.cycle(async () => {
      await visit(page, 'detached');
      await visit(page, 'home');
    }, { iterations: 3 });
    await expect(result).toHaveNoLeaks();
  });
}
