/**
 * `leakscope/playwright`: leak checks for Playwright. The Playwright Test fixture and matcher (`test`, `expect`),
 * the session they are built on (`LeakSession`, for any Playwright page over Chromium), and scenarios
 * (`runScenario`, what `leakscope run` does).
 */
export { test, expect, leakscopeMatchers, type Leaks, type NoLeaksOptions } from './test.ts';
export { LeakSession, StepError, DEFAULT_ITERATIONS, DEFAULT_WARMUP, type CycleOptions, type LeakResult, type ProgressEvent } from './session.ts';
export { runScenario, type RunOptions, type RunResult, type RunProgress } from './runner.ts';
export { StepTimeoutError, DEFAULT_STEP_TIMEOUT } from './timeout.ts';
export { loadScenario, validateScenario, type Scenario } from './scenario.ts';
export { instrumentContext, instrumentSource } from './inject.ts';
export { launchWithExtension, resolveChromium, type ExtensionBrowser } from './browser.ts';
export { waitForIdle } from './idle.ts';
export { userFrame, leakLocation } from './frames.ts';
export { leaksMessage } from './message.ts';
export { LeakscopeError } from './errors.ts';
export type { Report, Leak, Snapshot, Budget } from '../core/index.ts';
