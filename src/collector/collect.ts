/**
 * The collector: what is really alive after a garbage collection (CDP), joined to where it came from (the page
 * registry), as a `leakscope/snapshot@1`. Written against the one {@link Cdp} interface so that the extension and
 * the Playwright API produce the same snapshot from the same code.
 */
import {
  type Counters,
  type Coverage,
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
import { coverageOf, defaultContexts, frameTree, readFrames } from './frames.ts';

export interface CollectOptions {
  /** e.g. "baseline", "iteration 3". */
  label?: string;
  /** Completed iterations of a navigation cycle (0 = baseline). */
  iteration?: number;
  /**
   * Give up after this long (a page spinning in a busy loop never answers), in ms. Default 20 s. A page with more
   * than {@link MANY_FRAMES} frames gets {@link FRAME_ALLOWANCE_MS} more per further frame (a full collection of
   * such a page takes seconds), once the frame tree is read.
   */
  timeoutMs?: number;
  /** Told the time added to `timeoutMs` for the page's frames, so that an outer bound can grow with it. */
  onExtraTime?: (ms: number) => void;
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

interface PageRead {
  /** The registries' summaries that passed validation, in frame order (top frame first). */
  summaries: ReadoutSummary[];
  /** The top frame's summary, when it passed validation. */
  main: ReadoutSummary | undefined;
  /** Registries found, valid or not. */
  found: number;
  userAgent: string;
  url: string;
  title: string;
  /** What was malformed in the read-outs. */
  problems: ReadoutProblems;
  coverage: Coverage;
}

/**
 * Reads the registry of every frame Chrome lists, each in its own context and bounded in time (until `deadline`)
 * and size (./frames.ts); what the page made of its read-out is validated, and what is malformed is left out
 * with a problem recorded.
 */
async function readPage(cdp: Cdp, deadline: number): Promise<PageRead> {
  const problems = new ReadoutProblems();
  const [{ frames, total, outOfProcess }, contexts, metaRead] = await Promise.all([
    frameTree(cdp),
    defaultContexts(cdp),
    cdp.send('Runtime.evaluate', { expression: READ_META, returnByValue: true, timeout: 1000 }).catch(() => undefined),
  ]);
  const reads = await readFrames(cdp, frames, contexts, deadline);
  const covered: boolean[] = [];
  const summaries: ReadoutSummary[] = [];
  let main: ReadoutSummary | undefined;
  let found = 0;
  reads.forEach((read, i) => {
    covered.push(false);
    if (read.state === 'none' || read.state === 'no-context' || read.state === 'timeout' || read.state === 'detached') return;
    found++;
    const at = `summaries[${found - 1}]`;
    let summary: ReadoutSummary | undefined;
    if (read.state === 'threw') problems.note(`${at}: calling summary() threw`);
    else if (read.state === 'unserializable') problems.note(`${at} could not be read (${cut(read.error, 200)})`);
    else if (read.state === 'too-large') problems.note(`${at} was too large to read (${read.size} characters of JSON)`);
    else {
      let raw: unknown;
      try {
        raw = JSON.parse(read.json);
      } catch {
        problems.note(`${at} could not be read (not JSON)`);
      }
      summary = raw === undefined ? undefined : parseSummary(raw, at, problems, GROUP_KINDS);
    }
    // A registry whose read-out the page spoiled counts as covered: the warning says what went wrong.
    covered[i] = read.state !== 'too-large';
    if (summary) summaries.push(summary);
    if (i === 0) main = summary;
  });
  const meta = metaRead && !metaRead.exceptionDetails ? (metaRead.result.value as unknown) : undefined;
  const text = (key: string) => {
    const v = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' ? v : '';
  };
  return {
    summaries,
    main,
    found,
    userAgent: text('userAgent'),
    url: text('url') || (frames[0]?.url ?? ''),
    title: text('title'),
    problems,
    coverage: coverageOf(frames, total, reads, covered, outOfProcess),
  };
}

/**
 * The health line for read-outs that could not be read in full (one threw, was too large or malformed): what was
 * left out may have been the leak, so a report without leaks must not call the page clean.
 */
export function readoutImpairment(problems: ReadoutProblems): string | undefined {
  if (problems.count === 0) return undefined;
  return cut(
    `part of the page's read-out could not be read, so counts may be missing (${problems.count} problem${problems.count === 1 ? '' : 's'})`,
    LIMITS.maxText,
  );
}

/** `work`, or a CollectError saying that `what` took longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new TimeLimit(ms, what).race(work);
}

/**
 * A time limit that can be extended while the work runs: `race(work)` is `work`, or a CollectError saying that
 * `what` took longer than the limit (as extended by then).
 *
 * @example
 * const limit = new TimeLimit(20_000, 'taking a snapshot');
 * const snapshot = limit.race(work);
 * limit.extend(5_000); // the page turned out to have many frames
 */
export class TimeLimit {
  /** When the limit runs out (ms since the epoch). */
  at: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reject: (error: CollectError) => void = () => undefined;
  private readonly timeout: Promise<never>;

  constructor(
    private ms: number,
    private readonly what: string,
  ) {
    this.at = Date.now() + ms;
    this.timeout = new Promise<never>((_, reject) => (this.reject = reject));
    this.timeout.catch(() => undefined);
    this.arm();
  }

  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.timeout]).finally(() => clearTimeout(this.timer));
  }

  extend(ms: number): void {
    if (ms <= 0) return;
    this.ms += ms;
    this.at += ms;
    this.arm();
  }

  private arm() {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.reject(new CollectError(`${this.what} did not finish within ${this.ms} ms: the page may be busy (a long task or an endless loop)`)),
      Math.max(0, this.at - Date.now()),
    );
  }
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
  const limit = new TimeLimit(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'taking a snapshot');
  return limit.race(connection.oneAtATime(() => collectWatched(connection, opts, limit)));
}

