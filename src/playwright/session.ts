/**
 * A leak check on one Playwright page: snapshots over a CDP session, and the cycle loop (warm-up, baseline, N
 * iterations with a snapshot after each) whose series the core's leak rules judge. Shared by the Playwright Test
 * fixture and `leakscope run`; it holds no global state, so parallel workers and shards do not meet.
 */
import type { CDPSession, Page } from 'playwright-core';
import { collect } from '../collector/collect.ts';
import { playwrightCdp } from '../collector/playwright-cdp.ts';
import { nameRetainers } from '../collector/retainers.ts';
import { Connection } from '../collector/connection.ts';
import { analyzeSeries, type Budget, type Report, type Snapshot } from '../core/index.ts';
import { LeakscopeError } from './errors.ts';
import { waitForIdle } from './idle.ts';

/** Options of {@link LeakSession.cycle}. */
export interface CycleOptions {
  /** Measured iterations, each followed by a snapshot. Default 5; at least 2 (rules need a trend). */
  iterations?: number;
  /** Cycles run before the baseline, so first-use caches and lazy modules are not counted. Default 1. */
  warmup?: number;
  /** Accepted growth per iteration, per kind (see `src/core/README.md`). Default: none. */
  budget?: Budget;
  /** Called as the check progresses (for progress output). */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * `run` itself ends by waiting for the page to be idle (as `leakscope run` does, step by step): the cycle then
   * does not wait again before its snapshots. Default false: the cycle waits.
   */
  settled?: boolean;
  /**
   * On a detached-DOM leak, take a heap snapshot after the last iteration and name what keeps each leaking root
   * alive (`renderedLists[3]`, with the script whose scope holds it): up to a second on a small page. Default false.
   */
  retainers?: boolean;
}

/** What {@link LeakSession.cycle} reports while it runs. */
export type ProgressEvent =
  | { phase: 'warmup'; index: number; of: number }
  | { phase: 'baseline'; snapshot: Snapshot }
  | { phase: 'iteration'; index: number; of: number; snapshot: Snapshot };

/** The outcome of a leak check: the snapshots and the report the leak rules made of them. */
export interface LeakResult {
  /** Baseline first, then one per iteration. */
  snapshots: Snapshot[];
  report: Report;
}

export const DEFAULT_ITERATIONS = 5;
export const DEFAULT_WARMUP = 1;

/** A step of a check that threw: the message names the step, so a user knows which of their functions failed. */
export class StepError extends LeakscopeError {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    const first =
      String((cause as Error)?.message ?? cause)
        .split('\n')
        .find((l) => l.trim() !== '') ?? 'failed';
    super(`step "${step}" failed: ${first.trim()}`);
  }
}

/** Runs `fn` as the named step; wraps what it throws in a {@link StepError}. */
export async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StepError) throw err;
    throw new StepError(name, err);
  }
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > 1000) {
    throw new LeakscopeError(`${name} must be a whole number from ${min} to 1000, got ${String(value)}`);
  }
  return value;
}

/**
 * Leak checks on one page.
 *
 * @example
 * const session = new LeakSession(page);
 * const result = await session.cycle(async () => {
 *   await page.getByRole('link', { name: 'Settings' }).click();
 *   await page.getByRole('link', { name: 'Home' }).click();
 * }, { iterations: 5 });
 * if (result.report.leaks.length > 0) console.log(renderText(result.report));
 */
export class LeakSession {
  #session: CDPSession | undefined;
  #connection: Connection | undefined;

  constructor(readonly page: Page) {}

  /** The one connection of this session's CDP session (its queue keeps snapshots and heap snapshots apart). */
  async #connect(): Promise<Connection> {
    if (!this.#connection) {
      this.#session = await this.page.context().newCDPSession(this.page);
      this.#connection = new Connection(playwrightCdp(this.#session));
    }
    return this.#connection;
  }

  /**
   * Waits for the page to be idle, forces a garbage collection and takes a snapshot of what is alive.
   *
   * @example
   * const before = await session.snapshot('before');
   */
  async snapshot(label = 'snapshot', iteration?: number): Promise<Snapshot> {
    await waitForIdle(this.page);
    return this.#collect(label, iteration);
  }

  async #collect(label: string, iteration?: number): Promise<Snapshot> {
    return collect(await this.#connect(), { label, ...(iteration !== undefined ? { iteration } : {}) });
  }

  /**
   * Runs `run` (one full cycle: do something, then undo it) `warmup` times, takes a baseline snapshot, then runs it
   * `iterations` times with a snapshot after each, and lets the leak rules judge the series.
   */
  async cycle(run: (iteration: number) => Promise<void>, opts: CycleOptions = {}): Promise<LeakResult> {
    const iterations = checkCount('iterations', opts.iterations ?? DEFAULT_ITERATIONS, 2);
    const warmup = checkCount('warmup', opts.warmup ?? DEFAULT_WARMUP, 0);
    // No priming snapshot: what the first collection leaves in a page (the CDP agents, our read-out's compiled
    // code) is already in that collection's counters, read after our read-out ran (src/collector/collect.ts).
    const take = (label: string, iteration: number) =>
      step('snapshot', () => (opts.settled ? this.#collect(label, iteration) : this.snapshot(label, iteration)));
    for (let i = 1; i <= warmup; i++) {
      await run(-i);
      if (!opts.settled) await waitForIdle(this.page);
      opts.onProgress?.({ phase: 'warmup', index: i, of: warmup });
    }
    const snapshots = [await take('baseline', 0)];
    opts.onProgress?.({ phase: 'baseline', snapshot: snapshots[0]! });
    for (let i = 1; i <= iterations; i++) {
      await run(i);
      const snapshot = await take(`iteration ${i}`, i);
      snapshots.push(snapshot);
      opts.onProgress?.({ phase: 'iteration', index: i, of: iterations, snapshot });
    }
    const report = analyzeSeries(snapshots, opts.budget ? { budget: opts.budget } : {});
    if (opts.retainers) await nameRetainers(await this.#connect(), report);
    return { snapshots, report };
  }

  /** Detaches the CDP session (the page stays open). */
  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#connection = undefined;
    await session?.detach().catch(() => undefined);
  }
}
