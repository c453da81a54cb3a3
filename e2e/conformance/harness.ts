/**
 * The conformance harness: a case is a self-contained function run in a page that returns a JSON-serializable
 * observation of how the platform behaves. The same case runs in a page without Leakscope and in an instrumented
 * one; the observations must be identical (the instrumentation is invisible), except where a case declares the one
 * difference it allows.
 *
 * Case functions are sent to the page as source text: they may use only their `h` argument ({@link Helpers}) and
 * page globals, never anything from the module they are written in.
 */
import type { Page } from 'playwright-core';

/** How a function looks from the page: what a detector of patched natives would check. */
export interface FnShape {
  name: unknown;
  length: unknown;
  string: string;
  /** `Function.prototype.toString.call(f)`, with the toString of this realm. */
  source: string;
  keys: string[];
  protoIsFunctionPrototype: boolean;
  hasPrototype: boolean;
  constructor: boolean;
}

/** Helpers every case gets as its argument; defined in {@link makeHelpers}. */
export interface Helpers {
  /** Runs `f`; "ok" or the thrown error as "Name: message". */
  err(f: () => unknown): string;
  /** The same for an async `f`. */
  aerr(f: () => Promise<unknown>): Promise<string>;
  /** The shape of a function (or `typeof x` for anything else). */
  fn(f: unknown): FnShape | string;
  /** The shape of a property descriptor: flags, the kind of value, and the shapes of value/get/set functions. */
  desc(owner: object, key: PropertyKey): Record<string, unknown> | null;
  /** Resolves on a later task: after `ms` milliseconds, from a timer scheduled now. */
  wait(ms?: number): Promise<void>;
  /**
   * Resolves with the first `type` event on `target` (or "timeout" after `ms`). The default is long: a worker's
   * failed load was once told more than 5 s late on a loaded machine; an event that comes costs no more.
   */
  next(target: EventTarget, type: string, ms?: number): Promise<Event | 'timeout'>;
  /** Records the errors that reach the window (`error` events: their messages and `.error` values) until stopped. */
  watchErrors(): { messages: string[]; errors: unknown[]; stop(): void };
  /** What the spec knows only at run time (see {@link CaseEnv}). */
  env: CaseEnv;
}

/** Run-time facts cases may use; the same in the native and the instrumented run. */
export interface CaseEnv {
  /** A WebSocket echo server. */
  echoUrl: string;
}

/** One conformance case; it runs in a fresh {@link CONFORMANCE_PAGE}. */
export interface ConformanceCase {
  name: string;
  /** Runs in the page; `arg` is the case's {@link ConformanceCase.arg}, passed as JSON. */
  run: (h: Helpers, arg: never) => unknown;
  /** A JSON value handed to `run`, so that one function can serve several cases (one per constructor...). */
  arg?: unknown;
  /**
   * The one difference this case allows: what the instrumented observation must be, given the native one.
   * Without it the two must be equal.
   */
  instrumented?: (native: unknown) => unknown;
}

export function def<A = undefined>(
  name: string,
  run: (h: Helpers, arg: A) => unknown,
  opts: { arg?: A; instrumented?: (native: unknown) => unknown } = {},
): ConformanceCase {
  return { name, run: run, ...opts };
}

/** The page every case runs in (e2e/pages/conformance.html), served by `startFixtureServer` (serve.ts). */
export const CONFORMANCE_PAGE = 'conformance.html';

/**
 * Builds the helpers in the page, before the case runs: it takes `Function.prototype.toString` and friends as the
 * page sees them at that moment (instrumented or not).
 */
function makeHelpers(env: CaseEnv): Helpers {
  const toSource = Function.prototype.toString;
  const err = (f: () => unknown): string => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)
        ? `${(e as Error).name}: ${(e as Error).message}`
        : `thrown ${String(e)}`;
    }
  };
  const aerr = async (f: () => Promise<unknown>): Promise<string> => {
    try {
      await f();
      return 'ok';
    } catch (e) {
      return e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${String(e)}`;
    }
  };
  const fn = (f: unknown): FnShape | string => {
    if (typeof f !== 'function') return typeof f;
    let constructor = true;
    try {
      // Throws only when `f` is not a constructor; never calls `f`.
      Reflect.construct(Object, [], f as new () => unknown);
    } catch {
      constructor = false;
    }
    return {
      name: (f as { name: unknown }).name,
      length: (f as { length: unknown }).length,
      string: String(f),
      source: toSource.call(f),
      keys: Reflect.ownKeys(f).map(String),
      protoIsFunctionPrototype: Object.getPrototypeOf(f) === Function.prototype,
      hasPrototype: 'prototype' in f,
      constructor,
    };
  };
  const desc = (owner: object, key: PropertyKey): Record<string, unknown> | null => {
    const d = Object.getOwnPropertyDescriptor(owner, key);
    if (!d) return null;
    const out: Record<string, unknown> = { configurable: d.configurable, enumerable: d.enumerable };
    if ('value' in d) {
      out.writable = d.writable;
      out.value =
        typeof d.value === 'function' ? fn(d.value) : typeof d.value === 'object' ? (d.value === null ? 'null' : 'object') : String(d.value);
    } else {
      out.get = fn(d.get);
      out.set = fn(d.set);
    }
    return out;
  };
  const wait = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const next = (target: EventTarget, type: string, ms = 20_000) =>
    new Promise<Event | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), ms);
      target.addEventListener(
        type,
        (e) => {
          clearTimeout(timer);
          resolve(e);
        },
        { once: true },
      );
    });
  const watchErrors = () => {
    const messages: string[] = [];
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => {
      messages.push(e.message);
      errors.push(e.error);
      // Reported errors are the case's observation, not a failure of the page.
      e.preventDefault();
    };
    window.addEventListener('error', onError);
    return { messages, errors, stop: () => window.removeEventListener('error', onError) };
  };
  return { err, aerr, fn, desc, wait, next, watchErrors, env };
}

/** The observation of one case run: its value, or the error it threw (as "Name: message"). */
export type Observation = { value: unknown } | { threw: string };

/** Runs one case in `page` (already on a fresh conformance page). */
export async function observe(page: Page, c: ConformanceCase, env: CaseEnv): Promise<Observation> {
  // `__name`: what esbuild-based loaders (tsx) wrap functions in to keep their names; a local no-op keeps the
  // case's source runnable in the page whichever loader compiled it.
  const expression = `(async () => {
    const __name = (f) => f;
    const h = (${makeHelpers.toString()})(${JSON.stringify(env)});
    const run = (${c.run.toString()});
    try {
      const value = await run(h, ${JSON.stringify(c.arg ?? null)});
      return JSON.stringify({ value: value === undefined ? '(undefined)' : value });
    } catch (e) {
      return JSON.stringify({ threw: String(e && e.name) + ': ' + String(e && e.message) });
    }
  })()`;
  const text = await page.evaluate(expression);
  if (typeof text !== 'string') throw new Error(`case "${c.name}" returned no observation`);
  return JSON.parse(text) as Observation;
}

/** What the instrumented observation must be: the native one, or the case's declared difference applied to it. */
export function expectedInstrumented(c: ConformanceCase, native: Observation): Observation {
  if (!c.instrumented || !('value' in native)) return native;
  return { value: c.instrumented(native.value) };
}

/** The differences between two observations, one line each: `path: expected X | actual Y` (values cut short). */
export function differences(expected: unknown, actual: unknown, at = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) => differences((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], `${at}.${k}`));
  }
  const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v).slice(0, 200));
  return [`${at || '(root)'}: expected ${show(expected)} | actual ${show(actual)}`];
}
