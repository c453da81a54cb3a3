/**
 * Live event listeners on every EventTarget of the realm, with DOM semantics preserved exactly:
 * duplicates are one listener, `true` and `{ capture: true }` are the same, `once` listeners go away after
 * firing, an aborted `signal` removes them, `handleEvent` objects and null listeners behave as natively.
 *
 * Everything is held weakly: a target that the page drops is collected, and its listeners leave the count.
 */
import type { Natives } from './natives.ts';
import type { Patcher } from './patch.ts';
import type { Health } from './health.ts';

type Listener = EventListenerOrEventListenerObject;

interface Entry {
  /** What we registered natively instead of the page's listener (only for `once`), else undefined. */
  wrapper: EventListener | undefined;
}

/** Per target: `${capture ? 1 : 0}${type}` -> page listener -> entry. Plus the live count, shared with the GC hook. */
interface TargetRecord {
  byKey: Map<string, Map<Listener, Entry>>;
  live: { n: number };
}

export interface ListenerTracker {
  /** Live listeners the page added and has not removed, on targets that are still alive. */
  count(): number;
}

interface Flattened {
  capture: boolean;
  once: boolean;
  passive: boolean | undefined;
  signal: AbortSignal | undefined;
}

export function trackListeners(realm: typeof globalThis, natives: Natives, patcher: Patcher, health: Health, onChange: () => void): ListenerTracker {
  const proto = realm.EventTarget.prototype;
  const nativeAdd = natives.addEventListener;
  const nativeRemove = natives.removeEventListener;
  const abortedGetter = Object.getOwnPropertyDescriptor(realm.AbortSignal.prototype, 'aborted')?.get;
  const records = new WeakMap<EventTarget, TargetRecord>();
  let total = 0;
  // Held value is the count box alone: it must not reference the target or its listeners, or nothing is ever collected.
  const gone = new realm.FinalizationRegistry<{ n: number }>((live) => {
    total -= live.n;
    onChange();
  });

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

  const forget = (target: EventTarget, key: string, listener: Listener): Entry | undefined => {
    const record = records.get(target);
    const byListener = record?.byKey.get(key);
    const entry = byListener?.get(listener);
    if (!record || !byListener || !entry) return undefined;
    byListener.delete(listener);
    if (byListener.size === 0) record.byKey.delete(key);
    record.live.n--;
    total--;
    onChange();
    return entry;
  };

  const remember = (target: EventTarget, key: string, listener: Listener, entry: Entry) => {
    let record = records.get(target);
    if (!record) {
      record = { byKey: new Map(), live: { n: 0 } };
      records.set(target, record);
      gone.register(target, record.live);
    }
    let byListener = record.byKey.get(key);
    if (!byListener) record.byKey.set(key, (byListener = new Map()));
    byListener.set(listener, entry);
    record.live.n++;
    total++;
    onChange();
  };

  const has = (target: EventTarget, key: string, listener: Listener) => records.get(target)?.byKey.get(key)?.has(listener) === true;

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
      let entry: Entry | undefined;
      try {
        duplicate = has(target, key, listener);
        const aborted = flat.signal && abortedGetter ? abortedGetter.call(flat.signal) === true : false;
        if (!duplicate && !aborted) entry = { wrapper: flat.once ? onceWrapper(target, typeString, key, listener, flat.capture) : undefined };
      } catch {
        health.errors++; // swallowed: our bookkeeping must never change what the page sees
      }
      // A duplicate is a no-op natively too; with `once` the native would not know it is one, so stop here.
      if (duplicate) return undefined;
      // Options were read once already; hand the native a plain copy so the page's getters do not run twice.
      const nativeOptions =
        typeof options === 'object' && options !== null
          ? { capture: flat.capture, once: entry?.wrapper ? false : flat.once, passive: flat.passive, signal: flat.signal }
          : options;
      const result = original.call(target, typeString, entry?.wrapper ?? listener, nativeOptions);
      if (entry) {
        try {
          remember(target, key, listener, entry);
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

  // An aborted signal removes the listener natively; keep our count in step without keeping anything alive.
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

  return { count: () => total };
}
