/**
 * Reading the page-side registry from Node. The registry lives on a non-enumerable `window.__leakscope__`
 * (`__leakscope_own__` where the page planted one; see readoutOfSource) in every instrumented frame (see
 * src/content/instrument/install.ts); what it answers is the page's to forge, so it is validated
 * (src/shared/readout.ts) before it is returned.
 *
 * The read-out is in the main world, among the page's scripts. In a page's main frame it is read over the library's
 * CDP session (./page-cdp.ts): one `Runtime.evaluate` in the main world's default context, its answer returned by
 * value (V8 serializes it; no script of the page or of Playwright runs but the read-out's own methods), so a page
 * that replaced the built-ins `page.evaluate`'s glue calls cannot break the read. In a child frame it is read with
 * `frame.evaluate`.
 */
import type { Frame, Page } from 'playwright-core';
import { GROUP_KINDS } from '../shared/kinds.ts';
import { pageStats, readoutOfSource, type PageStats } from '../shared/protocol.ts';
import { parseSummary, ReadoutProblems, type ReadoutSummary } from '../shared/readout.ts';
import { CONTEXT_GONE, forgetPageCdp, pageCdp } from './page-cdp.ts';

type Where = Page | Frame;

/** A read-out that is there answers `{ value }`; none answers undefined. */
const STATS = `(() => {
  const readout = ${readoutOfSource('window')};
  return readout ? { __proto__: null, value: readout.stats() } : undefined;
})()`;

/** Ours makes its JSON with the JSON taken at install (`summaryJson`); one without that gives its summary by value. */
const SUMMARY = `(() => {
  const readout = ${readoutOfSource('window')};
  if (!readout) return undefined;
  return typeof readout.summaryJson === 'function' ? { __proto__: null, json: readout.summaryJson() } : { __proto__: null, value: readout.summary() };
})()`;

/** The page a read goes to over CDP: the page itself, or the page of a main frame; undefined for a child frame. */
function pageOf(where: Where): Page | undefined {
  if ('mainFrame' in where) return where;
  return where.parentFrame() === null ? where.page() : undefined;
}

/** What `expression` gives in the main world of `where`, or undefined when there is no read-out. */
async function read(where: Where, expression: string, what: string): Promise<{ value?: unknown; json?: unknown } | undefined> {
  const page = pageOf(where);
  if (!page) return where.evaluate<{ value?: unknown; json?: unknown } | undefined>(expression);
  const { session, cdp } = await pageCdp(page);
  let answer;
  try {
    answer = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, silent: true });
  } catch (err) {
    // "Object couldn't be returned by value": a Proxy, a cycle or a throwing getter where the read-out's answer is.
    if (/returned by value/i.test(String((err as Error)?.message))) {
      throw new Error(`The page changed Leakscope's read-out: ${what} gave a value that cannot be read in ${where.url()}`, { cause: err });
    }
    // The session's failure (the page closed, or it was detached), not a navigation's: the next read opens another.
    if (!CONTEXT_GONE.test(String((err as Error)?.message))) forgetPageCdp(page, session);
    throw err;
  }
  if (answer.exceptionDetails) {
    const why = answer.exceptionDetails.exception?.description?.split('\n')[0] ?? answer.exceptionDetails.text;
    throw new Error(`Leakscope's read-out threw in ${where.url()}: ${why}`);
  }
  return answer.result.value as { value?: unknown; json?: unknown } | undefined;
}

/** The page's live counters, or undefined when Leakscope is not installed there; throws when they are malformed. */
export async function readStats(where: Where): Promise<PageStats | undefined> {
  const answer = await read(where, STATS, 'stats()');
  if (answer === undefined) return undefined;
  const stats = pageStats(answer.value);
  if (!stats) throw new Error(`The page changed Leakscope's read-out: stats() gave a malformed value in ${where.url()}`);
  return stats;
}

/** The page's registry summary, or undefined when Leakscope is not installed there; throws when it is malformed. */
export async function readSummary(where: Where): Promise<ReadoutSummary | undefined> {
  const answer = await read(where, SUMMARY, 'summary()');
  if (answer === undefined) return undefined;
  let raw = answer.value;
  if ('json' in answer) {
    try {
      raw = typeof answer.json === 'string' ? (JSON.parse(answer.json) as unknown) : undefined;
    } catch {
      raw = undefined;
    }
    if (raw === undefined) throw new Error(`The page changed Leakscope's read-out: summaryJson() gave no JSON in ${where.url()}`);
  }
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
