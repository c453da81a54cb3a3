/**
 * A Wall over an extension runtime port (content <-> background, panel <-> background).
 * Kept apart from bridge.ts so the MAIN-world bundle, which has no extension APIs, never imports it.
 */
import type { Runtime } from 'webextension-polyfill';
import type { Wall } from './bridge.ts';

export function portWall(port: Runtime.Port): Wall {
  return {
    listen(fn) {
      const listener = (message: unknown) => fn(message);
      port.onMessage.addListener(listener);
      return () => port.onMessage.removeListener(listener);
    },
    send(message) {
      port.postMessage(message);
    },
  };
}

/**
 * One-off runtime messages to one tab (background side) / from the extension (content side). Messages from
 * anything but this extension are ignored before they reach the bridge.
 */
export function tabMessageWall(tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> }, tabId: number): Wall {
  return {
    listen: () => () => undefined,
    send(message) {
      // The tab may have no relay (chrome:// pages, a page still loading): nothing to resend then.
      tabs.sendMessage(tabId, message).catch(() => undefined);
    },
  };
}

export function runtimeMessageWall(runtime: Runtime.Static): Wall {
  return {
    listen(fn) {
      const listener = (message: unknown, sender: Runtime.MessageSender) => {
        if (sender.id === runtime.id) fn(message);
      };
      runtime.onMessage.addListener(listener);
      return () => runtime.onMessage.removeListener(listener);
    },
    send() {
      throw new Error('runtimeMessageWall only listens');
    },
  };
}
