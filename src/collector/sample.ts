/**
 * The light, counters-only record the panel graphs once a second: Chrome's counters, the JS heap, the page
 * registries' live counts (cheap `stats()`, not `summary()`) and how many detached DOM nodes are alive right now.
 * No garbage collection is forced, so garbage not yet collected is counted too: a sample is for watching trends,
 * a snapshot (./collect.ts) for verdicts.
 */
import type { Counters } from '../core/index.ts';
import { pageStats, type PageStats } from '../shared/protocol.ts';
import { withDomAgent, type Cdp } from './cdp.ts';
import type { Connection } from './connection.ts';
import { withTimeout } from './collect.ts';
import { readCounters } from './counters.ts';
import { readRegistriesSource, registryResults } from './registries.ts';

export interface LiveSample {
  /** When the sample was taken (ms since the epoch, the panel's clock). */
  time: number;
  /** How long taking it took, in ms. */
  durationMs: number;
  counters: Counters;
  /**
   * The page registries' counters summed over the page and its same-origin frames; `epoch` and `url` are the top
   * frame's. Undefined when Leakscope is not installed in the page.
   */
  registry: (PageStats & { frames: number }) | undefined;
  /** Detached DOM nodes alive (not yet collected included); undefined when not read. */
  detachedNodes: number | undefined;
  /** How long counting them took, in ms (0 when not read). */
  detachedMs: number;
}

export interface SampleOptions {
  /** Give up after this long, in ms (a busy page does not answer). Default 900: the next sample is due. */
  timeoutMs?: number;
  /** Also count detached DOM nodes (a walk of the DOM agent; default true). */
  detached?: boolean;
}

const READ_STATS = readRegistriesSource('stats');

const ELEMENT_NODE = 1;

/** Sums what the page's registries report; whatever does not validate (the page can forge it) is left out. */
export function sumStats(raw: unknown): LiveSample['registry'] {
  const list = (Array.isArray(raw) ? raw : [])
    .slice(0, 1000)
    .map((s) => pageStats(s))
    .filter((s): s is PageStats => s !== undefined);
  const top = list[0];
  if (!top) return undefined;
  const sum = (
    field: 'listeners' | 'connections' | 'workers' | 'channels' | 'images' | 'imageBytes' | 'objectUrls' | 'observers' | 'timers' | 'errors',
  ) => list.reduce((n, s) => n + s[field], 0);
  return {
    listeners: sum('listeners'),
    connections: sum('connections'),
    workers: sum('workers'),
    channels: sum('channels'),
    images: sum('images'),
    imageBytes: sum('imageBytes'),
    objectUrls: sum('objectUrls'),
    observers: sum('observers'),
    timers: sum('timers'),
    errors: sum('errors'),
    epoch: top.epoch,
    url: top.url,
    frames: list.length,
  };
}

async function countDetached(cdp: Cdp): Promise<number> {
  return withDomAgent(cdp, async () => {
    const { detachedNodes } = await cdp.send('DOM.getDetachedDomNodes');
    let n = 0;
    for (const info of detachedNodes) if (info.treeNode.nodeType === ELEMENT_NODE) n += Math.max(1, info.retainedNodeIds.length);
    return n;
  });
}

/** The registries' counters; undefined when the page's read-outs cannot even be returned (a forged one). */
async function readStats(cdp: Cdp): Promise<LiveSample['registry']> {
  let read;
  try {
    read = await cdp.send('Runtime.evaluate', { expression: READ_STATS, returnByValue: true });
  } catch {
    // "Object couldn't be returned by value": a read-out the page replaced answers with a Proxy, a cycle or a
    // throwing getter. A dead connection fails the counters and the detached-node count as well.
    return undefined;
  }
  return read.exceptionDetails ? undefined : sumStats(registryResults(read.result.value).results);
}

async function sampleNow(connection: Connection, opts: SampleOptions): Promise<LiveSample> {
  const { cdp } = connection;
  const started = Date.now();
  const counters = await readCounters(connection);
  const registry = await readStats(cdp);
  const countStarted = Date.now();
  const detachedNodes = opts.detached === false ? undefined : await countDetached(cdp);
  const detachedMs = opts.detached === false ? 0 : Date.now() - countStarted;
  return { time: started, durationMs: Date.now() - started, counters, registry, detachedNodes, detachedMs };
}

/**
 * Takes a sample; bounded in time.
 *
 * @example
 * const s = await sample(new Connection(debuggerCdp(chrome.debugger, tabId)));
 * console.log(s.registry?.listeners, s.counters.jsHeapUsedSize);
 */
export function sample(connection: Connection, opts: SampleOptions = {}): Promise<LiveSample> {
  return withTimeout(
    connection.oneAtATime(() => sampleNow(connection, opts)),
    opts.timeoutMs ?? 900,
    'reading the counters',
  );
}
