/**
 * Open connections: WebSocket, EventSource and BroadcastChannel, from construction until they are closed.
 *
 * The browser keeps an open connection alive by itself (a socket with nothing referencing it still receives
 * messages), so a connection the page forgets is never collected: it leaks until closed. Each one is tracked
 * from `new` until the browser says it is CLOSED, whoever closed it (WebSocket: its `close` or `error` event;
 * EventSource: `close()`, or the `error` event the browser fires when it gives up; BroadcastChannel: `close()`),
 * or until it is garbage-collected, which only happens once the browser no longer keeps it alive. One that is
 * CLOSED from the start (a WebSocket that CSP blocks fires only `error`, no `close`) is never tracked, and every
 * read-out checks `readyState` again (`alive`), so a socket that closed without an event we saw is not counted.
 * Our listeners leave with the connection: a page that keeps its closed sockets keeps no listener of ours.
 *
 * The constructors are replaced by Proxies of the originals, so prototype, statics (`WebSocket.OPEN`),
 * `instanceof`, `new.target` and subclassing (`class X extends WebSocket`) are the originals' own, and errors
 * for bad arguments are the native ones.
 */
import type { InstrumentContext } from './context.ts';
import { append, apply, deref, getOwnPropertyDescriptor, now, round, SafeWeakMap, sliceOf, toStringValue, WeakRefCtor } from './intrinsics.ts';
import type { Resource } from './registry.ts';

/** Longest URL or channel name kept in a sample description. */
const MAX_DESCRIPTION = 2048;
/** Longest group target (URL without query, or channel name). */
const MAX_TARGET = 500;

const WEBSOCKET_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;
const WEBSOCKET_CLOSED = 3;
const EVENTSOURCE_STATES = ['CONNECTING', 'OPEN', 'CLOSED'] as const;
const EVENTSOURCE_CLOSED = 2;

type Getter = (this: unknown) => unknown;

/** `text` cut to `max` characters, with an ellipsis when cut. */
export const cap = (text: string, max: number): string => (text.length > max ? `${sliceOf(text, 0, max)}…` : text);

/**
 * A URL without its query and fragment. Indexes the string instead of calling `indexOf`/`search`, which the
 * page may have replaced.
 *
 * @example
 * urlWithoutQuery('wss://api.test/live?token=1#x'); // 'wss://api.test/live'
 */
export function urlWithoutQuery(url: string): string {
  for (let i = 0; i < url.length; i++) {
    const c = url[i];
    if (c === '?' || c === '#') return sliceOf(url, 0, i);
  }
  return url;
}

/** The native getter of `proto[name]`, taken at install time so that page overrides never run for us. */
export function nativeGetter(proto: object | undefined, name: string): Getter | undefined {
  if (!proto) return undefined;
  const get = getOwnPropertyDescriptor(proto, name)?.get;
  return typeof get === 'function' ? (get as Getter) : undefined;
}

