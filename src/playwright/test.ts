/**
 * Leakscope for Playwright Test: a `leaks` fixture and a `toHaveNoLeaks` matcher.
 *
 * Every page of a test that uses this `test` runs Leakscope's page script (added to the context as an init script,
 * so it runs before the page's own scripts). Snapshots go over a CDP session of the page: Chromium only. Nothing is
 * shared between tests, workers or shards: each test has its own session and its own reports.
 */
import {
  expect as baseExpect,
  test as base,
  type Expect,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestInfo,
  type TestType,
} from '@playwright/test';
import type { Page } from 'playwright-core';
import { analyzeSeries, type Budget, renderHtml, renderJson, type Snapshot } from '../core/index.ts';
import { launchWithExtension, type ExtensionBrowser } from './browser.ts';
import { LeakscopeError } from './errors.ts';
import { instrumentContext } from './inject.ts';
import { leaksMessage } from './message.ts';
import { LeakSession, type CycleOptions, type LeakResult } from './session.ts';
import { callerLocation, cycleStepTitle, snapshotStepTitle } from './steps.ts';

/** The `leaks` fixture. */
export interface Leaks {
  /** The page this fixture measures (the test's `page`). */
  readonly page: Page;
  /**
   * Waits for the page to be idle, forces a garbage collection and returns what is alive.
   * @example
   * const before = await leaks.snapshot('before');
   */
  snapshot(label?: string): Promise<Snapshot>;
  /**
   * Runs `run` (do something and undo it) for `warmup` cycles, takes a baseline, then `iterations` more cycles with
   * a snapshot after each; returns the snapshots and the report, and attaches the report (JSON and HTML) to the test.
   * @example
   * const result = await leaks.cycle(async () => {
   *   await page.getByRole('link', { name: 'Settings' }).click();
   *   await page.getByRole('link', { name: 'Home' }).click();
   * }, { iterations: 5, warmup: 1 });
   * expect(result).toHaveNoLeaks();
   */
  cycle(run: () => Promise<void>, opts?: Omit<CycleOptions, 'onProgress'>): Promise<LeakResult>;
}

async function attachReport(testInfo: TestInfo, result: LeakResult, n: number): Promise<void> {
  const name = n === 1 ? 'leakscope-report' : `leakscope-report-${n}`;
  await testInfo.attach(`${name}.json`, { body: renderJson(result.report), contentType: 'application/json' });
  await testInfo.attach(`${name}.html`, { body: renderHtml(result.report), contentType: 'text/html' });
}

/** The fixtures `test` adds to each test. */
export interface LeakscopeTestArgs {
  leaks: Leaks;
}

/** The worker fixtures and options `test` adds. */
export interface LeakscopeWorkerArgs {
  leakscopeExtension: boolean;
  leakscopeExtensionBrowser: ExtensionBrowser | undefined;
}

/**
 * Playwright Test's `test` with the `leaks` fixture; every page of its tests is instrumented.
 *
 * @example
 * import { test, expect } from 'leakscope/playwright';
 *
 * test('settings does not leak', async ({ page, leaks }) => {
 *   await page.goto('/');
 *   const result = await leaks.cycle(async () => {
 *     await page.getByRole('link', { name: 'Settings' }).click();
 *     await page.getByRole('link', { name: 'Home' }).click();
 *   });
 *   expect(result).toHaveNoLeaks({ budget: { listener: 1 } });
 * });
 */
