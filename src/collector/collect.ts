/**
 * The collector: what is really alive after a garbage collection (CDP), joined to where it came from (the page
 * registry), as a `leakscope/snapshot@1`. Written against the one {@link Cdp} interface so that the extension and
 * the Playwright API produce the same snapshot from the same code.
 */
import {
  type Counters,
  cut,
  type Group,
  LEAKSCOPE_VERSION,
  LIMITS,
  type Navigation,
  type Snapshot,
  SNAPSHOT_SCHEMA_ID,
  validateSnapshot,
} from '../core/index.ts';
import { GROUP_KINDS } from '../shared/kinds.ts';
import { parseSummary, ReadoutProblems, type ReadoutSummary } from '../shared/readout.ts';
import type { Cdp } from './cdp.ts';
import type { Connection } from './connection.ts';
import { readCounters } from './counters.ts';
import { readDetached } from './detached.ts';
import { findDocuments, groupDocuments, type DetachedHost } from './documents.ts';
import { collectGarbage } from './gc.ts';
import { READ_THREW, readRegistriesSource, registryResults } from './registries.ts';

export interface CollectOptions {
  /** e.g. "baseline", "iteration 3". */
  label?: string;
  /** Completed iterations of a navigation cycle (0 = baseline). */
  iteration?: number;
  /** Give up after this long (a page spinning in a busy loop never answers), in ms. Default 20 s. */
  timeoutMs?: number;
}

/** A snapshot could not be taken; `message` says why in one line. */
export class CollectError extends Error {
  override readonly name = 'CollectError';
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** What the snapshot says of the page: strings or nothing, whatever the page did to the getters. */
const READ_META = `(() => {
  const text = (read) => {
    try {
      const v = read();
      return typeof v === 'string' ? v : undefined;
    } catch (e) {
      return undefined;
    }
  };
  return { __proto__: null, userAgent: text(() => navigator.userAgent), url: text(() => location.href), title: text(() => document.title) };
})()`;

/** The registries of the page and its same-origin frames, and what the snapshot says of the page. */
const READ_PAGE = `({ summaries: ${readRegistriesSource('summary')}, meta: ${READ_META} })`;

interface PageRead {
  /** The registries' summaries that passed validation, in visiting order (top frame first). */
  summaries: ReadoutSummary[];
  /** The first registry's summary (normally the top frame's), when it passed validation. */
  main: ReadoutSummary | undefined;
  /** Registries found, valid or not. */
  found: number;
  userAgent: string;
  url: string;
  title: string;
  /** What was malformed in the read-outs. */
  problems: ReadoutProblems;
}

async function evaluateByValue(cdp: Cdp, expression: string): Promise<unknown> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
  if (exceptionDetails) throw new CollectError(`reading the page registry failed: ${exceptionDetails.text}`);
  return result.value;
}

/**
 * Reads every registry of the page. A read-out the page replaced may answer with something that cannot be returned
 * by value (a Proxy, a cycle, a getter that throws: Chrome then fails the whole evaluation): the registries are
 * then read one at a time, and those that still cannot be read are left out with a problem recorded.
 */
async function readPage(cdp: Cdp): Promise<PageRead> {
  const problems = new ReadoutProblems();
  let raw: unknown;
  try {
    raw = await evaluateByValue(cdp, READ_PAGE);
  } catch (error) {
    if (error instanceof CollectError) throw error;
    raw = await readEachRegistry(cdp, problems, error);
  }
  const { summaries: rawSummaries, meta } = (typeof raw === 'object' && raw !== null ? raw : {}) as { summaries?: unknown; meta?: unknown };
  const { results, total } = registryResults(rawSummaries);
  const summaries: (ReadoutSummary | undefined)[] = results.map((result, i) => {
    const at = `summaries[${i}]`;
    if (result === UNREADABLE) return undefined;
    if (typeof result === 'object' && result !== null && Object.prototype.hasOwnProperty.call(result, READ_THREW)) {
      problems.note(`${at}: calling summary() threw`);
      return undefined;
    }
    return parseSummary(result, at, problems, GROUP_KINDS);
  });
  const text = (key: string) => {
    const v = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' ? v : '';
  };
  return {
    summaries: summaries.filter((s): s is ReadoutSummary => s !== undefined),
    main: summaries[0],
    found: Math.max(total, results.length),
    userAgent: text('userAgent'),
    url: text('url'),
    title: text('title'),
    problems,
  };
}

