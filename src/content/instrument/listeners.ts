/**
 * Live event listeners on every EventTarget of the realm, with DOM semantics preserved exactly:
 * duplicates are one listener, `true` and `{ capture: true }` are the same, `once` listeners go away after
 * firing, an aborted `signal` removes them, `handleEvent` objects and null listeners behave as natively.
 * `on<event>` handler properties of window and document count as listeners too.
 *
 * Everything is held weakly: a target that the page drops is collected, and its listeners leave the registry.
 */
import type { InstrumentContext } from './context.ts';
import type { Resource } from './registry.ts';

type Listener = EventListenerOrEventListenerObject;

interface Entry {
  resource: Resource;
  /** What we registered natively instead of the page's listener (only for `once`), else undefined. */
  wrapper: EventListener | undefined;
}

interface Flattened {
  capture: boolean;
  once: boolean;
  passive: boolean | undefined;
  signal: AbortSignal | undefined;
}

/** Query side of the listener tracker, for detached-DOM attribution. */
export interface ListenerIndex {
  /** The page's live listeners on `target` (not its subtree). */
  on(target: object): Resource[];
}

export function trackListeners(ctx: InstrumentContext): ListenerIndex {
  const { realm, natives, patcher, registry, stacks, epochs, health, describe } = ctx;
  const proto = realm.EventTarget.prototype;
  const nativeAdd = natives.addEventListener;
  const nativeRemove = natives.removeEventListener;
  const abortedGetter = Object.getOwnPropertyDescriptor(realm.AbortSignal.prototype, 'aborted')?.get;
  /** target -> `${capture ? 1 : 0}${type}` -> page listener -> entry. Ephemeron: lives as long as the target. */
  const entries = new WeakMap<EventTarget, Map<string, Map<Listener, Entry>>>();

  const keyOf = (type: string, capture: boolean) => (capture ? '1' : '0') + type;

  // Reads options once, in the order the DOM reads them ("flatten more"), so getters run exactly once.
  const flatten = (options: unknown): Flattened => {
    if (typeof options !== 'object' || options === null) return { capture: Boolean(options), once: false, passive: undefined, signal: undefined };
    const o = options as AddEventListenerOptions;
    const capture = Boolean(o.capture);
    const once = Boolean(o.once);
    const passiveRaw = o.passive;
    const signal = o.signal;
    return { capture, once, passive: passiveRaw === undefined ? undefined : Boolean(passiveRaw), signal };
  };

  const lookup = (target: EventTarget, key: string, listener: Listener) => entries.get(target)?.get(key)?.get(listener);

  const forget = (target: EventTarget, key: string, listener: Listener): Entry | undefined => {
    const byKey = entries.get(target);
    const byListener = byKey?.get(key);
    const entry = byListener?.get(listener);
    if (!byKey || !byListener || !entry) return undefined;
    byListener.delete(listener);
    if (byListener.size === 0) byKey.delete(key);
    registry.untrack(entry.resource);
    return entry;
  };

  const remember = (target: EventTarget, type: string, key: string, listener: Listener, wrapper: EventListener | undefined): Entry => {
    const targetName = describe.target(target);
    const handler = describe.fn(listener);
    const resource: Resource = {
      group: registry.group('listener', type, targetName, stacks.capture()),
      epoch: epochs.current(),
      describe: () => `${handler} on ${targetName}`,
    };
    const entry = { resource, wrapper };
    let byKey = entries.get(target);
    if (!byKey) entries.set(target, (byKey = new Map()));
    let byListener = byKey.get(key);
    if (!byListener) byKey.set(key, (byListener = new Map()));
    byListener.set(listener, entry);
    registry.track(resource, target);
    return entry;
  };

  patcher.method<typeof nativeAdd>(proto, 'addEventListener', (original) => ({
    addEventListener(this: EventTarget | null | undefined, type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
      // Not ours to interpret: let the native throw or ignore exactly as it would.
      if (arguments.length < 2 || typeof type === 'symbol' || listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
        return original.apply(this as EventTarget, arguments as unknown as Parameters<typeof original>);
      }
      // A bare `addEventListener(...)` call in page code means the global object, as natively.
      const target = this ?? (realm as unknown as EventTarget);
      let flat: Flattened;
      try {
        flat = flatten(options);
      } catch {
        // A throwing options getter: the native must throw the same error, so let it read them itself.
        return original.apply(target, arguments as unknown as Parameters<typeof original>);
      }
      const typeString = String(type);
      const key = keyOf(typeString, flat.capture);
      let duplicate = false;
      let aborted = false;
      try {
        duplicate = lookup(target, key, listener) !== undefined;
        aborted = flat.signal !== undefined && abortedGetter !== undefined && abortedGetter.call(flat.signal) === true;
      } catch {
        health.errors++; // swallowed: our bookkeeping must never change what the page sees
      }
      // A duplicate is a no-op natively too; with `once` the native would not know it is one, so stop here.
      if (duplicate) return undefined;
      const wrapper = flat.once && !aborted ? onceWrapper(target, typeString, key, listener, flat.capture) : undefined;
      // Options were read once already; hand the native a plain copy so the page's getters do not run twice.
      const nativeOptions =
        typeof options === 'object' && options !== null
          ? { capture: flat.capture, once: wrapper ? false : flat.once, passive: flat.passive, signal: flat.signal }
          : options;
      const result = original.call(target, typeString, wrapper ?? listener, nativeOptions);
      // Reached only when the native accepted the call (a non-EventTarget `this` throws above).
      if (!aborted) {
        try {
          remember(target, typeString, key, listener, wrapper);
          if (flat.signal) watchAbort(flat.signal, target, key, listener);
        } catch {
          health.errors++;
        }
      }
      return result;
    },
  }).addEventListener as typeof original);

  patcher.method<typeof nativeRemove>(proto, 'removeEventListener', (original) => ({
    removeEventListener(this: EventTarget | null | undefined, type: string, listener: Listener | null, options?: boolean | EventListenerOptions) {
      const target = this ?? (realm as unknown as EventTarget);
      if (arguments.length < 2 || typeof type === 'symbol' || listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
        return original.apply(target, arguments as unknown as Parameters<typeof original>);
      }
      let capture: boolean;
      try {
        capture = typeof options === 'object' && options !== null ? Boolean(options.capture) : Boolean(options);
      } catch {
        return original.apply(target, arguments as unknown as Parameters<typeof original>);
      }
      const typeString = String(type);
      let entry: Entry | undefined;
      try {
        entry = forget(target, keyOf(typeString, capture), listener);
      } catch {
        health.errors++;
      }
      return original.call(target, typeString, entry?.wrapper ?? listener, capture);
    },
  }).removeEventListener as typeof original);
  health.patched.push('EventTarget.prototype.addEventListener', 'EventTarget.prototype.removeEventListener');

  // `once`: the DOM removes the listener before calling it; our wrapper does the same, then calls the page's listener.
  function onceWrapper(target: EventTarget, type: string, key: string, listener: Listener, capture: boolean): EventListener {
    const wrapper = function (this: unknown, event: Event) {
      try {
        if (forget(target, key, listener)) nativeRemove.call(target, type, wrapper, capture);
      } catch {
        health.errors++;
      }
      if (typeof listener === 'function') return listener.call(this, event);
      // As the DOM does: look `handleEvent` up at call time; a missing one is the page's error, reported natively.
      return (listener as EventListenerObject).handleEvent(event);
    };
    return wrapper;
  }

  // An aborted signal removes the listener natively; keep the registry in step without keeping anything alive.
  function watchAbort(signal: AbortSignal, target: EventTarget, key: string, listener: Listener) {
    const targetRef = new realm.WeakRef(target);
    const listenerRef = new realm.WeakRef(listener);
    nativeAdd.call(
      signal,
      'abort',
      () => {
        const t = targetRef.deref();
        const l = listenerRef.deref();
        if (t && l) forget(t, key, l);
      },
      { once: true },
    );
  }

  const handlers = trackHandlerProperties(ctx);
  return {
    on(target) {
      const out: Resource[] = [];
      for (const byListener of entries.get(target as EventTarget)?.values() ?? []) for (const entry of byListener.values()) out.push(entry.resource);
      for (const resource of handlers.get(target)?.values() ?? []) out.push(resource);
      return out;
    },
  };
}

