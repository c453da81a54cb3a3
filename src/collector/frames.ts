/**
 * The page's frames as Chrome lists them, and each frame's registry read in that frame's own execution context.
 *
 * Nothing here trusts the page's objects for the walk: the frames come from `Page.getFrameTree`, their contexts
 * from `Runtime.executionContextCreated` (reported for every existing context when the Runtime agent is enabled),
 * and each read is one `Runtime.evaluate` with that context's id, a time limit of its own (V8 terminates a
 * read-out that runs too long) and a size limit (the read-out comes back as JSON text, cut off above a bound). Both
 * transports allow all of it (measured over `chrome.debugger` and a Playwright CDP session, Chromium 156).
 *
 * Frames whose registry cannot be read are listed with the reason, never left out silently: cross-origin frames
 * in another process (not reachable from the page's target), sandboxed and data: frames without instrumentation,
 * frames that did not answer within their time, frames gone while the snapshot was taken.
 */
import type { Protocol } from 'devtools-protocol';
import { cut, LIMITS, type Coverage, type NotCoveredReason } from '../core/index.ts';
import type { Cdp } from './cdp.ts';
import { frameSummaryRead, readFrameSummarySource, type FrameSummaryRead } from './registries.ts';

/** Chrome creates at most 1,000 frames per page (PLATFORM.md). */
export const MAX_FRAMES = 1000;
/** Largest read-out of one frame, in UTF-16 code units of JSON. */
export const MAX_SUMMARY_CHARS = 8 * 1024 * 1024;
/** Largest read-out of all frames together. */
export const MAX_TOTAL_CHARS = 64 * 1024 * 1024;
/** Frames read at once (CDP pipelines the commands; the renderer answers them in order). */
const BATCH = 50;
/** The time one frame's read-out may run, in ms, at most and at least. */
const MAX_FRAME_MS = 2000;
const MIN_FRAME_MS = 100;
/** Frames listed as not covered, at most (the schema's bound). */
const MAX_LISTED = LIMITS.maxWarnings * 10;

export interface FrameInfo {
  id: string;
  url: string;
  /** The frame's security origin as Chrome reports it ("null" or "://" for an opaque one). */
  origin: string;
  loaderId: string;
  depth: number;
}

/**
 * Frames in a process of their own (cross-site frames, and sandboxed ones where Chrome isolates them) are not in
 * the top target's frame tree: they are targets of their own, found by attaching to them automatically. The
 * sessions are detached again at once; their registries are not read (listed as not covered).
 */
async function outOfProcessFrames(cdp: Cdp): Promise<{ url: string; sessionId: string }[]> {
  const found: { url: string; sessionId: string }[] = [];
  const stop = cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'iframe') found.push({ url: targetInfo.url, sessionId });
  });
  try {
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
  } catch {
    return found; // not allowed here: those frames go unlisted, as the frame tree has them not
  } finally {
    stop();
  }
  await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: true }).catch(() => undefined);
  await Promise.all(found.map(({ sessionId }) => cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined)));
  return found;
}

/** The top frame and every frame in it, top first then breadth first; `total` counts those beyond the cap too. */
export async function frameTree(cdp: Cdp): Promise<{ frames: FrameInfo[]; total: number; outOfProcess: string[] }> {
  const [{ frameTree: root }, remote] = await Promise.all([cdp.send('Page.getFrameTree'), outOfProcessFrames(cdp)]);
  const frames: FrameInfo[] = [];
  let total = 0;
  const queue: [Protocol.Page.FrameTree, number][] = [[root, 0]];
  for (let i = 0; i < queue.length; i++) {
    const [node, depth] = queue[i]!;
    total++;
    if (frames.length < MAX_FRAMES) {
      const { frame } = node;
      frames.push({ id: frame.id, url: frame.url + (frame.urlFragment ?? ''), origin: frame.securityOrigin, loaderId: frame.loaderId, depth });
    }
    for (const child of node.childFrames ?? []) queue.push([child, depth + 1]);
  }
  return { frames, total, outOfProcess: remote.map((r) => r.url) };
}

interface FrameContext {
  id: number;
  uniqueId: string | undefined;
}

/**
 * The main-world execution context of each frame: enabling the Runtime agent reports every existing context
 * before its answer; the agent is disabled again right after (the ids stay valid for evaluations).
 */
export async function defaultContexts(cdp: Cdp): Promise<Map<string, FrameContext>> {
  const contexts = new Map<string, FrameContext>();
  const stop = cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = context.auxData as { frameId?: unknown; isDefault?: unknown } | undefined;
    if (aux && typeof aux.frameId === 'string' && aux.isDefault === true) contexts.set(aux.frameId, { id: context.id, uniqueId: context.uniqueId });
  });
  try {
    await cdp.send('Runtime.enable');
  } finally {
    stop();
  }
  await cdp.send('Runtime.disable').catch(() => undefined);
  return contexts;
}

export type FrameRead =
  | FrameSummaryRead
  /** The frame has no main-world context reachable from this target (another process, or it went away). */
  | { state: 'no-context' }
  | { state: 'timeout' }
  | { state: 'detached' };

