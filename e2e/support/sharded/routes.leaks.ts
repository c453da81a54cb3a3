import { test, expect } from 'leakscope/playwright';
import { visit } from '../../../demo/driver.ts';

const demo = process.env.LEAKSCOPE_DEMO_URL!;

// Four tests in one file: with fullyParallel, Playwright spreads tests (not files) over the shards and workers.
for (const route of ['listeners', 'detached'] as const) {
  for (const fixed of [false, true]) {
    test(`${route}, ${fixed ? 'fixed' : 'leaky'}`, async ({ page, leaks }) => {
      await page.goto(fixed ? `${demo}?fixed=1` : demo);
      const result = await leaks.cycle(
        async () => {
          await visit(page, route);
          await visit(page, 'home');
        },
        { iterations: 3 },
      );
      await expect(result).toHaveNoLeaks();
    });
  }
}