export function trackConnections(ctx: InstrumentContext): void {
  const { realm, registry, stacks, epochs, health } = ctx;
  const { addEventListener, removeEventListener } = ctx.natives;

  /** "850 ms", "12.5 s", "4 min". */
  const age = (since: number) => {
    const ms = now() - since;
    if (ms < 1000) return `${round(ms)} ms`;
    if (ms < 120_000) return `${round(ms / 100) / 10} s`;
    return `${round(ms / 60_000)} min`;
  };
  /** The URL without query and fragment: one group for `wss://x/live?token=1` and `?token=2`. */
  const withoutQuery = (url: string) => cap(urlWithoutQuery(url), MAX_TARGET);

  trackWebSockets();
  trackEventSources();
  trackBroadcastChannels();

  function trackWebSockets() {
    const proto = realm.WebSocket?.prototype;
    const urlOf = nativeGetter(proto, 'url');
    const stateOf = nativeGetter(proto, 'readyState');
    if (!proto || !urlOf || !stateOf) return;
    interface Entry {
      resource: Resource;
      sent: number;
      received: number;
    }
    /** Socket -> its entry; keys only, so a socket the browser lets go is collected. */
    const sockets = new SafeWeakMap<WebSocket, Entry>();

    // One listener function for every socket: it reads the socket from `this`, so it holds none. On `close`, and
    // on `error` (after which the browser may fire no `close`).
    const onClose = function (this: WebSocket) {
      try {
        // A page can dispatch a synthetic `close`; only the real one leaves the socket CLOSED.
        const entry = sockets.get(this);
        if (entry && apply(stateOf, this, []) === WEBSOCKET_CLOSED) {
          registry.untrack(entry.resource);
          apply(removeEventListener, this, ['close', onClose]);
          apply(removeEventListener, this, ['error', onClose]);
          apply(removeEventListener, this, ['message', onMessage]);
        }
      } catch {
        health.errors++;
      }
    };
    const onMessage = function (this: WebSocket) {
      const entry = sockets.get(this);
      if (entry) entry.received++;
    };

    const wrapped = ctx.patcher.construct<WebSocket>('WebSocket', (socket) => {
      // Blocked by CSP (or closed at once): the browser already closed it and fires only `error`.
      if (apply(stateOf, socket, []) === WEBSOCKET_CLOSED) return;
      const url = toStringValue(apply(urlOf, socket, []));
      const ref = new WeakRefCtor(socket);
      const created = now();
      const description = cap(url, MAX_DESCRIPTION);
      const entry: Entry = {
        sent: 0,
        received: 0,
        resource: {
          group: registry.group('websocket', 'WebSocket', withoutQuery(url), stacks.capture()),
          epoch: epochs.current(),
          describe: () => description,
          state: () => {
            const s = deref(ref);
            const name = s ? (WEBSOCKET_STATES[apply(stateOf, s, []) as number] ?? 'CLOSED') : 'CLOSED';
            return `${name} for ${age(created)}, ${entry.sent} sent, ${entry.received} received`;
          },
          alive: () => {
            const s = deref(ref);
            return s !== undefined && apply(stateOf, s, []) !== WEBSOCKET_CLOSED;
          },
        },
      };
      if (!registry.track(entry.resource, socket)) return;
      sockets.set(socket, entry);
      // Natives taken at install: our listeners are neither counted nor seen by the listener tracker. Added
      // before the page can add its own, so a page listener that stops propagation does not hide `close` from us.
      apply(addEventListener, socket, ['close', onClose]);
      apply(addEventListener, socket, ['error', onClose]);
      apply(addEventListener, socket, ['message', onMessage]);
    });
    if (!wrapped) return;
    append(health.patched, 'WebSocket');

    // Throws natively while CONNECTING or for a bad `this`; then nothing was sent and nothing is counted.
    ctx.patcher.after<WebSocket['send']>(proto, 'send', (self) => {
      const entry = sockets.get(self as WebSocket);
      if (entry) entry.sent++;
    });
    append(health.patched, 'WebSocket.prototype.send');
  }

  function trackEventSources() {
    const proto = realm.EventSource?.prototype;
    const urlOf = nativeGetter(proto, 'url');
    const stateOf = nativeGetter(proto, 'readyState');
    if (!proto || !urlOf || !stateOf) return;
    const sources = new SafeWeakMap<EventSource, Resource>();

    // The browser closes an EventSource for good (CLOSED, no reconnection) on a fatal error and then fires
    // `error`; a network error that it will retry fires `error` too but leaves it CONNECTING.
    const onError = function (this: EventSource) {
      try {
        const resource = sources.get(this);
        if (resource && apply(stateOf, this, []) === EVENTSOURCE_CLOSED) release(this, resource);
      } catch {
        health.errors++;
      }
    };
    const release = (source: EventSource, resource: Resource) => {
      registry.untrack(resource);
      apply(removeEventListener, source, ['error', onError]);
    };

    const wrapped = ctx.patcher.construct<EventSource>('EventSource', (source) => {
      if (apply(stateOf, source, []) === EVENTSOURCE_CLOSED) return;
      const url = toStringValue(apply(urlOf, source, []));
      const ref = new WeakRefCtor(source);
      const created = now();
      const description = cap(url, MAX_DESCRIPTION);
      const resource: Resource = {
        group: registry.group('websocket', 'EventSource', withoutQuery(url), stacks.capture()),
        epoch: epochs.current(),
        describe: () => description,
        state: () => {
          const s = deref(ref);
          const name = s ? (EVENTSOURCE_STATES[apply(stateOf, s, []) as number] ?? 'CLOSED') : 'CLOSED';
          return `${name} for ${age(created)}`;
        },
        // CONNECTING (retrying) is alive: only CLOSED is not.
        alive: () => {
          const s = deref(ref);
          return s !== undefined && apply(stateOf, s, []) !== EVENTSOURCE_CLOSED;
        },
      };
      if (!registry.track(resource, source)) return;
      sources.set(source, resource);
      apply(addEventListener, source, ['error', onError]);
    });
    if (!wrapped) return;
    append(health.patched, 'EventSource');

    // `close()` fires no event: it is the only way to see the page close one.
    ctx.patcher.after<EventSource['close']>(proto, 'close', (self) => {
      const resource = sources.get(self as EventSource);
      if (resource) release(self as EventSource, resource);
    });
    append(health.patched, 'EventSource.prototype.close');
  }

  function trackBroadcastChannels() {
    const proto = realm.BroadcastChannel?.prototype;
    const nameOf = nativeGetter(proto, 'name');
    if (!proto || !nameOf) return;
    const channels = new SafeWeakMap<BroadcastChannel, Resource>();

    const wrapped = ctx.patcher.construct<BroadcastChannel>('BroadcastChannel', (channel) => {
      const name = toStringValue(apply(nameOf, channel, []));
      const created = now();
      const description = cap(name, MAX_DESCRIPTION);
      const resource: Resource = {
        group: registry.group('websocket', 'BroadcastChannel', cap(name, MAX_TARGET), stacks.capture()),
        epoch: epochs.current(),
        describe: () => description,
        state: () => `open for ${age(created)}`,
      };
      // No listener of ours on a channel: one would keep it alive (a channel with `message` listeners is).
      // A channel without listeners that the page drops is collected, and leaves the registry then.
      if (!registry.track(resource, channel)) return;
      channels.set(channel, resource);
    });
    if (!wrapped) return;
    append(health.patched, 'BroadcastChannel');

    ctx.patcher.after<BroadcastChannel['close']>(proto, 'close', (self) => {
      const resource = channels.get(self as BroadcastChannel);
      if (resource) registry.untrack(resource);
    });
    append(health.patched, 'BroadcastChannel.prototype.close');
  }
}
