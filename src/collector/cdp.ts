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
 * Runs `work` on `cdp` after the work queued before it has ended, one at a time per connection. Snapshots and
 * samples both go through here. A sample that timed out goes on in the background; without the queue its
 * `DOM.getDetachedDomNodes` could run between a snapshot's garbage collection and its own read, binding nodes
 * that were garbage (so they survive and are listed as alive), or after the snapshot's `DOM.disable`, where
 * nothing resets the agent (a read on a disabled agent binds the nodes too, measured).
 */
export function oneAtATime<T>(cdp: Cdp, work: () => Promise<T>): Promise<T> {
  const turn = (turns.get(cdp) ?? Promise.resolve()).catch(() => undefined).then(work);
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
