/** Reading the page registry in e2e tests, and finding the fixture lines its stacks must point at. */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { ReadoutSummary } from '../../src/content/instrument/readout.ts';
import type { Frame } from '../../src/content/instrument/stacks.ts';
import { readSummary } from '../../src/playwright/readout.ts';
import { FIXTURE_ORIGIN } from '../fixtures.ts';

/** The page's registry summary; fails the test when Leakscope is not installed there. */
export async function summary(page: Page): Promise<ReadoutSummary> {
  const found = await readSummary(page);
  if (!found) throw new Error(`Leakscope is not installed in ${page.url()}`);
  return found;
}

/**
 * A reader for `expect.poll`: the count of `kind` after a garbage collection and one task (finalization callbacks
 * run in a task after the collection). The session ends with the test's context.
 */
export async function countAfterGc(
  context: BrowserContext,
  page: Page,
  kind: keyof ReadoutSummary['counts'],
): Promise<() => Promise<number | undefined>> {
  const cdp = await context.newCDPSession(page);
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    return (await summary(page)).counts[kind];
  };
}

/** Where `token` is on the fixture line marked `// @marker`: the frame V8 reports for that call (1-based). */
export function frameAt(file: string, marker: string, token: string): Pick<Frame, 'url' | 'line' | 'column'> {
  const lines = readFileSync(new URL(`../pages/${file}`, import.meta.url), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(`// @${marker}`));
  if (index < 0) throw new Error(`no @${marker} in ${file}`);
  const column = lines[index]!.indexOf(token);
  if (column < 0) throw new Error(`no ${token} on the @${marker} line of ${file}`);
  return { url: `${FIXTURE_ORIGIN}/${file}`, line: index + 1, column: column + 1 };
}