/** Whether a failed evaluation says the context is gone (its frame navigated or was removed). */
const CONTEXT_GONE = /cannot find context|context was destroyed|execution context .*not found|inspected target navigated/i;
/** Whether it says V8 stopped the read-out at its time limit. */
const TERMINATED = /execution was terminated/i;

async function readOne(cdp: Cdp, context: FrameContext, expression: string, timeout: number): Promise<FrameRead> {
  try {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      timeout,
      ...(context.uniqueId !== undefined ? { uniqueContextId: context.uniqueId } : { contextId: context.id }),
    });
    if (exceptionDetails) {
      const text = `${exceptionDetails.text} ${exceptionDetails.exception?.description ?? ''}`;
      return TERMINATED.test(text) ? { state: 'timeout' } : { state: 'unserializable', error: cut(text, 200) };
    }
    return frameSummaryRead(result.value) ?? { state: 'unserializable', error: 'the read-out could not be returned' };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (TERMINATED.test(text)) return { state: 'timeout' };
    if (CONTEXT_GONE.test(text)) return { state: 'detached' };
    // "Object couldn't be returned by value" cannot happen (the read returns a plain object of strings); any other
    // failure is the connection's, for the caller to explain.
    throw error;
  }
}

/**
 * Reads the registry of every frame, in batches, until `deadline` (ms since the epoch): the frames not read by
 * then are `timeout`. Each read-out may run for a share of the time left, so one frame that never returns (a
 * read-out the page replaced with an endless loop) costs that share, not the snapshot.
 */
export async function readFrames(
  cdp: Cdp,
  frames: readonly FrameInfo[],
  contexts: Map<string, FrameContext>,
  deadline: number,
): Promise<FrameRead[]> {
  const reads: FrameRead[] = frames.map(() => ({ state: 'timeout' }));
  const expression = readFrameSummarySource(MAX_SUMMARY_CHARS);
  let chars = 0;
  for (let i = 0; i < frames.length; i += BATCH) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const timeout = Math.max(MIN_FRAME_MS, Math.min(MAX_FRAME_MS, Math.floor(left / 2)));
    const batch = frames.slice(i, i + BATCH).map((frame, j) => {
      const context = contexts.get(frame.id);
      if (!context) return Promise.resolve<[number, FrameRead]>([i + j, { state: 'no-context' }]);
      return readOne(cdp, context, expression, timeout).then((read): [number, FrameRead] => [i + j, read]);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), left)));
    const done = await Promise.race([Promise.all(batch), late]).finally(() => clearTimeout(timer));
    if (done === 'late') {
      // The renderer did not answer in time: what did answer before the deadline is kept.
      batch.forEach(
        (p) =>
          void p.then(
            () => undefined,
            () => undefined,
          ),
      );
      break;
    }
    for (const [index, read] of done) {
      if (read.state === 'ok') {
        chars += read.json.length;
        reads[index] = chars > MAX_TOTAL_CHARS ? { state: 'too-large', size: read.json.length } : read;
      } else {
        reads[index] = read;
      }
    }
  }
  return reads;
}

const opaque = (origin: string) => origin === 'null' || origin === '://' || origin === '';

/** Why a frame's registry is not in the snapshot, from what the read gave and what Chrome says of the frame. */
export function notCoveredReason(frame: FrameInfo, top: FrameInfo, read: FrameRead): NotCoveredReason {
  switch (read.state) {
    case 'timeout':
    case 'detached':
    case 'too-large':
      return read.state;
    case 'threw':
    case 'unserializable':
    case 'ok':
      return 'unreadable';
    case 'none':
    case 'no-context':
      if (/^data:/i.test(frame.url)) return 'data-url';
      if (opaque(frame.origin)) return 'sandboxed';
      if (read.state === 'no-context') return frame.origin !== top.origin ? 'cross-origin' : 'detached';
      return 'no-instrumentation';
  }
}

/** The coverage of a snapshot: frames listed by Chrome, those read, the others with their reason. */
export function coverageOf(
  frames: readonly FrameInfo[],
  total: number,
  reads: readonly FrameRead[],
  covered: readonly boolean[],
  outOfProcess: readonly string[] = [],
): Coverage {
  const top = frames[0];
  const notCovered: Coverage['notCovered'] = [];
  let n = 0;
  frames.forEach((frame, i) => {
    if (covered[i]) {
      n++;
      return;
    }
    if (top && notCovered.length < MAX_LISTED) {
      notCovered.push({ url: cut(frame.url, LIMITS.maxUrl), reason: notCoveredReason(frame, top, reads[i] ?? { state: 'timeout' }) });
    }
  });
  // A frame of another process whose URL has the top frame's origin is a sandboxed one Chrome isolated.
  const topOrigin = top ? originOf(top.url) : '';
  for (const url of outOfProcess) {
    if (notCovered.length >= MAX_LISTED) break;
    notCovered.push({
      url: cut(url, LIMITS.maxUrl),
      reason: /^data:/i.test(url) ? 'data-url' : originOf(url) === topOrigin ? 'sandboxed' : 'cross-origin',
    });
  }
  const beyond = total - frames.length;
  for (let i = 0; i < beyond && notCovered.length < MAX_LISTED; i++) notCovered.push({ url: '', reason: 'too-many' });
  return { frames: Math.min(total + outOfProcess.length, LIMITS.maxCount), covered: n, notCovered };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