/** Stands for a registry whose summary could not be returned by value. */
const UNREADABLE = Symbol('unreadable');

async function readEachRegistry(cdp: Cdp, problems: ReadoutProblems, failure: unknown): Promise<unknown> {
  let first: unknown;
  try {
    first = await evaluateByValue(cdp, `({ summaries: ${readRegistriesSource('summary', -1)}, meta: ${READ_META} })`);
  } catch {
    throw failure; // not the page's read-out: the connection itself failed
  }
  const { meta, summaries } = (typeof first === 'object' && first !== null ? first : {}) as { meta?: unknown; summaries?: unknown };
  const { total } = registryResults(summaries);
  const results: Record<string, unknown> = { length: total, total };
  for (let i = 0; i < total; i++) {
    try {
      results[String(i)] = registryResults(await evaluateByValue(cdp, readRegistriesSource('summary', i))).results[0];
    } catch (error) {
      problems.note(`summaries[${i}] could not be read (${cut(error instanceof Error ? error.message : String(error), 200)})`);
      results[String(i)] = UNREADABLE;
    }
  }
  return { summaries: results, meta };
}

/** `work`, or a CollectError saying that `what` took longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CollectError(`${what} did not finish within ${ms} ms: the page may be busy (a long task or an endless loop)`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A sum of counts, held within the snapshot's limits (many frames of absurd but valid counts). */
const capped = (n: number, max: number = LIMITS.maxCount) => Math.min(n, max);

/** Groups of all frames (validated read-outs), merged by signature (the same code in two frames is one group). */
export function mergeGroups(summaries: readonly ReadoutSummary[]): Group[] {
  const bySignature = new Map<string, Group>();
  for (const summary of summaries) {
    for (const g of summary.groups) {
      const signature = cut(g.signature, LIMITS.maxSignature);
      const known = bySignature.get(signature);
      if (!known) {
        bySignature.set(signature, {
          kind: g.kind as Group['kind'], // parseSummary let through GROUP_KINDS only
          signature,
          type: cut(g.type, LIMITS.maxLabel),
          target: cut(g.target, LIMITS.maxText),
          count: g.count,
          ...(g.bytes !== undefined ? { bytes: capped(Math.round(g.bytes), LIMITS.maxBytes) } : {}),
          epochs: g.epochs.slice(0, LIMITS.maxEpochEntries),
          samples: g.samples.slice(0, LIMITS.maxSamples).map((s) => ({
            description: cut(s.description, LIMITS.maxText),
            ...(s.state !== undefined ? { state: cut(s.state, LIMITS.maxLabel) } : {}),
          })),
          stack: g.stack
            .slice(0, LIMITS.maxStackFrames)
            .map((f) => ({ ...f, functionName: cut(f.functionName, LIMITS.maxText), url: cut(f.url, LIMITS.maxUrl) })),
        });
        continue;
      }
      known.count = capped(known.count + g.count);
      if (g.bytes !== undefined) known.bytes = capped((known.bytes ?? 0) + Math.round(g.bytes), LIMITS.maxBytes);
      const epochs = new Map(known.epochs.map((e) => [e.epoch, e.count]));
      for (const e of g.epochs) epochs.set(e.epoch, capped((epochs.get(e.epoch) ?? 0) + e.count));
      known.epochs = [...epochs]
        .sort((a, b) => a[0] - b[0])
        .slice(0, LIMITS.maxEpochEntries)
        .map(([epoch, count]) => ({ epoch, count }));
    }
  }
  return [...bySignature.values()];
}

/**
 * Takes a snapshot: forces a full GC, reads Chrome's counters and detached DOM, and the page registries.
 *
 * @example
 * const connection = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
 * const baseline = await collect(connection, { label: 'baseline', iteration: 0 });
 */
