/**
 * The collector's Cdp over `chrome.debugger` (the extension side), for one tab. The caller attaches and detaches;
 * this only speaks the protocol and tells, in one line, why a command could not run.
 */
import type { Cdp } from './cdp.ts';
import { CollectError } from './collect.ts';

/** The part of `chrome.debugger` used here (an interface, so the model can be tested with a fake). */
export interface DebuggerApi {
  sendCommand(target: { tabId: number }, method: string, params?: object): Promise<unknown>;
  onEvent: {
    addListener(fn: (source: { tabId?: number }, method: string, params?: object) => void): void;
    removeListener(fn: (source: { tabId?: number }, method: string, params?: object) => void): void;
  };
}

/** What Chrome's error text means for the user, in one line. */
export function debuggerErrorMessage(tabId: number, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/not attached/i.test(text)) return `The debugger is not attached to tab ${tabId} (it was detached, or the tab closed): re-attach to continue.`;
  if (/no tab with/i.test(text)) return `Tab ${tabId} is gone: it was closed.`;
  if (/cannot access|cannot attach/i.test(text)) return `Leakscope cannot inspect tab ${tabId}: ${text.split('\n')[0]}`;
  return text.split('\n')[0]!.slice(0, 500);
}

/**
 * @example
 * await chrome.debugger.attach({ tabId }, '1.3');
 * const snapshot = await collect(new Connection(debuggerCdp(chrome.debugger, tabId)));
 */
export function debuggerCdp(api: DebuggerApi, tabId: number): Cdp {
  const target = { tabId };
  return {
    transport: 'extension',
    async send(method, ...params) {
      try {
        return (await api.sendCommand(target, method, params[0])) as never;
      } catch (error) {
        throw new CollectError(`${method}: ${debuggerErrorMessage(tabId, error)}`);
      }
    },
    on(event, fn) {
      const listener = (source: { tabId?: number }, method: string, params?: object) => {
        if (source.tabId === tabId && method === event) (fn as (p: unknown) => void)(params);
      };
      api.onEvent.addListener(listener);
      return () => api.onEvent.removeListener(listener);
    },
  };
}
