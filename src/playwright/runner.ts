/**
 * Running a {@link Scenario} end to end: a browser (the page script injected as an init script, or the extension
 * loaded), the page, setup, warm-up, baseline and iterations, and the report. `leakscope run` and `npm start` call it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from './chromium.ts';
import type { Budget } from '../core/index.ts';
import { BASE_ARGS, launchWithExtension, resolveChromium, versionOfLater } from './browser.ts';
import { LeakscopeError } from './errors.ts';
import { waitForIdle } from './idle.ts';
import { instrumentContext } from './inject.ts';
import type { Scenario } from './scenario.ts';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CycleOptions is named by a {@link} in the docs below
import { LeakSession, step, type CycleOptions, type LeakResult, type ProgressEvent } from './session.ts';
import { DEFAULT_STEP_TIMEOUT, StepTimeoutError, timedStep, type StepLimit } from './timeout.ts';

export interface RunOptions {
  /** Measured iterations (default 5). */
  iterations?: number;
  /** Warm-up cycles before the baseline (default 1). */
  warmup?: number;
  budget?: Budget;
  /** Show the browser window. */
  headed?: boolean;
  /**
   * Load the built extension instead of injecting the page script with `addInitScript`. Snapshots are still taken
   * over a CDP session of the page; the extension's own page script provides the registry.
   */
  extension?: boolean;
  /** On a detached-DOM leak, name what keeps it alive from a heap snapshot (see {@link CycleOptions.retainers}). */
  retainers?: boolean;
  /**
   * The time limit of each step, in milliseconds (default {@link DEFAULT_STEP_TIMEOUT}): loading the URL, setup,
   * each action and each back, and each wait for the page to settle after them. It is also the page's default
   * timeout for the Playwright calls the scenario makes. A step over the limit fails the run with a
   * {@link StepTimeoutError} naming the step and what it was waiting for. Snapshots are not limited.
   */
  timeout?: number;
  /** A Chromium binary; default: {@link resolveChromium}. */
  browserPath?: string;
  /** Reuse this browser (init-script mode only); it stays open afterwards. */
  browser?: Browser;
  onProgress?: (event: RunProgress) => void;
}

/** Progress of a run: the page was loaded, or a cycle event. */
export type RunProgress = { phase: 'loaded'; url: string; browser: string } | ProgressEvent;

export interface RunResult extends LeakResult {
  /** The URL the scenario started from. */
  url: string;
  /** The browser's own description, e.g. "Chromium 156.0.8078.108". */
  browserVersion: string;
}

interface Opened {
  context: BrowserContext;
  version: string;
  close(): Promise<void>;
}

async function open(opts: RunOptions): Promise<Opened> {
  const headless = !opts.headed;
  if (opts.extension) {
    if (opts.browser) throw new LeakscopeError('a shared browser cannot be used with the extension mode');
    const ext = await launchWithExtension({ headless, ...(opts.browserPath ? { executablePath: opts.browserPath } : {}) });
    return { context: ext.context, version: ext.browser.version, close: ext.close };
  }
  let browser = opts.browser;
  let version: Promise<string> | undefined;
  if (!browser) {
    const { executablePath } = resolveChromium({
      requireExtensions: false,
      withVersion: false,
      ...(opts.browserPath ? { explicitPath: opts.browserPath } : {}),
    });
    version = versionOfLater(executablePath);
    try {
      browser = await chromium.launch({ executablePath, headless, args: BASE_ARGS });
    } catch (err) {
      throw new LeakscopeError(`could not start ${executablePath}: ${String((err as Error).message).split('\n')[0]}`);
    }
  }
  const owned = !opts.browser;
  const context = await browser.newContext();
  const close = async () => {
    await context.close().catch(() => undefined);
    if (owned) await browser.close().catch(() => undefined);
  };
  try {
    await instrumentContext(context);
  } catch (err) {
    await close();
    throw err;
  }
  const described = version ? await version : 'unknown';
  return { context, version: described !== 'unknown' ? described : `${browser.browserType().name()} ${browser.version()}`, close };
}

/** What the wait after each step waits for, as a timed-out step names it. */
const SETTLING = 'the page to settle (the load event, then a frame and an idle period)';

