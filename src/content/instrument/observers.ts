/**
 * Observers that still observe: MutationObserver, ResizeObserver, IntersectionObserver and PerformanceObserver.
 *
 * An observer is a resource while it observes at least one target (one entry type for PerformanceObserver):
 * tracked from its first `observe()`, untracked on `disconnect()`, when `unobserve()` leaves it no target, when
 * every target it observed has been garbage-collected, and when the observer itself is. The creation stack is
 * taken in the constructor (the page's `new X(callback)` line), and used once it starts observing.
 *
 * Why GC matters here: Chromium holds an observer from its targets (a node keeps its registered
 * MutationObservers alive, the observer holds its nodes weakly), so an observer whose targets are all gone is
 * freed without any `disconnect()`, and that is not a leak.
 *
 * Constructors are replaced by a Proxy of the native class: `instanceof`, `prototype`, statics, subclassing and
 * `new.target` keep working, and every argument error is the native's own. Methods run the native first and
 * record only what it accepted, so bad targets, options and receivers throw exactly as without us.
 */
import type { InstrumentContext } from './context.ts';
import {
  append,
  apply,
  deref,
  FinalizationRegistryCtor,
  getOwnPropertyDescriptor,
  isArray,
  join,
  max,
  min,
  registerFinalizer,
  SafeSet,
  SafeWeakMap,
  sliceOf,
  toNumber,
  toStringValue,
  unregisterFinalizer,
  WeakRefCtor,
} from './intrinsics.ts';
import type { Resource } from './registry.ts';
import type { StackId } from './stacks.ts';

/** What we know of an observer from its construction. Keyed weakly by the observer. */
interface Info {
  readonly type: string;
  readonly stack: StackId;
  /** The current period of observing, if any. */
  active: Active | undefined;
}

/** One period of observing, from the first `observe()` to the last target gone. */
interface Active {
  readonly resource: Resource;
  /** Observed targets, weakly; may hold refs of collected targets until the next prune. */
  readonly refs: SafeSet<WeakRef<object>>;
  readonly refOf: SafeWeakMap<object, WeakRef<object>>;
  /** Targets observed and neither unobserved nor reported collected. */
  live: number;
  /** `refs.size` at which dead refs are pruned next (amortised: the set never grows past twice the live targets). */
  pruneAt: number;
  done: boolean;
}

/** Node-targeted observers, with the methods that release a target or all of them. */
const NODE_OBSERVERS = [
  { name: 'MutationObserver', aliases: ['WebKitMutationObserver'], unobserve: false },
  { name: 'ResizeObserver', aliases: [], unobserve: true },
  { name: 'IntersectionObserver', aliases: [], unobserve: true },
] as const;

const PRUNE_MIN = 16;
const MAX_ENTRY_TYPES = 32;
const MAX_ENTRY_TYPE = 100;

type Ctor = new (...args: unknown[]) => object;

