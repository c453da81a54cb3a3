// A scenario for `leakscope run`, in plain JavaScript.
export default {
  url: process.env.APP_URL,
  action: async (page) => {
    await page.locator('nav a[data-route="listeners"]').click();
    await page.locator('[data-view="listeners"]').waitFor();
  },
  back: async (page) => {
    await page.locator('nav a[data-route="home"]').click();
    await page.locator('[data-view="home"]').waitFor();
  },
};