async function resolveUrl(scenario: Scenario, ms: number): Promise<string> {
  const url = await timedStep('url', { ms }, () => (typeof scenario.url === 'function' ? scenario.url() : scenario.url), {
    what: "the scenario's url function to return",
  });
  if (typeof url !== 'string' || url.trim() === '')
    throw new LeakscopeError(`step "url" failed: it returned ${typeof url === 'string' ? 'an empty string' : typeof url}, not a URL`);
  return url;
}

async function load(page: Page, url: string, ms: number): Promise<void> {
  let response;
  try {
    response = await page.goto(url, { waitUntil: 'load', timeout: ms });
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') throw new StepTimeoutError('url', ms, `${url} to load`);
    const first = String((err as Error).message).split('\n')[0] ?? '';
    const why = /net::\w+/.exec(first)?.[0] ?? first.replace(/^page\.goto: /, '');
    throw new LeakscopeError(`step "url" failed: ${url} did not load (${why})`);
  }
  if (response && response.status() >= 400) throw new LeakscopeError(`step "url" failed: ${url} answered HTTP ${response.status()}`);
}

/** How many action/back rounds one iteration runs: 1 + the scenario's `repeat()`. */
async function roundsOf(scenario: Scenario): Promise<number> {
  if (!scenario.repeat) return 1;
  const extra = await step('repeat', () => scenario.repeat!());
  if (!Number.isInteger(extra) || extra < 0 || extra > 100)
    throw new LeakscopeError(`step "repeat" failed: expected a whole number from 0 to 100, got ${String(extra)}`);
  return 1 + extra;
}

/**
 * Runs a scenario and returns the snapshots and the report.
 *
 * @throws LeakscopeError (exit 2) naming the step that failed: `url`, `setup`, `action`, `back`, `snapshot`; a
 *   {@link StepTimeoutError} when one took longer than {@link RunOptions.timeout}.
 * @example
 * const { report } = await runScenario(await loadScenario('scenarios/settings.ts'), { iterations: 5 });
 * process.exitCode = report.leaks.length > 0 ? 1 : 0;
 */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<RunResult> {
  const ms = opts.timeout ?? DEFAULT_STEP_TIMEOUT;
  if (!Number.isInteger(ms) || ms < 1) throw new LeakscopeError(`timeout must be a whole number of milliseconds, at least 1, got ${String(ms)}`);
  const url = await resolveUrl(scenario, ms);
  const rounds = await roundsOf(scenario);
  const opened = await open(opts);
  try {
    const page = await opened.context.newPage();
    // The scenario's own Playwright calls time out within the step's limit, and their error says what they waited for.
    page.setDefaultTimeout(ms);
    page.setDefaultNavigationTimeout(ms);
    const limit: StepLimit = { ms, page };
    /** A step of the scenario, then the wait for the page to settle, each within the limit. */
    const run = async (name: string, fn: ((p: Page) => unknown) | undefined, what: string) => {
      if (fn) await timedStep(name, limit, () => fn(page), { what });
      await timedStep(name, limit, () => waitForIdle(page, { timeout: ms }), { what: SETTLING, prefer: true });
    };
    await load(page, url, ms);
    opts.onProgress?.({ phase: 'loaded', url, browser: opened.version });
    await run(scenario.setup ? 'setup' : 'url', scenario.setup, "the scenario's setup to return");
    const session = new LeakSession(page);
    const result = await session.cycle(
      async (iteration) => {
        const where = iteration < 0 ? `warm-up ${-iteration}` : `iteration ${iteration}`;
        for (let r = 0; r < rounds; r++) {
          await run(`action (${where})`, scenario.action, "the scenario's action to return");
          await run(`back (${where})`, scenario.back, "the scenario's back to return");
        }
      },
      {
        ...(opts.iterations !== undefined ? { iterations: opts.iterations } : {}),
        ...(opts.warmup !== undefined ? { warmup: opts.warmup } : {}),
        ...(opts.budget ? { budget: opts.budget } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.retainers ? { retainers: true } : {}),
        // Every step above ends once the page is idle.
        settled: true,
      },
    );
    await session.dispose();
    return { ...result, url, browserVersion: opened.version };
  } finally {
    await opened.close();
  }
}
