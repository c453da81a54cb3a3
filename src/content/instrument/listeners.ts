/**
 * Live event listeners on every EventTarget of the realm, with DOM semantics preserved exactly:
 * duplicates are one listener, `true` and `{ capture: true }` are the same, `once` listeners go away after
 * firing, an aborted `signal` removes them, `handleEvent` objects and null listeners behave as natively.
 * `on<event>` handler properties of window and document count as listeners too.
 *
 * Everything is held weakly: a target that the page drops is collected, and its listeners leave the registry.
 */
import type { InstrumentContext } from './context.ts';
import {
  append,
  apply,
  deref,
  getOwnPropertyDescriptor,
  getOwnPropertyNames,
  isArray,
  isInstance,
  max,
  SafeMap,
  SafeSet,
  SafeWeakMap,
  sliceOf,
  startsWith,
  toStringValue,
  WeakRefCtor,
} from './intrinsics.ts';
import { captureOf, copyOptions, createKeys, flatten, ListenerTable, withoutId, type Entry as TableEntry } from './listener-table.ts';
import type { Group, Resource } from './registry.ts';

type Listener = EventListenerOrEventListenerObject;

/** Listeners of collected targets pruned at once that make it worth rebuilding the lookup table. */
export const COMPACT_AFTER = 10_000;

type Entry = TableEntry<ListenerResource>;

/**
 * A tracked listener. One object per listener and no closures: the hot path allocates little. It reaches its
 * listener only through the target's entries, and its target, from the end of the job that added it on, only
 * through a WeakRef. Until then it holds the target itself: a WeakRef would keep it exactly as long (a new
 * WeakRef's target is kept until the end of the job), and making one is the costliest step of an add, saved for
 * every listener removed within the job that added it (a list rendered and torn down, a re-render).
 */
class ListenerResource implements Resource {
  private young: EventTarget | undefined;
  private ref: WeakRef<EventTarget> | undefined;

  constructor(
    readonly group: Group,
    readonly epoch: number,
    target: EventTarget,
    readonly targetName: string,
    private readonly owner: ListenerOwner,
    readonly zoneTasks: ZoneTasks | undefined,
  ) {
    this.young = target;
  }

  target(): EventTarget | undefined {
    return this.young ?? (this.ref && deref(this.ref));
  }

  /** At the end of the job that added it: from now on the target is held weakly. */
  settle(): void {
    if (this.young === undefined) return;
    this.ref = new WeakRefCtor(this.young);
    this.young = undefined;
  }

  /** Removed: lets go of the target at once. */
  release(): void {
    this.young = undefined;
  }

  describe(): string {
    const target = this.target();
    return `${this.owner.describeFn(target ? this.owner.listenerOf(target, this) : undefined)} on ${this.targetName}`;
  }

  // No FinalizationRegistry per target: its cells and token tables would grow with every throw-away target.
  // The registry prunes listeners whose target was collected when it is read (see registry.prune).
  alive(): boolean {
    return this.target() !== undefined;
  }

  weight(): number {
    return this.zoneTasks ? this.zoneTasks.weight() : 1;
  }
}

interface ListenerOwner {
  listenerOf(target: EventTarget, resource: ListenerResource): Listener | undefined;
  describeFn(listener: unknown): string;
}

/**
 * zone.js (every Angular app) wraps addEventListener after us and registers ONE native listener per target, type
 * and phase, keeping the app's listeners in its own task list on the target (`__zone_symbol__<type><capture>`),
 * which it creates before it calls us. Such a native listener stands for as many app listeners as that list holds.
 */
