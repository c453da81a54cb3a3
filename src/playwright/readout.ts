/**
 * Reading the page-side registry from Node through Playwright. The registry lives on a non-enumerable
 * `window.__leakscope__` (`__leakscope_own__` where the page planted one; see readoutOfSource) in every
 * instrumented frame (see src/content/instrument/install.ts); what it answers is the page's to forge, so it is
 * validated (src/shared/readout.ts) before it is returned.
 */
import type { Frame, Page } from 'playwright-core';
import { GROUP_KINDS } from '../shared/kinds.ts';
import { pageStats, readoutOfSource, type PageStats } from '../shared/protocol.ts';
import { parseSummary, ReadoutProblems, type ReadoutSummary } from '../shared/readout.ts';

type Where = Page | Frame;

/** The page's live counters, or undefined when Leakscope is not installed there; throws when they are malformed. */
export async function readStats(where: Where): Promise<PageStats | undefined> {
  const raw: unknown = await where.evaluate(`${readoutOfSource('window')}?.stats()`);
  if (raw === undefined) return undefined;
  const stats = pageStats(raw);
  if (!stats) throw new Error(`The page changed Leakscope's read-out: stats() gave a malformed value in ${where.url()}`);
  return stats;
}

/** The page's registry summary, or undefined when Leakscope is not installed there; throws when it is malformed. */
export async function readSummary(where: Where): Promise<ReadoutSummary | undefined> {
  const raw: unknown = await where.evaluate(`${readoutOfSource('window')}?.summary()`);
  if (raw === undefined) return undefined;
  const problems = new ReadoutProblems();
  const summary = parseSummary(raw, 'summary', problems, GROUP_KINDS);
  if (!summary || problems.count > 0) throw new Error(problems.warning());
  return summary;
}

/** The page's live listener count; throws when Leakscope is not installed there. */
export async function readListenerCount(where: Where): Promise<number> {
  const stats = await readStats(where);
  if (!stats) throw new Error(`Leakscope is not installed in ${where.url()}`);
  return stats.listeners;
}
