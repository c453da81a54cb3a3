/**
 * Workers the page started and has not ended: dedicated `Worker`s and `SharedWorker`s.
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
 */
import { cap, nativeGetter, urlWithoutQuery } from './connections.ts';
import type { InstrumentContext } from './context.ts';
import { append, apply, deref, isInstance, now, round, SafeWeakMap, startsWith, WeakRefCtor } from './intrinsics.ts';
import type { Resource } from './registry.ts';

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

  trackDedicated();
  trackShared();

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

  function trackShared() {
    const proto = realm.SharedWorker?.prototype;
    const portOf = nativeGetter(proto, 'port');
    const portProto = realm.MessagePort?.prototype;
    if (!proto || !portOf || !portProto) return;
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
    if (!wrapped) return;
    append(health.patched, 'SharedWorker');

    ctx.patcher.after<MessagePort['close']>(portProto, 'close', (self) => {
      const entry = byPort.get(self as MessagePort);
      if (entry) release(entry, self as MessagePort);
    });
    append(health.patched, 'MessagePort.prototype.close');
  }
}