/**
 * `window.onresize = fn` and `document.onkeydown = fn` are listeners too. Their setters live on the window object
 * itself (it is the global) and on Document.prototype / HTMLElement-like prototypes; we wrap those of window and
 * document only, where long-lived handlers leak.
 */
function trackHandlerProperties(ctx: InstrumentContext): WeakMap<object, Map<string, Resource>> {
  const { realm, registry, stacks, epochs, health, describe } = ctx;
  const handlers = new WeakMap<object, Map<string, Resource>>();
  const owners: [object, EventTarget][] = [
    [realm, realm as unknown as EventTarget],
    [realm.Document.prototype, realm.document],
  ];
  for (const [owner] of owners) {
    for (const name of Object.getOwnPropertyNames(owner)) {
      if (!name.startsWith('on')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(owner, name);
      if (!descriptor?.set || !descriptor.get || !descriptor.configurable) continue;
      const nativeSet = descriptor.set;
      const type = name.slice(2);
      const set = {
        set(this: object, value: unknown) {
          nativeSet.call(this, value);
          try {
            const target = this ?? realm;
            let byName = handlers.get(target);
            const previous = byName?.get(type);
            if (previous) registry.untrack(previous);
            // Like the DOM: only functions (and objects, for onerror-like cases) are handlers; anything else clears it.
            if (typeof value !== 'function') {
              byName?.delete(type);
              return;
            }
            const targetName = describe.target(target);
            const handler = describe.fn(value);
            const resource: Resource = {
              group: registry.group('listener', type, targetName, stacks.capture()),
              epoch: epochs.current(),
              describe: () => `${handler} (on${type}) on ${targetName}`,
            };
            if (!byName) handlers.set(target, (byName = new Map()));
            byName.set(type, resource);
            registry.track(resource, target);
          } catch {
            health.errors++;
          }
        },
      }.set;
      ctx.patcher.disguise(set, nativeSet);
      Object.defineProperty(owner, name, { ...descriptor, set });
    }
  }
  health.patched.push('window.on<event>', 'Document.prototype.on<event>');
  return handlers;
}
