/**
 * A user's suite, run by e2e/shard.spec.ts through Playwright's own CLI with `--shard` and two workers: the
 * fixture must work however Playwright spreads the tests. The demo's URL comes from LEAKSCOPE_DEMO_URL.
 */
import { defineConfig } from '@playwright/test';
import { PLAIN_CHROMIUM } from '../launch.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.leaks.ts',
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [['json']],
  use: { launchOptions: PLAIN_CHROMIUM },
});