export function trackObservers(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health, describe } = ctx;
  const isConnected = getOwnPropertyDescriptor(realm.Node.prototype, 'isConnected')?.get;
  const infos = new SafeWeakMap<object, Info>();

  // A target collected while observed: the observer no longer observes it (Chromium dropped it too).
  const targetGone = new FinalizationRegistryCtor<Active>((active) => {
    if (active.done) return;
    active.live--;
    if (active.live <= 0) finish(active);
  });

  const finish = (active: Active) => {
    active.done = true;
    active.refs.forEach((ref) => unregisterFinalizer(targetGone, ref));
    active.refs.clear();
    registry.untrack(active.resource);
  };

  const prune = (active: Active) => {
    active.refs.forEach((ref) => {
      if (deref(ref) === undefined) active.refs.delete(ref);
    });
    active.pruneAt = max(PRUNE_MIN, active.refs.size * 2);
  };

  const infoOf = (observer: object, type: string): Info => {
    let info = infos.get(observer);
    // Made by a constructor we did not wrap (another realm's): the first observe() is the best stack we have.
    if (!info) infos.set(observer, (info = { type, stack: stacks.capture(), active: undefined }));
    return info;
  };

  /** `observing N targets, M detached`, read now; drops the refs of collected targets on the way. */
  const stateOf = (refs: SafeSet<WeakRef<object>>) => {
    let observing = 0;
    let detached = 0;
    refs.forEach((ref) => {
      const target = deref(ref);
      if (target === undefined) {
        refs.delete(ref);
        return;
      }
      observing++;
      if (isConnected && apply(isConnected, target, []) === false) detached++;
    });
    return `observing ${observing} targets, ${detached} detached`;
  };

  const observed = (observer: object, target: object, type: string) => {
    const info = infoOf(observer, type);
    let active = info.active;
    if (!active || active.done) {
      const targetName = describe.target(target);
      const kind = info.type;
      const refs = new SafeSet<WeakRef<object>>();
      const resource: Resource = {
        group: registry.group('observer', kind, targetName, info.stack),
        epoch: epochs.current(),
        describe: () => `${kind} on ${targetName}`,
        state: () => stateOf(refs),
        targets: () => {
          const targets: object[] = [];
          refs.forEach((ref) => {
            const target = deref(ref);
            if (target !== undefined) append(targets, target);
          });
          return targets;
        },
      };
      active = info.active = { resource, refs, refOf: new SafeWeakMap(), live: 0, pruneAt: PRUNE_MIN, done: false };
      registry.track(resource, observer);
    }
    // Observing a target again only changes its options, natively too.
    if (active.refOf.has(target)) return;
    const ref = new WeakRefCtor(target);
    active.refs.add(ref);
    active.refOf.set(target, ref);
    active.live++;
    registerFinalizer(targetGone, target, active, ref);
    if (active.refs.size >= active.pruneAt) prune(active);
  };

  const unobserved = (observer: object, target: object) => {
    const active = infos.get(observer)?.active;
    const ref = active?.refOf.get(target);
    if (!active || active.done || !ref) return;
    active.refOf.delete(target);
    active.refs.delete(ref);
    unregisterFinalizer(targetGone, ref);
    active.live--;
    if (active.live <= 0) finish(active);
  };

  const disconnected = (observer: object) => {
    const info = infos.get(observer);
    const active = info?.active;
    if (!info || !active) return;
    info.active = undefined;
    if (!active.done) finish(active);
  };

  for (let i = 0; i < NODE_OBSERVERS.length; i++) {
    const { name, aliases, unobserve } = NODE_OBSERVERS[i]!;
    const Original = wrapConstructor(name, aliases);
    if (!Original) continue;
    const proto = Original.prototype as Record<string, unknown>;
    // Bad targets, options or `this` throw natively, before anything is recorded.
    patcher.after<(this: object, target: Node, options?: unknown) => void>(proto, 'observe', (self, args) =>
      observed(self as object, args[0]!, name),
    );
    if (unobserve) patcher.after<(this: object, target: Element) => void>(proto, 'unobserve', (self, args) => unobserved(self as object, args[0]!));
    patchDisconnect(proto, disconnected);
    append(health.patched, `${name}.prototype.observe`);
    if (unobserve) append(health.patched, `${name}.prototype.unobserve`);
    append(health.patched, `${name}.prototype.disconnect`);
  }

  trackPerformanceObservers();

  function patchDisconnect(proto: Record<string, unknown>, release: (observer: object) => void) {
    patcher.after<(this: object) => void>(proto, 'disconnect', (self) => release(self as object));
  }

  /**
   * Replaces `realm[name]` (and its legacy aliases) by a Proxy of the native class that records where each observer
   * is constructed. Returns the native class, or undefined when the realm has none.
   */
  function wrapConstructor(name: string, aliases: readonly string[]): Ctor | undefined {
    const Original = patcher.construct<object>(
      name,
      (instance) => infos.set(instance, { type: name, stack: stacks.capture(), active: undefined }),
      aliases,
    ) as Ctor | undefined;
    if (Original) {
      append(health.patched, name);
      for (let i = 0; i < aliases.length; i++) {
        if ((realm as unknown as Record<string, unknown>)[aliases[i]!] !== undefined) append(health.patched, aliases[i]!);
      }
    }
    return Original;
  }

  /**
   * PerformanceObserver observes entry types, not nodes: active from the first `observe()` until `disconnect()`
   * (Chromium's Performance object holds it meanwhile). `{ entryTypes }` replaces the observed types, `{ type }`
   * adds one, as natively. Options are read from own data properties only, so that page getters run once: natively.
   */
  function trackPerformanceObservers() {
    const name = 'PerformanceObserver';
    const Original = wrapConstructor(name, []);
    if (!Original) return;
    const proto = Original.prototype as Record<string, unknown>;
    /** observer -> entry types observed now (strings only). */
    const typesOf = new SafeWeakMap<object, SafeSet<string>>();
    const own = (object: unknown, key: string): unknown =>
      typeof object === 'object' && object !== null ? getOwnPropertyDescriptor(object, key)?.value : undefined;

    const observedTypes = (observer: object, options: unknown) => {
      const entryTypes = own(options, 'entryTypes');
      const type = own(options, 'type');
      let types = typesOf.get(observer);
      if (!types) typesOf.set(observer, (types = new SafeSet()));
      if (isArray(entryTypes)) {
        types.clear();
        const length = min(toNumber(own(entryTypes, 'length')) || 0, MAX_ENTRY_TYPES);
        for (let i = 0; i < length; i++) {
          const t = own(entryTypes, toStringValue(i));
          if (typeof t === 'string') types.add(sliceOf(t, 0, MAX_ENTRY_TYPE));
        }
      } else if (typeof type === 'string') {
        types.add(sliceOf(type, 0, MAX_ENTRY_TYPE));
      }
      const info = infoOf(observer, name);
      if (info.active && !info.active.done) return;
      const first = firstOr(types, 'entries');
      const seen = types;
      const resource: Resource = {
        group: registry.group('observer', info.type, first, info.stack),
        epoch: epochs.current(),
        describe: () => `${info.type} of ${first}`,
        state: () => {
          const list: string[] = [];
          seen.forEach((t) => append(list, t));
          return `observing ${seen.size} entry types: ${join(list, ', ')}`;
        },
      };
      info.active = { resource, refs: new SafeSet(), refOf: new SafeWeakMap(), live: 0, pruneAt: PRUNE_MIN, done: false };
      registry.track(resource, observer);
    };

    patcher.after<(this: object, options?: PerformanceObserverInit) => void>(proto, 'observe', (self, args) =>
      observedTypes(self as object, args[0]),
    );
    patchDisconnect(proto, (observer) => {
      typesOf.delete(observer);
      disconnected(observer);
    });
    append(health.patched, `${name}.prototype.observe`);
    append(health.patched, `${name}.prototype.disconnect`);
  }
}

/** The first value of `set` (insertion order), or `fallback` when it is empty. */
function firstOr(set: SafeSet<string>, fallback: string): string {
  let first = fallback;
  let found = false;
  set.forEach((value) => {
    if (found) return;
    found = true;
    first = value;
  });
  return first;
}
