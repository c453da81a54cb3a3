/**
 * The page side of the private channel to the relay (ISOLATED world).
 *
 * The relay starts it: at document_start it posts one `window` message carrying a MessagePort. We listen for it
 * in the capture phase before any page script exists and stop it there, so the page never sees it; the first
 * such message wins and any later one (a forgery) is ignored. Without a relay (Playwright's init-script mode)
 * no message is ever posted.
 */
import type { Wall } from '../../shared/bridge.ts';
import { PAGE_HANDSHAKE_TAG } from '../../shared/protocol.ts';
import { apply, getOwnPropertyDescriptor } from './intrinsics.ts';
import type { Natives } from './natives.ts';

export interface RelayWall extends Wall {
  /** Called once when the relay connects (send the current state then). */
  onConnect(fn: () => void): void;
}

export function openRelayWall(realm: typeof globalThis, natives: Natives): RelayWall {
  // More natives, taken before any page script can replace them.
  const nativePost = realm.MessagePort.prototype.postMessage;
  const stopImmediate = realm.Event.prototype.stopImmediatePropagation;
  const getData = getOwnPropertyDescriptor(realm.MessageEvent.prototype, 'data')?.get;
  const getPorts = getOwnPropertyDescriptor(realm.MessageEvent.prototype, 'ports')?.get;
  const getSource = getOwnPropertyDescriptor(realm.MessageEvent.prototype, 'source')?.get;
  // Called through the Reflect.apply taken at install: the page may replace Function.prototype.call before a message comes.
  let port: MessagePort | undefined;
  let connected: (() => void) | undefined;

  const onMessage = (event: Event) => {
    try {
      if (port || !getData || !getPorts || !getSource) return;
      const data: unknown = apply(getData, event, []);
      if (typeof data !== 'object' || data === null || (data as { tag?: unknown }).tag !== PAGE_HANDSHAKE_TAG) return;
      if (apply(getSource, event, []) !== realm) return;
      apply(stopImmediate, event, []);
      const ports = apply(getPorts, event, []) as readonly MessagePort[];
      if (ports.length !== 1) return;
      port = ports[0];
      apply(natives.removeEventListener, realm, ['message', onMessage, true]);
      connected?.();
    } catch {
      // Never let our handshake disturb the page's own message handling.
    }
  };
  apply(natives.addEventListener, realm, ['message', onMessage, true]);

  return {
    // The page side only talks; the relay never sends anything back.
    listen: () => () => undefined,
    /** A no-op until (and unless) the relay has connected. */
    send(message) {
      if (!port) return;
      try {
        apply(nativePost, port, [message]);
      } catch {
        // A payload that cannot be cloned is our bug, not the page's problem; the relay just misses one update.
      }
    },
    onConnect(fn) {
      connected = fn;
    },
  };
}
