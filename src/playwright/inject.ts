/**
 * Instrumenting pages without the extension: the built MAIN-world bundle added as a Playwright init script, so it
 * runs in every frame of the context before the page's first script, as the extension's content script does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { DEFAULT_EXTENSION_DIR, MISSING_BUILD_FIX } from './browser.ts';
import { LeakscopeError } from './errors.ts';

/** The MAIN-world bundle inside the built extension that the package ships. */
export const INSTRUMENT_BUNDLE = join(DEFAULT_EXTENSION_DIR, 'src', 'content', 'instrument', 'index.js');

/**
 * The script URL our frames carry in page stacks. The instrumentation strips frames of its own URL from the
 * creation stacks it records; without a sourceURL an init script's frames are `<anonymous>`, like the page's own
 * eval'd code, and stripping them would strip the page's frames too. A fixed name (rather than Playwright's default
 * of the file's absolute path) also keeps the local file system out of what the page can see.
 */
export const INSTRUMENT_SOURCE_URL = 'leakscope-instrument.js';

/**
 * The instrumentation's source, ready to be evaluated in a page.
 * @throws LeakscopeError when the bundle has not been built.
 */
export function instrumentSource(bundle: string = INSTRUMENT_BUNDLE): string {
  let source: string;
  try {
    source = readFileSync(bundle, 'utf8');
  } catch {
    throw new LeakscopeError(`no built page script at ${bundle}; ${MISSING_BUILD_FIX}`);
  }
  return `${source}\n//# sourceURL=${INSTRUMENT_SOURCE_URL}\n`;
}

/**
 * Instruments every page and frame that `context` opens from now on.
 *
 * @example
 * const context = await browser.newContext();
 * await instrumentContext(context);
 * const page = await context.newPage();
 * await page.goto('https://app.test/');
 * const stats = await readStats(page); // { listeners, connections, … }
 */
export async function instrumentContext(context: BrowserContext, bundle?: string): Promise<void> {
  await context.addInitScript({ content: instrumentSource(bundle) });
}
