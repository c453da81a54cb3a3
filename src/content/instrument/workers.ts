/**
 * Workers the page started and has not ended (dedicated `Worker`s and `SharedWorker`s), and message channels it
 * listens on and has not closed.
 *
 * Chromium keeps a running dedicated worker alive by itself: a `Worker` object the page forgot is never collected
 * while its script runs, with or without listeners, so it leaks until `terminate()`. Each one is tracked from
 * `new Worker(url)` until:
 * - `terminate()`;
 * - the browser fires `error` as a plain Event (not an ErrorEvent): the script failed to load (a network error, a
 *   404, a module that does not parse) and the worker never runs. An ErrorEvent is an uncaught error inside a
 *   running worker, which goes on running, so it stays counted;
 * - it is garbage-collected. A worker that ended itself (`self.close()` in its script) fires nothing the page can
 *   see, but Chromium lets its object be collected then: it stops counting at the next garbage collection (every
 *   snapshot starts with one), unless the page still holds the object, in which case it counts until terminated.
 *
 * A SharedWorker lives as long as any page is connected to it, so what this page holds is its connection: it is
 * tracked from `new SharedWorker(url)` until its port is closed (`worker.port.close()`), the load fails (a plain
 * `error` Event, as above), or it is collected.
 *
 * No code of ours runs in the worker, and the page's callbacks are never wrapped: our one `error` listener per
 * worker is added through the natives taken at install (the listener tracker neither counts nor sees it) and
 * leaves with the worker. The constructors are Proxies of the originals (see patch.ts): prototype, `instanceof`,
 * `new.target`, subclassing and the native argument errors are the originals' own. Arguments are read without
 * calling into the page: a URL given as a string or a URL object names the group, anything else (a
 * TrustedScriptURL, an object with `toString`) is described by its kind only, and the options are not read.
 *
 * A `MessageChannel` counts once per channel (not per port), from the moment one of its ports is started in this
 * realm (`port.start()`, or setting `port.onmessage`; `addEventListener('message')` alone does not start a port, by
 * the spec, and is not counted) until either port is closed (`close()` on one end disentangles both), or until
 * both port objects are collected (Chromium collects a started port whose peer is unreachable too). Its creation
 * stack is the `new MessageChannel()` line. A port transferred elsewhere (to a worker or frame) is closed there
 * without this realm seeing it: the channel then counts until the port kept here is closed or collected.
 */
import { cap, nativeGetter, urlWithoutQuery } from './connections.ts';
import type { InstrumentContext } from './context.ts';
import { append, apply, deref, indexOf, isInstance, now, round, SafeWeakMap, startsWith, WeakRefCtor } from './intrinsics.ts';
import type { Resource } from './registry.ts';
import type { StackId } from './stacks.ts';

/** Longest script URL kept in a sample description. */
const MAX_DESCRIPTION = 2048;
/** Longest group target (the script URL without query). */
const MAX_TARGET = 500;

/** "850 ms", "12.5 s", "4 min" since `since`. */
export function ageSince(since: number): string {
  const ms = now() - since;
  if (ms < 1000) return `${round(ms)} ms`;
  if (ms < 120_000) return `${round(ms / 100) / 10} s`;
  return `${round(ms / 60_000)} min`;
}

/**
 * The group target of a worker's script URL: without query and fragment, and one target for every `blob:` or
 * `data:` URL (each visit of a view that builds its worker from a Blob makes a new `blob:` URL).
 *
 * @example
 * workerTarget('/workers/sum.js?v=3'); // '/workers/sum.js'
 * workerTarget('blob:https://app.test/4f0c…'); // 'blob: URL'
 */
export function workerTarget(url: string): string {
  if (startsWith(url, 'blob:')) return 'blob: URL';
  if (startsWith(url, 'data:')) return 'data: URL';
  return cap(urlWithoutQuery(url), MAX_TARGET);
}

