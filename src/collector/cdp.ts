/**
 * The one interface the collector talks CDP through. Two implementations: a Playwright CDPSession in Node
 * (./playwright-cdp.ts) and `chrome.debugger` in the extension. Method, parameter, result and event types come from
 * the protocol definition, so a typo in a method name is a compile error.
 */
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';

export type CdpCommands = ProtocolMapping.Commands;
export type CdpEvents = ProtocolMapping.Events;

export interface Cdp {
  send<M extends keyof CdpCommands>(method: M, ...params: CdpCommands[M]['paramsType']): Promise<CdpCommands[M]['returnType']>;
  /** Subscribes to a protocol event; returns the disposer. */
  on<E extends keyof CdpEvents>(event: E, fn: (...args: CdpEvents[E]) => void): () => void;
  /**
   * What this transport may do. Extensions get no `HeapProfiler.*`, `Memory.*` or `Profiler.*` (PLATFORM.md), so
   * garbage collection is forced differently there.
   */
  readonly transport: 'playwright' | 'extension';
}

const turns = new WeakMap<Cdp, Promise<unknown>>();
/**
 * The longest a turn waits for the one before it. A command to a renderer that crashed is never answered; the
 * work after it must not wait forever (the page may have been reloaded since, and answers again).
 */
export const MAX_TURN_WAIT_MS = 10_000;

function settledOrAfter(previous: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    previous.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs `work` on `cdp` after the work queued before it has ended (or {@link MAX_TURN_WAIT_MS} at most), one at a
 * time per connection. Snapshots and samples both go through here. A sample that timed out goes on in the
 * background; without the queue its
 * `DOM.getDetachedDomNodes` could run between a snapshot's garbage collection and its own read, binding nodes
 * that were garbage (so they survive and are listed as alive), or after the snapshot's `DOM.disable`, where
 * nothing resets the agent (a read on a disabled agent binds the nodes too, measured).
 */
export function oneAtATime<T>(cdp: Cdp, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(cdp);
  const turn = (previous ? settledOrAfter(previous, MAX_TURN_WAIT_MS) : Promise.resolve()).then(work);
  turns.set(cdp, turn);
  const clear = () => {
    if (turns.get(cdp) === turn) turns.delete(cdp);
  };
  turn.then(clear, clear);
  return turn;
}

/**
 * Runs `read` with the DOM agent enabled, then disables it: that unbinds every node it listed, which would
 * otherwise stay alive (PLATFORM.md's trap). Call it inside {@link oneAtATime}.
 */
export async function withDomAgent<T>(cdp: Cdp, read: () => Promise<T>): Promise<T> {
  await cdp.send('DOM.enable', {});
  try {
    return await read();
  } finally {
    await cdp.send('DOM.disable').catch(() => undefined);
  }
}
