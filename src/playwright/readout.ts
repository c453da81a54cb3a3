/**
 * Reading the page-side registry from Node through Playwright. The registry lives on a non-enumerable
 * `window[Symbol.for('leakscope')]` in every instrumented frame (see src/content/instrument/install.ts).
 */
import type { Frame, Page } from 'playwright-core';
import type { LeakscopeReadout } from '../content/instrument/install.ts';
import type { ReadoutSummary } from '../content/instrument/readout.ts';
import type { PageStats } from '../shared/protocol.ts';

type Where = Page | Frame;

/** The page's live counters, or undefined when Leakscope is not installed there. */
export function readStats(where: Where): Promise<PageStats | undefined> {
  return where.evaluate(() => (window as unknown as Record<symbol, LeakscopeReadout | undefined>)[Symbol.for('leakscope')]?.stats());
}

/** The page's registry summary, or undefined when Leakscope is not installed there. */
export function readSummary(where: Where): Promise<ReadoutSummary | undefined> {
  return where.evaluate(() => (window as unknown as Record<symbol, LeakscopeReadout | undefined>)[Symbol.for('leakscope')]?.summary());
}

/** The page's live listener count; throws when Leakscope is not installed there. */
export async function readListenerCount(where: Where): Promise<number> {
  const stats = await readStats(where);
  if (!stats) throw new Error(`Leakscope is not installed in ${where.url()}`);
  return stats.listeners;
}