export function trackWorkers(ctx: InstrumentContext): void {
  const { realm, registry, stacks, epochs, health } = ctx;
  const { addEventListener, removeEventListener } = ctx.natives;
  const hrefOf = nativeGetter(realm.URL?.prototype, 'href');
  const URLCtor = realm.URL;
  const ErrorEventCtor = realm.ErrorEvent;

  /** The script URL as the page gave it, read without running page code. */
  const scriptUrl = (arg: unknown): string => {
    if (typeof arg === 'string') return arg;
    if (URLCtor && hrefOf && typeof arg === 'object' && arg !== null && isInstance(arg, URLCtor)) return apply(hrefOf, arg, []) as string;
    return '(script URL object)';
  };

  /**
   * Whether `event` says the worker's script failed to load: a trusted `error` that is a plain Event. (An
   * ErrorEvent is an uncaught error in a running worker; a page can dispatch an untrusted one of its own.)
   */
  const failedToLoad = (event: unknown): boolean => {
    if (typeof event !== 'object' || event === null) return false;
    // `isTrusted` is an own, unforgeable property of each event: the page cannot redefine it.
    return (event as Event).isTrusted === true && !(ErrorEventCtor && isInstance(event, ErrorEventCtor));
  };

  const portProto = realm.MessagePort?.prototype;
  trackDedicated();
  const sharedPortClosed = trackShared();
  const channelPortClosed = trackChannels();
  if (portProto && (sharedPortClosed || channelPortClosed)) {
    // One wrapper of `close` for both: a SharedWorker's port and the ports of a channel.
    ctx.patcher.after<MessagePort['close']>(portProto, 'close', (self) => {
      sharedPortClosed?.(self as MessagePort);
      channelPortClosed?.(self as MessagePort);
    });
    append(health.patched, 'MessagePort.prototype.close');
  }

  function trackDedicated() {
    const proto = realm.Worker?.prototype;
    if (!proto) return;
    /** Worker -> its resource; keys only, so a worker the browser lets go is collected. */
    const workers = new SafeWeakMap<Worker, Resource>();

    const release = (worker: Worker, resource: Resource) => {
      registry.untrack(resource);
      workers.delete(worker);
      apply(removeEventListener, worker, ['error', onError]);
    };
    // One listener function for every worker: it reads the worker from `this`, so it holds none.
    const onError = function (this: Worker, event: Event) {
      try {
        const resource = workers.get(this);
        if (resource && failedToLoad(event)) release(this, resource);
      } catch {
        health.errors++;
      }
    };

    const wrapped = ctx.patcher.construct<Worker>('Worker', (worker, args) => {
      const url = scriptUrl(args[0]);
      const created = now();
      const description = cap(url, MAX_DESCRIPTION);
      const resource: Resource = {
        group: registry.group('worker', 'Worker', workerTarget(url), stacks.capture()),
        epoch: epochs.current(),
        describe: () => description,
        state: () => `running for ${ageSince(created)}`,
      };
      if (!registry.track(resource, worker)) return;
      workers.set(worker, resource);
      apply(addEventListener, worker, ['error', onError]);
    });
    if (!wrapped) return;
    append(health.patched, 'Worker');

    ctx.patcher.after<Worker['terminate']>(proto, 'terminate', (self) => {
      const resource = workers.get(self as Worker);
      if (resource) release(self as Worker, resource);
    });
    append(health.patched, 'Worker.prototype.terminate');
  }

  /** Tracks SharedWorkers; returns what to do when a port is closed. */
  function trackShared(): ((port: MessagePort) => void) | undefined {
    const proto = realm.SharedWorker?.prototype;
    const portOf = nativeGetter(proto, 'port');
    if (!proto || !portOf || !portProto) return undefined;
    interface Entry {
      readonly resource: Resource;
      readonly worker: WeakRef<SharedWorker>;
    }
    /** SharedWorker -> its entry, and its port -> the same entry; keys only. */
    const byWorker = new SafeWeakMap<SharedWorker, Entry>();
    const byPort = new SafeWeakMap<MessagePort, Entry>();

    const release = (entry: Entry, port: MessagePort | undefined) => {
      registry.untrack(entry.resource);
      const worker = deref(entry.worker);
      if (worker) {
        byWorker.delete(worker);
        apply(removeEventListener, worker, ['error', onError]);
      }
      if (port) byPort.delete(port);
    };
    const onError = function (this: SharedWorker, event: Event) {
      try {
        const entry = byWorker.get(this);
        if (entry && failedToLoad(event)) release(entry, apply(portOf, this, []) as MessagePort);
      } catch {
        health.errors++;
      }
    };

    const wrapped = ctx.patcher.construct<SharedWorker>('SharedWorker', (worker, args) => {
      const url = scriptUrl(args[0]);
      const created = now();
      const description = cap(url, MAX_DESCRIPTION);
      const entry: Entry = {
        worker: new WeakRefCtor(worker),
        resource: {
          group: registry.group('worker', 'SharedWorker', workerTarget(url), stacks.capture()),
          epoch: epochs.current(),
          describe: () => description,
          state: () => `connected for ${ageSince(created)}`,
        },
      };
      if (!registry.track(entry.resource, worker)) return;
      byWorker.set(worker, entry);
      byPort.set(apply(portOf, worker, []) as MessagePort, entry);
      apply(addEventListener, worker, ['error', onError]);
    });
    if (!wrapped) return undefined;
    append(health.patched, 'SharedWorker');
    return (port) => {
      const entry = byPort.get(port);
      if (entry) release(entry, port);
    };
  }

  /** Tracks MessageChannels; returns what to do when a port is closed. */
  function trackChannels(): ((port: MessagePort) => void) | undefined {
    const proto = realm.MessageChannel?.prototype;
    const port1Of = nativeGetter(proto, 'port1');
    const port2Of = nativeGetter(proto, 'port2');
    if (!proto || !port1Of || !port2Of || !portProto) return undefined;
    interface Channel {
      readonly stack: StackId;
      readonly epoch: number;
      readonly created: number;
      readonly ports: readonly [WeakRef<MessagePort>, WeakRef<MessagePort>];
      /** Which ports were started here: 'port1', 'port2' or both. */
      started: string;
      resource: Resource | undefined;
      closed: boolean;
    }
    /** Each port -> its channel and which end it is; keys only. */
    const channels = new SafeWeakMap<MessagePort, { channel: Channel; end: string }>();

    const started = (port: unknown, how: string) => {
      const found = channels.get(port as MessagePort);
      if (!found) return;
      const { channel, end } = found;
      if (channel.closed) return;
      if (indexOf(channel.started, end) < 0) channel.started = channel.started === '' ? end : `${channel.started}, ${end}`;
      if (channel.resource) return;
      const ref1 = channel.ports[0];
      const ref2 = channel.ports[1];
      const description = `MessageChannel, ${end} started (${how})`;
      const resource: Resource = {
        group: registry.group('message-port', 'MessageChannel', end, channel.stack),
        epoch: channel.epoch,
        describe: () => description,
        state: () => `open for ${ageSince(channel.created)}, started: ${channel.started}`,
        // Both port objects collected: nothing can use the channel any more.
        alive: () => deref(ref1) !== undefined || deref(ref2) !== undefined,
      };
      if (registry.track(resource)) channel.resource = resource;
    };

    const wrapped = ctx.patcher.construct<MessageChannel>('MessageChannel', (made) => {
      const port1 = apply(port1Of, made, []) as MessagePort;
      const port2 = apply(port2Of, made, []) as MessagePort;
      const channel: Channel = {
        stack: stacks.capture(),
        epoch: epochs.current(),
        created: now(),
        ports: [new WeakRefCtor(port1), new WeakRefCtor(port2)],
        started: '',
        resource: undefined,
        closed: false,
      };
      channels.set(port1, { channel, end: 'port1' });
      channels.set(port2, { channel, end: 'port2' });
    });
    if (!wrapped) return undefined;
    append(health.patched, 'MessageChannel');

    ctx.patcher.after<MessagePort['start']>(portProto, 'start', (self) => started(self, 'start()'));
    append(health.patched, 'MessagePort.prototype.start');
    // Setting a handler starts the port (setting null does not stop it).
    if (ctx.patcher.afterSet(portProto, 'onmessage', (self, value) => (typeof value === 'function' ? started(self, 'onmessage') : undefined)))
      append(health.patched, 'MessagePort.prototype.onmessage');

    return (port) => {
      const found = channels.get(port);
      if (!found || found.channel.closed) return;
      found.channel.closed = true;
      if (found.channel.resource) registry.untrack(found.channel.resource);
    };
  }
}
