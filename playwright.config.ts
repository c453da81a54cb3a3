import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: real Chromium, real pages, the built extension from dist/extension and the library from
 * dist/lib (run `npm run build` first; `npm test` does). Each worker launches its own browser; the machine has two cores.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // e2e/support holds projects that specs run on their own (a user's project, a sharded suite), not specs of ours.
  testIgnore: 'support/**',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  // No tracing: the trace recorder injects its own script (with a MutationObserver) into every page, which the
  // instrumentation under test would rightly count. Run with --trace on when debugging a failure.
  use: { trace: 'off' },
});
