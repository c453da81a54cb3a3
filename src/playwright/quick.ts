/**
 * `leakscope run URL --click SELECTOR [--back SELECTOR]`: a scenario made from the command line, for the common case
 * of one thing to open and one to close (or history back), without writing a scenario file.
 */
import type { Page } from 'playwright-core';
import { LeakscopeError } from './errors.ts';
import type { Scenario } from './scenario.ts';

const SCHEME = /^([a-z][a-z0-9+.-]+):/i;
const SCHEMES = new Set(['http:', 'https:', 'file:']);

/**
 * Whether a `leakscope run` argument is a URL rather than a scenario file: it starts with a scheme of two letters
 * or more (`C:\…` stays a path).
 */
export function looksLikeUrl(arg: string): boolean {
  return SCHEME.test(arg);
}

/**
 * The URL a quick run starts from.
 * @throws LeakscopeError (exit 2) for a scheme other than http:, https: or file:, or a URL that does not parse.
 */
export function quickUrl(arg: string): string {
  const scheme = `${SCHEME.exec(arg)?.[1]?.toLowerCase() ?? ''}:`;
  if (!SCHEMES.has(scheme)) throw new LeakscopeError(`run URL must be an http:, https: or file: URL, got a ${scheme.slice(0, 20)} URL`);
  try {
    return new URL(arg).href;
  } catch {
    throw new LeakscopeError(`run URL: "${arg.slice(0, 200)}" is not a valid URL`);
  }
}

/**
 * A scenario that loads `url`, clicks `click` as its action and, as its back, clicks `back` or, without one, goes
 * back in the history (`page.goBack()`; the runner then waits for the page to settle). History back must land where
 * the click started: a click that did not change the URL, or a back that left for another page, fails the step
 * rather than measuring something else.
 *
 * @example
 * const scenario = clickScenario('http://localhost:5173/', 'nav a[href="/settings"]');
 */
export function clickScenario(url: string, click: string, back?: string): Scenario {
  let start: string | undefined;
  return {
    url,
    action: async (page: Page) => {
      start = page.url();
      await page.locator(click).click();
    },
    back:
      back !== undefined
        ? (page: Page) => page.locator(back).click()
        : async (page: Page) => {
            if (start !== undefined && page.url() === start) {
              throw new Error(`clicking ${click} did not change the URL, so history back has nothing to undo; pass --back SELECTOR`);
            }
            await page.goBack();
            if (start !== undefined && page.url() !== start) {
              throw new Error(`history back went to ${page.url()}, not back to ${start} where the click started; pass --back SELECTOR`);
            }
          },
  };
}
