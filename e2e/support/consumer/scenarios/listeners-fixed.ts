// A scenario for `leakscope run`, in TypeScript, typed with the package's own Scenario.
import type { Scenario } from 'leakscope/playwright';

export default {
  url: `${process.env.APP_URL}?fixed=1`,
  action: async (page) => {
    await page.locator('nav a[data-route="listeners"]').click();
    await page.locator('[data-view="listeners"]').waitFor();
  },
  back: async (page) => {
    await page.locator('nav a[data-route="home"]').click();
    await page.locator('[data-view="home"]').waitFor();
  },
} satisfies Scenario;
