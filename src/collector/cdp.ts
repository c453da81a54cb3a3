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