interface ZoneTasks {
  weight(): number;
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

/** The targets of the live listeners among `resources`. */
function liveTargets(resources: { forEach(fn: (resource: Resource) => void): void }): EventTarget[] {
  const out: EventTarget[] = [];
  resources.forEach((resource) => {
    if (!(resource instanceof ListenerResource)) return;
    const target = resource.target();
    if (target) append(out, target);
  });
  return out;
}

export function trackListeners(ctx: InstrumentContext): ListenerIndex {
  const { realm, natives, patcher, registry, stacks, epochs, health, describe } = ctx;
  const proto = realm.EventTarget.prototype;
  const nativeAdd = natives.addEventListener;
  const nativeRemove = natives.removeEventListener;
  const abortedGetter = getOwnPropertyDescriptor(realm.AbortSignal.prototype, 'aborted')?.get;
  const EventTargetCtor = realm.EventTarget;
  // The natives are called through the Reflect.apply taken at install, never `original.call`: a page that replaces
  // Function.prototype.call or apply must see no call of it that it would not see without us.
  const entries = new ListenerTable<ListenerResource>();
  const keyOf = createKeys();

  const table: ListenerOwner = {
    listenerOf(target, resource) {
      let found: Listener | undefined;
      entries.forEachOn(target, (e) => {
        if (e.resource === resource) found = e.listener;
      });
      return found;
    },
    describeFn: (listener) => describe.fn(listener),
  };

  const folded = new SafeSet<ZoneTasks>();
  const foldedResource = new SafeWeakMap<ZoneTasks, Resource>();
  /** Our addEventListener as installed: while the prototype still holds it, nothing (zone.js) wrapped it after us. */
  let installedAdd: unknown;
  const zoneTaskList = (target: EventTarget, type: string, key: string): ZoneTasks | undefined => {
    // zone.js folds listeners only by wrapping addEventListener after us; until then there is nothing to look up.
    if (proto.addEventListener === installedAdd) return undefined;
    // An own property of the global (zone.js sets it so): looking up a missing name on the chain of `window`
    // would ask the document for an element so named, on every call.
    const zone = getOwnPropertyDescriptor(realm, 'Zone')?.value as { __symbol__?: (name: string) => string } | undefined;
    if (typeof zone?.__symbol__ !== 'function') return undefined;
    const slot = zone.__symbol__(type + (key[0] === '1' ? 'true' : 'false'));
    const list: unknown = getOwnPropertyDescriptor(target, slot)?.value;
    if (!isArray(list)) return undefined;
    const targetRef = new WeakRefCtor(target);
    const tasks: ZoneTasks = {
      weight: () => {
        const t = deref(targetRef);
        const now: unknown = t ? getOwnPropertyDescriptor(t, slot)?.value : undefined;
        return isArray(now) ? max(1, now.length) : 1;
      },
    };
    return tasks;
  };

  const forget = (target: EventTarget, key: string, listener: Listener): Entry | undefined => {
    const entry = entries.remove(target, key, listener);
    if (!entry) return undefined;
    registry.untrack(entry.resource);
    entry.resource.release();
    return entry;
  };

  /** Listeners added in the current job, whose targets are still held strongly (see ListenerResource). */
  let young: ListenerResource[] = [];
  const settleYoung = () => {
    const settled = young;
    young = [];
    for (let i = 0; i < settled.length; i++) {
      try {
        settled[i]!.settle();
      } catch {
        health.errors++;
      }
    }
  };

  // The last listener is held weakly: a strong hold would keep its closure, and the view the closure captured,
  // alive after the page dropped them (the page's last listener is often one on a view it just unmounted).
  let last: { site: string; stack: number; group: Group; key: string; targetName: string; listener: WeakRef<Listener>; source: string } | undefined;
  const remember = (target: EventTarget, type: string, key: string, listener: Listener, companion: EventListener | undefined): Entry => {
    const targetName = describe.target(target);
    const zoneTasks = zoneTaskList(target, type, key);
    // The same code again for the same key and kind of target (a loop over a list's rows): the same site
    // string, whose hash is known, instead of a new one.
    const same = last !== undefined && deref(last.listener) === listener;
    const source = same ? last!.source : describe.source(listener);
    const site =
      last !== undefined && key === last.key && targetName === last.targetName && source === last.source
        ? last.site
        : `${key}\u0000${withoutId(targetName)}\u0000${source}`;
    const stack = stacks.captureAt(site);
    // A loop adding alike listeners asks for the same group again and again: remember the last one.
    // (The site names no id: rows of other ids are the same site, but groups of their own.)
    if (last === undefined || stack !== last.stack || site !== last.site || targetName !== last.targetName) {
      last = {
        site,
        stack,
        group: registry.group('listener', type, targetName, stack),
        key,
        targetName,
        listener: new WeakRefCtor(listener),
        source,
      };
    } else if (!same) {
      last.listener = new WeakRefCtor(listener);
    }
    const resource = new ListenerResource(last.group, epochs.current(), target, targetName, table, zoneTasks);
    if (append(young, resource) === 1) natives.atEndOfJob(settleYoung);
    if (zoneTasks) {
      folded.add(zoneTasks);
      foldedResource.set(zoneTasks, resource);
    }
    const entry: Entry = { key, listener, resource, companion, next: undefined };
    entries.put(target, entry);
    registry.track(resource);
    return entry;
  };

  // Arguments are converted as WebIDL does, in order and once each: the type to a string, then the options. The
  // native then gets the converted values, so nothing the page can observe (getters, toString, Proxy traps) runs
  // twice or out of order. Conversion errors are the page's: they propagate as the native would throw them.
  patcher.method<typeof nativeAdd>(
    proto,
    'addEventListener',
    (original) =>
      ({
        addEventListener(this: EventTarget | null | undefined, type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
          // Not ours to interpret: let the native throw or ignore exactly as it would.
          if (
            arguments.length < 2 ||
            typeof type === 'symbol' ||
            listener === null ||
            (typeof listener !== 'function' && typeof listener !== 'object')
          ) {
            return apply(original, this, arguments);
          }
          // A bare `addEventListener(...)` call in page code means the global object, as natively.
          const target = this ?? realm;
          // The native checks `this` before it converts any argument; an EventTarget of another realm is left to it too.
          if (!isInstance(target, EventTargetCtor)) return apply(original, target, arguments);
          const typeString = toStringValue(type);
          const flat = flatten(options);
          const key = keyOf(typeString, flat.capture);
          // A `signal` that is not an AbortSignal: the native throws its TypeError, and nothing is added.
          let aborted: boolean;
          try {
            aborted = flat.signal !== undefined && abortedGetter !== undefined && apply(abortedGetter, flat.signal, []) === true;
          } catch {
            return apply(original, target, [typeString, listener, copyOptions(options, flat, flat.once)]);
          }
          let duplicate = false;
          try {
            duplicate = entries.lookup(target, key, listener) !== undefined;
          } catch {
            health.errors++; // swallowed: our bookkeeping must never change what the page sees
          }
          // A duplicate is a no-op natively too; with `once` the native would not know it is one, so stop here.
          if (duplicate) return undefined;
          // `once`: the page's listener is registered natively as given (the page's callback runs straight from the
          // DOM, with no frame of ours in its stack); our companion, added just before it, tells us when it fired.
          const companion = flat.once && !aborted ? onceCompanion(target, key, listener) : undefined;
          if (companion) apply(nativeAdd, target, [typeString, companion, { capture: flat.capture, once: true, passive: true, signal: flat.signal }]);
          let result: void;
          try {
            result = apply(original, target, [typeString, listener, copyOptions(options, flat, flat.once)]);
          } catch (err) {
            if (companion) apply(nativeRemove, target, [typeString, companion, flat.capture]);
            throw err;
          }
          // Reached only when the native accepted the call (a non-EventTarget `this` throws above).
          if (!aborted) {
            try {
              remember(target, typeString, key, listener, companion);
              if (flat.signal) watchAbort(flat.signal, target, key, listener);
            } catch {
              health.errors++;
            }
          }
          return result;
        },
      }).addEventListener,
  );
  installedAdd = proto.addEventListener;

  patcher.method<typeof nativeRemove>(
    proto,
    'removeEventListener',
    (original) =>
      ({
        removeEventListener(this: EventTarget | null | undefined, type: string, listener: Listener | null, options?: boolean | EventListenerOptions) {
          const target = this ?? realm;
          if (
            arguments.length < 2 ||
            typeof type === 'symbol' ||
            listener === null ||
            (typeof listener !== 'function' && typeof listener !== 'object') ||
            !isInstance(target, EventTargetCtor)
          ) {
            return apply(original, target, arguments);
          }
          const typeString = toStringValue(type);
          const capture = captureOf(options);
          let entry: Entry | undefined;
          try {
            entry = forget(target, keyOf(typeString, capture), listener);
          } catch {
            health.errors++;
          }
          const result = apply(original, target, [typeString, listener, capture]);
          if (entry?.companion) apply(nativeRemove, target, [typeString, entry.companion, capture]);
          return result;
        },
      }).removeEventListener,
  );
  append(health.patched, 'EventTarget.prototype.addEventListener');
  append(health.patched, 'EventTarget.prototype.removeEventListener');

  // `once`: listeners of one target, type and phase run in the order they were added, and nothing can run between
  // two adjacent ones but the first; so the companion fires exactly when the page's listener is about to (an earlier
  // listener's stopImmediatePropagation skips both). Passive, so it never holds up scrolling; the same signal, so
  // an abort drops both.
  // It holds what the target holds anyway (the page's listener, and the target: a cycle the collector frees).
  function onceCompanion(target: EventTarget, key: string, listener: Listener): EventListener {
    return () => {
      try {
        forget(target, key, listener);
      } catch {
        health.errors++;
      }
    };
  }

  // An aborted signal removes the listener natively; keep the registry in step without keeping anything alive.
  function watchAbort(signal: AbortSignal, target: EventTarget, key: string, listener: Listener) {
    const targetRef = new WeakRefCtor(target);
    const listenerRef = new WeakRefCtor(listener);
    apply(nativeAdd, signal, [
      'abort',
      () => {
        const t = deref(targetRef);
        const l = deref(listenerRef);
        if (t && l) forget(t, key, l);
      },
      { once: true },
    ]);
  }

  const handlers = trackHandlerProperties(ctx);
  return {
    compact(removed) {
      // The garbage collector empties the entries of dead targets but leaves a weak map's table at its peak size:
      // after a million throw-away targets, megabytes. A fresh table with only the live targets put back is the
      // one way to give that memory back; worth it after many.
      if (removed < COMPACT_AFTER) return;
      entries.compact(liveTargets(registry.resources()));
    },
    count() {
      let extra = 0;
      folded.forEach((tasks) => {
        const resource = foldedResource.get(tasks);
        if (!resource || !registry.isTracked(resource)) folded.delete(tasks);
        else extra += tasks.weight() - 1;
      });
      return registry.countsByKind().listener + extra;
    },
    on(target) {
      const out: Resource[] = [];
      entries.forEachOn(target, (e) => append(out, e.resource));
      handlers.get(target)?.forEach((resource) => append(out, resource));
      return out;
    },
  };
}

/**
 * `window.onresize = fn` and `document.onkeydown = fn` are listeners too. Their setters live on the window object
 * itself (it is the global) and on Document.prototype / HTMLElement-like prototypes; we wrap those of window and
 * document only, where long-lived handlers leak.
 */
function trackHandlerProperties(ctx: InstrumentContext): SafeWeakMap<object, SafeMap<string, Resource>> {
  const { realm, registry, stacks, epochs, health, describe } = ctx;
  const handlers = new SafeWeakMap<object, SafeMap<string, Resource>>();
  const owners: object[] = [realm, realm.Document.prototype];
  for (let o = 0; o < owners.length; o++) {
    const owner = owners[o]!;
    const names = getOwnPropertyNames(owner);
    for (let n = 0; n < names.length; n++) {
      const name = names[n]!;
      if (!startsWith(name, 'on')) continue;
      const descriptor = getOwnPropertyDescriptor(owner, name);
      if (!descriptor?.set || !descriptor.get || !descriptor.configurable) continue;
      const type = sliceOf(name, 2);
      ctx.patcher.afterSet(owner, name, (self, value) => {
        const target = self ?? realm;
        let byName = handlers.get(target);
        const previous = byName?.get(type);
        if (previous) registry.untrack(previous);
        // Like the DOM: only functions (and objects, for onerror-like cases) are handlers; anything else clears it.
        if (typeof value !== 'function') {
          byName?.delete(type);
          return;
        }
        const targetName = describe.target(target);
        const handlerRef = new WeakRefCtor(value);
        const resource: Resource = {
          group: registry.group('listener', type, targetName, stacks.capture()),
          epoch: epochs.current(),
          describe: () => `${describe.fn(deref(handlerRef))} (on${type}) on ${targetName}`,
        };
        if (!byName) handlers.set(target, (byName = new SafeMap<string, Resource>()));
        byName.set(type, resource);
        registry.track(resource, target);
      });
    }
  }
  append(health.patched, 'window.on<event>');
  append(health.patched, 'Document.prototype.on<event>');
  return handlers;
}