export function collect(connection: Connection, opts: CollectOptions = {}): Promise<Snapshot> {
  return withTimeout(
    connection.oneAtATime(() => collectNow(connection, opts)),
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    'taking a snapshot',
  );
}

async function collectNow(connection: Connection, opts: CollectOptions): Promise<Snapshot> {
  const { cdp } = connection;
  // Collections before the reads, each followed by a turn of the page's event loop, in which finalizers run (the
  // registries untrack what was collected: their WeakRefs of it are empty) and the browser lets go of what hung
  // on the collected objects (an image's SVG document, for one), for the next collection to take.
  // HeapProfiler.collectGarbage collects in a task of its own, with no page frames on the stack; the extension's
  // Runtime.queryObjects collects within the command, where a collector may take stale stack words for references
  // (V8's own note on heap snapshots): a fixed demo's removed view was once listed alive in a panel snapshot with
  // one such collection, so the extension runs two (./gc.ts).
  await collectGarbage(connection, cdp.transport === 'playwright' ? 1 : 2);
  const page = await readPage(cdp);
  const found = await findDocuments(cdp);
  // DOM.getDetachedDomNodes collects all garbage again before it lists (measured: it never lists garbage, and
  // takes a collection's time longer when none ran just before it): the garbage of the reads above, whose code,
  // compiled the first time, stays in the page's heap from the first snapshot on. Chrome's counters are read
  // right after the listing, before anything else of ours runs in the page.
  let counters: Counters | undefined;
  const hosts: DetachedHost[] = [];
  const detached = await readDetached(connection, hosts, async () => {
    counters = await readCounters(connection);
  });
  if (!counters) throw new CollectError('reading the counters failed');
  const documents = groupDocuments(found, hosts);
  const { main } = page;
  const navigations: Navigation[] = (main?.navigations ?? []).slice(-LIMITS.maxNavigations).map((n) => ({
    epoch: n.epoch,
    url: cut(n.url, LIMITS.maxUrl),
    time: new Date(n.time).toISOString(),
    type: n.type,
  }));
  const sum = (pick: (s: ReadoutSummary) => number) => capped(page.summaries.reduce((total, s) => total + pick(s), 0));
  const droppedStacks = sum((s) => s.health.droppedStacks);
  const droppedGroups = sum((s) => s.health.droppedGroups);
  const warnings: string[] = [];
  if (page.found === 0) warnings.push('Leakscope was not installed in this page before its scripts ran: reload it with Leakscope active.');
  if (page.problems.count > 0) warnings.push(cut(page.problems.warning(), LIMITS.maxText));
  const snapshot: Snapshot = {
    schema: SNAPSHOT_SCHEMA_ID,
    meta: {
      url: cut(page.url, LIMITS.maxUrl),
      title: cut(page.title, LIMITS.maxText),
      time: new Date().toISOString(),
      userAgent: cut(page.userAgent, LIMITS.maxText),
      leakscopeVersion: LEAKSCOPE_VERSION,
      epoch: main?.epoch ?? 0,
      label: cut(opts.label ?? 'snapshot', LIMITS.maxLabel),
      ...(opts.iteration !== undefined ? { iteration: opts.iteration } : {}),
    },
    counters,
    groups: [...mergeGroups(page.summaries), ...documents].slice(0, LIMITS.maxGroups),
    detached,
    navigations,
    health: {
      // A registry whose read-out the page spoiled was installed all the same: the warning says what went wrong.
      instrumented: page.found > 0,
      patched: (main?.health.patched ?? []).slice(0, LIMITS.maxWarnings * 10).map((p) => cut(p, LIMITS.maxLabel)),
      tracked: sum((s) => s.health.tracked),
      dropped: sum((s) => s.health.dropped),
      wrapperErrors: sum((s) => s.health.errors),
      warnings,
      // Only when a table overflowed: what they say is in the notes of every report.
      ...(droppedStacks > 0 ? { droppedStacks } : {}),
      ...(droppedGroups > 0 ? { droppedGroups } : {}),
    },
  };
  // What we produce must be what every reader accepts.
  return validateSnapshot(snapshot, 'collector');
}
