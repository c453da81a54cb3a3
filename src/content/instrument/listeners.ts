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

/** Listeners of collected targets pruned at once that make it worth rebuilding the lookup table. */
export const COMPACT_AFTER = 10_000;

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
  /** Live listeners the page added, on live targets (zone.js-folded ones each counted). */
  count(): number;
  /** Forgets listeners the registry pruned (their target was collected); rebuilds the lookup table after many. */
  compact(removed: number): void;
}

export function trackListeners(ctx: InstrumentContext): ListenerIndex {
  const { realm, natives, patcher, registry, stacks, epochs, health, describe } = ctx;
  const proto = realm.EventTarget.prototype;
  const nativeAdd = natives.addEventListener;
  const nativeRemove = natives.removeEventListener;
  const abortedGetter = Object.getOwnPropertyDescriptor(realm.AbortSignal.prototype, 'aborted')?.get;
  const EventTargetCtor = realm.EventTarget;
  /** target -> `${capture ? 1 : 0}${type}` -> page listener -> entry. Ephemeron: lives as long as the target. */
  let entries = new WeakMap<EventTarget, Map<string, Map<Listener, Entry>>>();
  const keyOf = (type: string, capture: boolean) => (capture ? '1' : '0') + type;

  /** WebIDL reads a function, like any object, as a dictionary; everything else is the boolean `capture`. */
  const isDictionary = (options: unknown): options is object => options !== null && (typeof options === 'object' || typeof options === 'function');

  // Reads options once, in the order the DOM reads them ("flatten more"), so getters run exactly once. A getter
  // that throws throws from here: the page's own error, at the point the native would have thrown it.
  const flatten = (options: unknown): Flattened => {
    if (!isDictionary(options)) return { capture: Boolean(options), once: false, passive: undefined, signal: undefined };
    const o = options as AddEventListenerOptions;
    const capture = Boolean(o.capture);
    const once = Boolean(o.once);
    const passiveRaw = o.passive;
    const signal = o.signal;
    return { capture, once, passive: passiveRaw === undefined ? undefined : Boolean(passiveRaw), signal };
  };

  const lookup = (target: EventTarget, key: string, listener: Listener) => entries.get(target)?.get(key)?.get(listener);

  const put = (target: EventTarget, key: string, listener: Listener, entry: Entry) => {
    let byKey = entries.get(target);
    if (!byKey) entries.set(target, (byKey = new Map()));
    let byListener = byKey.get(key);
    if (!byListener) byKey.set(key, (byListener = new Map()));
    byListener.set(listener, entry);
  };
  /**
   * How to put each live listener back into a fresh `entries` table (see compact). Keyed by our own resource
   * objects, which live exactly as long as they are tracked.
   */
  const relinks = new Map<Resource, () => void>();

  /**
   * zone.js (every Angular app) wraps addEventListener after us and registers ONE native listener per target, type
   * and phase, keeping the app's listeners in its own task list on the target (`__zone_symbol__<type><capture>`),
   * which it creates before it calls us. Such a native listener stands for as many app listeners as that list holds.
   */
  interface ZoneTasks {
    weight(): number;
  }
  const folded = new Set<ZoneTasks>();
  const foldedResource = new WeakMap<ZoneTasks, Resource>();
  const zoneTaskList = (target: EventTarget, type: string, key: string): ZoneTasks | undefined => {
    const zone = (realm as unknown as { Zone?: { __symbol__?: (name: string) => string } }).Zone;
    if (typeof zone?.__symbol__ !== 'function') return undefined;
    const slot = zone.__symbol__(type + (key[0] === '1' ? 'true' : 'false'));
    const list: unknown = Object.getOwnPropertyDescriptor(target, slot)?.value;
    if (!Array.isArray(list)) return undefined;
    const targetRef = new realm.WeakRef(target);
    const tasks: ZoneTasks = {
      weight: () => {
        const t = targetRef.deref();
        const now: unknown = t ? Object.getOwnPropertyDescriptor(t, slot)?.value : undefined;
        return Array.isArray(now) ? Math.max(1, now.length) : 1;
      },
    };
    return tasks;
  };

  const forget = (target: EventTarget, key: string, listener: Listener): Entry | undefined => {
    const byKey = entries.get(target);
    const byListener = byKey?.get(key);
    const entry = byListener?.get(listener);
    if (!byKey || !byListener || !entry) return undefined;
    byListener.delete(listener);
    if (byListener.size === 0) byKey.delete(key);
    // A target without listeners leaves the table: deleting keeps V8's table at the size of what is listened to,
    // so a million listeners added and removed on throw-away targets leave nothing behind.
    if (byKey.size === 0) entries.delete(target);
    relinks.delete(entry.resource);
    registry.untrack(entry.resource);
    return entry;
  };

  const remember = (target: EventTarget, type: string, key: string, listener: Listener, wrapper: EventListener | undefined): Entry => {
    const targetName = describe.target(target);
    // The listener's name is read only when someone reads the registry: a Proxy listener must see no trap now.
    const listenerRef = new realm.WeakRef(listener);
    const zoneTasks = zoneTaskList(target, type, key);
    const targetRef = new realm.WeakRef(target);
    const resource: Resource = {
      group: registry.group('listener', type, targetName, stacks.capture()),
      epoch: epochs.current(),
      describe: () => `${describe.fn(listenerRef.deref())} on ${targetName}`,
      // No FinalizationRegistry per target: its cells and token tables would grow with every throw-away target.
      // The registry prunes listeners whose target was collected when it is read (see registry.prune).
      alive: () => targetRef.deref() !== undefined,
      ...(zoneTasks ? { weight: zoneTasks.weight } : {}),
    };
    if (zoneTasks) {
      folded.add(zoneTasks);
      foldedResource.set(zoneTasks, resource);
    }
    const entry = { resource, wrapper };
    put(target, key, listener, entry);
    relinks.set(resource, () => {
      const t = targetRef.deref();
      const l = listenerRef.deref();
      if (t && l) put(t, key, l, entry);
    });
    registry.track(resource);
    return entry;
  };

  // Arguments are converted as WebIDL does, in order and once each: the type to a string, then the options. The
  // native then gets the converted values, so nothing the page can observe (getters, toString, Proxy traps) runs
  // twice or out of order. Conversion errors are the page's: they propagate as the native would throw them.
  patcher.method<typeof nativeAdd>(proto, 'addEventListener', (original) => ({
    addEventListener(this: EventTarget | null | undefined, type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
      // Not ours to interpret: let the native throw or ignore exactly as it would.
      if (arguments.length < 2 || typeof type === 'symbol' || listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
        return original.apply(this as EventTarget, arguments as unknown as Parameters<typeof original>);
      }
      // A bare `addEventListener(...)` call in page code means the global object, as natively.
      const target = this ?? (realm as unknown as EventTarget);
      // The native checks `this` before it converts any argument; an EventTarget of another realm is left to it too.
      if (!(target instanceof EventTargetCtor)) return original.apply(target, arguments as unknown as Parameters<typeof original>);
      const typeString = String(type);
      const flat = flatten(options);
      const key = keyOf(typeString, flat.capture);
      // Options were read once already; the native gets a plain copy so the page's getters do not run twice.
      const copy = (once: boolean) =>
        isDictionary(options) ? { capture: flat.capture, once, passive: flat.passive, signal: flat.signal } : (options as boolean | undefined);
      // A `signal` that is not an AbortSignal: the native throws its TypeError, and nothing is added.
      let aborted: boolean;
      try {
        aborted = flat.signal !== undefined && abortedGetter !== undefined && abortedGetter.call(flat.signal) === true;
      } catch {
        return original.call(target, typeString, listener, copy(flat.once));
      }
      let duplicate = false;
      try {
        duplicate = lookup(target, key, listener) !== undefined;
      } catch {
        health.errors++; // swallowed: our bookkeeping must never change what the page sees
      }
      // A duplicate is a no-op natively too; with `once` the native would not know it is one, so stop here.
      if (duplicate) return undefined;
      const wrapper = flat.once && !aborted ? onceWrapper(target, typeString, key, listener, flat.capture) : undefined;
      const result = original.call(target, typeString, wrapper ?? listener, copy(wrapper ? false : flat.once));
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
      if (
        arguments.length < 2 ||
        typeof type === 'symbol' ||
        listener === null ||
        (typeof listener !== 'function' && typeof listener !== 'object') ||
        !(target instanceof EventTargetCtor)
      ) {
        return original.apply(target, arguments as unknown as Parameters<typeof original>);
      }
      const typeString = String(type);
      const capture = isDictionary(options) ? Boolean((options as EventListenerOptions).capture) : Boolean(options);
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
    compact(removed) {
      for (const resource of relinks.keys()) if (!registry.isTracked(resource)) relinks.delete(resource);
      // The garbage collector empties the entries of dead targets but leaves a weak map's table at its peak size:
      // after a million throw-away targets, megabytes. A fresh table with only the live listeners put back is the
      // one way to give that memory back; worth it after many.
      if (removed < COMPACT_AFTER) return;
      entries = new WeakMap();
      for (const relink of relinks.values()) relink();
    },
    count() {
      let extra = 0;
      for (const tasks of folded) {
        const resource = foldedResource.get(tasks);
        if (!resource || !registry.isTracked(resource)) folded.delete(tasks);
        else extra += tasks.weight() - 1;
      }
      return registry.countsByKind().listener + extra;
    },
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
  for (const owner of [realm, realm.Document.prototype]) {
    for (const name of Object.getOwnPropertyNames(owner)) {
      if (!name.startsWith('on')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(owner, name);
      if (!descriptor?.set || !descriptor.get || !descriptor.configurable) continue;
      const type = name.slice(2);
      ctx.patcher.accessor(owner, name, {
        set: (nativeSet) =>
          function (this: object, value: unknown) {
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
            const handlerRef = new realm.WeakRef(value);
            const resource: Resource = {
              group: registry.group('listener', type, targetName, stacks.capture()),
              epoch: epochs.current(),
              describe: () => `${describe.fn(handlerRef.deref())} (on${type}) on ${targetName}`,
            };
            if (!byName) handlers.set(target, (byName = new Map()));
            byName.set(type, resource);
            registry.track(resource, target);
          } catch {
            health.errors++;
          }
          },
      });
    }
  }
  health.patched.push('window.on<event>', 'Document.prototype.on<event>');
  return handlers;
}