/** The time a snapshot gets beyond its limit for a page of `frames` frames (see {@link CollectOptions.timeoutMs}). */
export const extraTimeFor = (frames: number): number => Math.min(MAX_FRAME_ALLOWANCE_MS, Math.max(0, frames - MANY_FRAMES) * FRAME_ALLOWANCE_MS);

/** What happened to the page while a snapshot was taken, each in one line that says what to do. */
export const NAVIGATED = 'the page navigated while the snapshot was taken; take it again once the page has loaded';
export const CRASHED = "the page's renderer crashed while the snapshot was taken; reload the page and take the snapshot again";
export const DETACHED =
  'the page closed, or the debugger was detached from it, while the snapshot was taken; open the page again (or re-attach) and take the snapshot again';

/** Errors of a connection that is gone (a Playwright session whose page closed, a detached `chrome.debugger`). */
const GONE = /has been closed|session closed|target closed|not attached|detached|no tab with|tab .* is gone/i;

/**
 * The top frame's document (its frame id and loader id change when the page navigates to another document), and
 * how many frames the page has.
 */
async function topDocument(cdp: Cdp): Promise<{ id: string; frames: number }> {
  const { frameTree: root } = await cdp.send('Page.getFrameTree');
  let frames = 0;
  const count = (tree: typeof root) => {
    frames++;
    for (const child of tree.childFrames ?? []) count(child);
  };
  count(root);
  return { id: `${root.frame.id} ${root.frame.loaderId}`, frames };
}

/**
 * The snapshot, with what can go wrong while it is taken told apart: a renderer that crashed (it answers nothing
 * more: `Inspector.targetCrashed` says so), a connection that went away, a navigation to another document (the
 * top frame's loader changed between the start and the end), each as its own one-line CollectError. A CDP error
 * of any other kind is wrapped in a line that says which step failed.
 */
