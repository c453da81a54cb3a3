/**
 * The one interface the collector talks CDP through. Two implementations: a Playwright CDPSession in Node
 * (./playwright-cdp.ts) and `chrome.debugger` in the extension. Method, parameter, result and event types come from
 * the protocol definition, so a typo in a method name is a compile error. A transport holds no state of the
 * collector's: that is the connection's (./connection.ts), built once over it.
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

/**
 * Runs `read` with the DOM agent enabled, then disables it: that unbinds every node it listed, which would
 * otherwise stay alive (PLATFORM.md's trap). Call it inside a turn of the connection (`Connection.oneAtATime`).
 */
export async function withDomAgent<T>(cdp: Cdp, read: () => Promise<T>): Promise<T> {
  await cdp.send('DOM.enable', {});
  try {
    return await read();
  } finally {
    await cdp.send('DOM.disable').catch(() => undefined);
  }
}
