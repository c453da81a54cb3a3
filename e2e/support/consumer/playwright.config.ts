import { defineConfig } from '@playwright/test';

// A user's config. On a machine without Playwright's own browser download, Chromium is named here, as the
// README's "Use it in your project" says.
export default defineConfig({
  testDir: 'tests',
  testMatch: /.*\.spec\.(ts|mjs|cjs)$/,
  workers: 1,
  reporter: [['json', { outputFile: 'results.json' }]],
  use: {
    baseURL: process.env.APP_URL,
    launchOptions: process.env.CHROMIUM ? { executablePath: process.env.CHROMIUM } : {},
  },
});