async function collectWatched(connection: Connection, opts: CollectOptions, limit: TimeLimit): Promise<Snapshot> {
  const { cdp } = connection;
  let crashed = false;
  let detached = false;
  let fail: (error: CollectError) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const stops = [
    cdp.on('Inspector.targetCrashed', () => {
      crashed = true;
      fail(new CollectError(CRASHED));
    }),
    cdp.on('Inspector.detached', () => {
      detached = true;
      fail(new CollectError(DETACHED));
    }),
  ];
  let before: string | undefined;
  try {
    const work = (async () => {
      // For Inspector.targetCrashed (the extension's panel enables it too; enabling twice is harmless).
      await cdp.send('Inspector.enable').catch(() => undefined);
      const top = await topDocument(cdp);
      before = top.id;
      const extra = extraTimeFor(top.frames);
      limit.extend(extra);
      if (extra > 0) opts.onExtraTime?.(extra);
      const snapshot = await collectNow(connection, opts, limit.at, top.frames);
      if ((await topDocument(cdp)).id !== before) throw new CollectError(NAVIGATED);
      return snapshot;
    })();
    return await Promise.race([work, failed]);
  } catch (error) {
    if (crashed) throw new CollectError(CRASHED);
    if (detached) throw new CollectError(DETACHED);
    const text = error instanceof Error ? error.message : String(error);
    if (error instanceof CollectError && (text === NAVIGATED || text === CRASHED || text === DETACHED)) throw error;
    if (GONE.test(text)) throw new CollectError(DETACHED);
    // Any other failure may be the navigation's doing (a context or node gone mid-read): ask, briefly.
    const now = before === undefined ? undefined : (await withTimeout(topDocument(cdp), 2000, 'reading the frame tree').catch(() => undefined))?.id;
    if (now !== undefined && now !== before) throw new CollectError(NAVIGATED);
    if (error instanceof CollectError && !/^[A-Z][a-zA-Z]+\.[a-zA-Z]+: /.test(text)) throw error;
    throw new CollectError(
      `taking the snapshot failed, Chrome said: ${cut(text.split('\n')[0] ?? '', 300)}; take it again, and reload the page if it keeps failing`,
    );
  } finally {
    for (const stop of stops) stop();
  }
}

/** Time kept, after the frames' registries are read, for the rest of a snapshot (documents, detached DOM). */
const AFTER_READS_SHARE = 0.3;

/**
 * Frames above which the extension runs one collection before the reads instead of two (each costs seconds), and
 * a snapshot gets more time: {@link FRAME_ALLOWANCE_MS} per further frame, up to {@link MAX_FRAME_ALLOWANCE_MS}
 * (measured here: 300 same-origin frames take about 10 s, of which two full collections take 8 s; 990 frames take
 * 28-38 s on a loaded machine, each full collection 7-15 s).
 */
export const MANY_FRAMES = 50;
export const FRAME_ALLOWANCE_MS = 50;
export const MAX_FRAME_ALLOWANCE_MS = 120_000;

async function collectNow(connection: Connection, opts: CollectOptions, deadline: number, frames: number): Promise<Snapshot> {
  const { cdp } = connection;
  const timeoutMs = (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) + extraTimeFor(frames);
  // Collections before the reads, each followed by a turn of the page's event loop, in which finalizers run (the
  // registries untrack what was collected: their WeakRefs of it are empty) and the browser lets go of what hung
  // on the collected objects (an image's SVG document, for one), for the next collection to take.
  // HeapProfiler.collectGarbage collects in a task of its own, with no page frames on the stack; the extension's
  // collection runs within a command (./gc.ts), where a collector may take stale stack words for references
  // (V8's own note on heap snapshots): a fixed demo's removed view was once listed alive in a panel snapshot with
  // one such collection, so the extension runs two. A full collection of a page with many frames takes seconds
  // (300 same-origin frames: about 5 s here), and the detached-DOM read below runs one more: with more than
  // MANY_FRAMES frames the extension runs one before the reads, through the command that is cheap with many
  // frames (./gc.ts), so that the snapshot stays within its time.
  const many = frames > MANY_FRAMES;
  await collectGarbage(connection, cdp.transport === 'playwright' || many ? 1 : 2, true, many);
  const page = await readPage(cdp, deadline - timeoutMs * AFTER_READS_SHARE);
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
  const impaired = new Set<string>();
  for (const s of page.summaries) for (const reason of s.health.impaired) impaired.add(cut(reason, LIMITS.maxText));
  const unread = readoutImpairment(page.problems);
  if (unread) impaired.add(unread);
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
      ...(impaired.size > 0 ? { impaired: [...impaired].slice(0, LIMITS.maxWarnings) } : {}),
      warnings,
      coverage: page.coverage,
      // Only when a table overflowed: what they say is in the notes of every report.
      ...(droppedStacks > 0 ? { droppedStacks } : {}),
      ...(droppedGroups > 0 ? { droppedGroups } : {}),
    },
  };
  // What we produce must be what every reader accepts.
  return validateSnapshot(snapshot, 'collector');
}
