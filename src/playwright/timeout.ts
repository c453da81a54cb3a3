/**
 * Time limits for the steps of a scenario run (`leakscope run --timeout`): each step (loading the URL, setup, each
 * action and back, and each wait for the page to settle) gets the limit, and one that exceeds it fails the run with
 * one line naming the step and what it was waiting for:
 *
 *   step "action (iteration 2)" timed out after 2000 ms waiting for locator('nav a[data-route="nope"]')
 *
 * Playwright calls inside a step time out on their own (the page's default timeout is set to the limit), and their
 * TimeoutError's call log names what they waited for. A step that waits on something else (a promise of its own, a
 * `page.evaluate` that never returns) is cut off by a timer; the page is then closed, which makes the Playwright call
 * still pending, if any, fail with its call log.
 */
import type { Page } from 'playwright-core';
import { printable } from '../core/index.ts';
import { StepError } from './session.ts';

/** The default limit of each step, in milliseconds: Playwright's own default for actions and navigations. */
export const DEFAULT_STEP_TIMEOUT = 30_000;

/** How long a step that was cut off may take to fail once its page is closed, before it is given up on. */
const UNWIND_MS = 2_000;

/** A step that exceeded its limit. */
export class StepTimeoutError extends StepError {
  constructor(
    step: string,
    /** The limit that was exceeded, in milliseconds. */
    readonly timeout: number,
    /** What the step was waiting for, e.g. `locator('#save')`. */
    readonly waitingFor: string,
  ) {
    super(step, 'timed out');
    this.message = `step "${step}" timed out after ${timeout} ms waiting for ${waitingFor}`;
  }
}

/** The limit for the steps of one run. */
export interface StepLimit {
  /** Milliseconds per step. */
  ms: number;
  /** The page the steps drive: closed when a step is cut off, so what is pending on it fails. */
  page?: Page;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with the ESC control character
const ANSI = /\u001b\[[0-9;]*m/g;

/** The lines of a Playwright error's call log: its `log` property, or the lines after "Call log:" in its message. */
function callLog(err: unknown): string[] {
  if (err instanceof Error && 'log' in err && Array.isArray(err.log)) return err.log.map(String);
  const message = String((err as Error | undefined)?.message ?? '').replace(ANSI, '');
  const at = message.indexOf('\nCall log:\n');
  return at < 0 ? [] : message.slice(at + '\nCall log:\n'.length).split('\n');
}

/**
 * What a Playwright call was waiting for, from its call log: the locator (`locator('#save')`,
 * `getByRole('link', { name: 'Home' }) to be visible`), or `http://…/ to load` for a navigation.
 *
 * @example
 * waitedFor(err); // "locator('nav a[data-route=\"nope\"]')"
 */
export function waitedFor(err: unknown): string | undefined {
  const lines = callLog(err).map((l) => l.trim().replace(/^-\s*/, ''));
  const waiting = lines.find((l) => l.startsWith('waiting for '));
  if (waiting) return printable(waiting.slice('waiting for '.length)).slice(0, 300);
  const navigating = lines.map((l) => /^navigating to "(.*)", waiting until "(\w+)"$/.exec(l)).find(Boolean);
  if (navigating) return `${printable(navigating[1]!).slice(0, 300)} to ${navigating[2] === 'load' ? 'load' : `reach "${navigating[2]}"`}`;
  return undefined;
}

/** The limit a Playwright TimeoutError reports (`Timeout 2000ms exceeded`), when it is one. */
function playwrightTimeout(err: unknown): number | undefined {
  if (!(err instanceof Error) || err.name !== 'TimeoutError') return undefined;
  const ms = /Timeout (\d+)ms exceeded/.exec(err.message)?.[1];
  return ms === undefined ? undefined : Number(ms);
}

/**
 * Turns what a step threw into the error a user sees: a Playwright timeout becomes a {@link StepTimeoutError} naming
 * what it waited for, anything else a {@link StepError}.
 *
 * @param what what the step waits for when the call log does not say (e.g. `the page to settle`).
 */
export function stepFailure(step: string, err: unknown, what: string): StepError {
  if (err instanceof StepError) return err;
  const ms = playwrightTimeout(err);
  if (ms !== undefined) return new StepTimeoutError(step, ms, waitedFor(err) ?? what);
  return new StepError(step, err);
}

/**
 * Runs `fn` as the named step within the limit.
 *
 * @param what what the step waits for when nothing more precise is known (`the scenario's action to return`,
 *   `the page to settle (the load event, a frame and an idle period)`); `prefer: true` uses it even when a
 *   Playwright call log says something else (the idle wait's own calls say nothing a user wrote).
 * @throws StepTimeoutError when the step exceeds the limit; StepError when it throws.
 * @example
 * await timedStep('action (iteration 2)', { ms: 2000, page }, () => scenario.action(page), { what: "the scenario's action to return" });
 */
export async function timedStep<T>(step: string, limit: StepLimit, fn: () => Promise<T> | T, opts: { what: string; prefer?: boolean }): Promise<T> {
  const failure = (err: unknown) => {
    const e = stepFailure(step, err, opts.what);
    return opts.prefer && e instanceof StepTimeoutError ? new StepTimeoutError(step, e.timeout, opts.what) : e;
  };
  const work = Promise.resolve().then(fn);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), limit.ms);
  });
  try {
    const first = await Promise.race([
      work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      expired,
    ]);
    if (first === 'expired') throw await cutOff(step, limit, work, opts);
    if ('error' in first) throw failure(first.error);
    return first.value;
  } finally {
    clearTimeout(timer);
  }
}

/** The step ran out of time without failing itself: close the page so what it waits on fails and says what it was. */
async function cutOff(step: string, limit: StepLimit, work: Promise<unknown>, opts: { what: string; prefer?: boolean }): Promise<StepTimeoutError> {
  if (!limit.page) return new StepTimeoutError(step, limit.ms, opts.what);
  let unwind: ReturnType<typeof setTimeout> | undefined;
  const given = new Promise<undefined>((resolve) => {
    unwind = setTimeout(() => resolve(undefined), UNWIND_MS);
  });
  const settled = (async () => {
    await limit.page!.close().catch(() => undefined);
    return work.then(
      () => undefined,
      (e: unknown) => e,
    );
  })();
  try {
    const err = await Promise.race([settled, given]);
    return new StepTimeoutError(step, limit.ms, (!opts.prefer && waitedFor(err)) || opts.what);
  } finally {
    clearTimeout(unwind);
  }
}
