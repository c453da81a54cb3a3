/** The real `chrome.debugger` and tab lookup, shaped for {@link DebuggerSession}. */
import type { Browser } from 'webextension-polyfill';
import type { DebuggerHost, DebuggerSessionOptions } from './debugger-session.ts';

export function chromeDebuggerHost(): DebuggerHost {
  const api = chrome.debugger;
  return {
    attach: (target, version) => api.attach(target, version),
    detach: (target) => api.detach(target),
    sendCommand: (target, method, params) => api.sendCommand(target, method, params),
    onEvent: api.onEvent,
    onDetach: api.onDetach,
  };
}

export function tabLookup(browser: Browser): DebuggerSessionOptions['tabExists'] {
  return async (tabId) => {
    try {
      await browser.tabs.get(tabId);
      return true;
    } catch {
      return false;
    }
  };
}