export const test: TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & LeakscopeTestArgs,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions & LeakscopeWorkerArgs
> = base.extend<LeakscopeTestArgs, LeakscopeWorkerArgs>({
  /**
   * `test.use({ leakscopeExtension: true })`: the pages run in a Chromium with the built Leakscope extension loaded
   * (one per worker), whose content script instruments them, instead of the page script added as an init script.
   * Snapshots are taken the same way. The browser is resolved as Leakscope resolves it (LEAKSCOPE_CHROMIUM, ...),
   * since branded Chrome cannot load an unpacked extension.
   */
  leakscopeExtension: [false, { option: true, scope: 'worker' }],
  leakscopeExtensionBrowser: [
    async ({ leakscopeExtension, headless }, use) => {
      if (!leakscopeExtension) return use(undefined);
      const ext = await launchWithExtension({ headless });
      try {
        await use(ext);
      } finally {
        await ext.close();
      }
    },
    { scope: 'worker' },
  ],
  context: async ({ context, leakscopeExtensionBrowser, browserName }, use) => {
    if (!leakscopeExtensionBrowser) {
      // Leak checks need Chromium (the `leaks` fixture says so); other browsers' pages are left as they are.
      if (browserName === 'chromium') await instrumentContext(context);
      await use(context);
      return;
    }
    // The worker's extension browser, shared by its tests: each test closes the pages it opened.
    const shared = leakscopeExtensionBrowser.context;
    const before = new Set(shared.pages());
    await use(shared);
    for (const page of shared.pages()) if (!before.has(page)) await page.close().catch(() => undefined);
  },
  leaks: async ({ page, browserName }, use, testInfo) => {
    if (browserName !== 'chromium') {
      throw new LeakscopeError(
        `leakscope/playwright needs Chromium, and this test runs in ${browserName}: run leak checks in a project with use: { browserName: 'chromium' }`,
      );
    }
    const session = new LeakSession(page);
    let reports = 0;
    // Each call is one boxed step of the report, with its Playwright calls inside it, at the line of the test that
    // made it. The steps are awaited here: Playwright takes the stack of a boxed step's errors from the async frames
    // below its caller, so this function's frame must be one of them for the test's line to follow it.
    const snapshot: Leaks['snapshot'] = async (label) => {
      const location = callerLocation(snapshot);
      return await base.step(snapshotStepTitle(label), () => session.snapshot(label), { box: true, ...(location ? { location } : {}) });
    };
    const cycle: Leaks['cycle'] = async (run, opts = {}) => {
      const location = callerLocation(cycle);
      return await base.step(
        cycleStepTitle(opts),
        async () => {
          const result = await session.cycle(() => run(), opts);
          await attachReport(testInfo, result, ++reports);
          return result;
        },
        { box: true, ...(location ? { location } : {}) },
      );
    };
    await use({ page, snapshot, cycle });
    await session.dispose();
  },
});

/** Options of `toHaveNoLeaks`. */
export interface NoLeaksOptions {
  /**
   * Accepted growth per iteration, per kind (`{ listener: 2, heap: 512 * 1024 }`), or the path of a budget file
   * (JSON or YAML, see src/core/README.md).
   */
  budget?: Budget | string;
}

async function budgetOf(budget: Budget | string | undefined): Promise<Budget | undefined> {
  if (typeof budget !== 'string') return budget;
  const { readBudgetFile } = await import('../node/budget-file.ts');
  return readBudgetFile(budget);
}

/** The matchers, for `expect.extend(leakscopeMatchers)` on an `expect` of your own. */
export const leakscopeMatchers = {
  /**
   * Passes when nothing grew with the iterations beyond the budget. `received` is what `leaks.cycle` returned, or a
   * series of snapshots (baseline first).
   */
  async toHaveNoLeaks(received: LeakResult | readonly Snapshot[], opts: NoLeaksOptions = {}) {
    const name = 'toHaveNoLeaks';
    const snapshots = Array.isArray(received) ? (received as readonly Snapshot[]) : (received as LeakResult | undefined)?.snapshots;
    if (!Array.isArray(snapshots) || snapshots.length < 2) {
      return { pass: false, name, message: () => 'toHaveNoLeaks: expected the result of leaks.cycle() or at least two snapshots (a baseline first)' };
    }
    const budget = await budgetOf(opts.budget);
    const report =
      !Array.isArray(received) && budget === undefined ? (received as LeakResult).report : analyzeSeries(snapshots, budget ? { budget } : {});
    const pass = report.leaks.length === 0 && report.verdict !== 'unreliable';
    return {
      pass,
      name,
      message: () => (pass ? `expected leaks, but Leakscope found none over ${report.iterations} iterations` : leaksMessage(report)),
    };
  },
};

/** Playwright Test's `expect` with `toHaveNoLeaks`. */
export const expect: Expect<typeof leakscopeMatchers> = baseExpect.extend(leakscopeMatchers);
