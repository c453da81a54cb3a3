/**
 * A user's suite, run by e2e/fixture-steps.spec.ts through Playwright's own CLI: how `leaks.cycle`,
 * `leaks.snapshot` and `toHaveNoLeaks` show in Playwright's report. The JSON reporter goes to stdout; the steps
 * reporter writes every step with its category (the JSON reporter leaves out all but test.step ones) to
 * LEAKSCOPE_STEPS_FILE. The demo's URL comes from LEAKSCOPE_DEMO_URL.
 */
import { defineConfig } from '@playwright/test';
import { PLAIN_CHROMIUM } from '../launch.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.leaks.ts',
  workers: 1,
  retries: 0,
  reporter: [['json'], ['./steps-reporter.ts']],
  use: { launchOptions: PLAIN_CHROMIUM, trace: 'off' },
});
