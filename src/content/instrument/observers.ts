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
  readonly refs: Set<WeakRef<object>>;
  readonly refOf: WeakMap<object, WeakRef<object>>;
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
  const apply = Reflect.apply;
  const isConnected = Object.getOwnPropertyDescriptor(realm.Node.prototype, 'isConnected')?.get;
  const infos = new WeakMap<object, Info>();

  // A target collected while observed: the observer no longer observes it (Chromium dropped it too).
  const targetGone = new realm.FinalizationRegistry<Active>((active) => {
    if (active.done) return;
    active.live--;
    if (active.live <= 0) finish(active);
  });

  const finish = (active: Active) => {
    active.done = true;
    for (const ref of active.refs) targetGone.unregister(ref);
    active.refs.clear();
    registry.untrack(active.resource);
  };

  const prune = (active: Active) => {
    for (const ref of active.refs) if (ref.deref() === undefined) active.refs.delete(ref);
    active.pruneAt = Math.max(PRUNE_MIN, active.refs.size * 2);
  };

  const infoOf = (observer: object, type: string): Info => {
    let info = infos.get(observer);
    // Made by a constructor we did not wrap (another realm's): the first observe() is the best stack we have.
    if (!info) infos.set(observer, (info = { type, stack: stacks.capture(), active: undefined }));
    return info;
  };

  /** `observing N targets, M detached`, read now; drops the refs of collected targets on the way. */
  const stateOf = (refs: Set<WeakRef<object>>) => {
    let observing = 0;
    let detached = 0;
    for (const ref of refs) {
      const target = ref.deref();
      if (target === undefined) {
        refs.delete(ref);
        continue;
      }
      observing++;
      if (isConnected && apply(isConnected, target, []) === false) detached++;
    }
    return `observing ${observing} targets, ${detached} detached`;
  };

  const observed = (observer: object, target: object, type: string) => {
    const info = infoOf(observer, type);
    let active = info.active;
    if (!active || active.done) {
      const targetName = describe.target(target);
      const kind = info.type;
      const refs = new Set<WeakRef<object>>();
      const resource: Resource = {
        group: registry.group('observer', kind, targetName, info.stack),
        epoch: epochs.current(),
        describe: () => `${kind} on ${targetName}`,
        state: () => stateOf(refs),
        targets: () => [...refs].flatMap((ref) => ref.deref() ?? []),
      };
      active = info.active = { resource, refs, refOf: new WeakMap(), live: 0, pruneAt: PRUNE_MIN, done: false };
      registry.track(resource, observer);
    }
    // Observing a target again only changes its options, natively too.
    if (active.refOf.has(target)) return;
    const ref = new realm.WeakRef(target);
    active.refs.add(ref);
    active.refOf.set(target, ref);
    active.live++;
    targetGone.register(target, active, ref);
    if (active.refs.size >= active.pruneAt) prune(active);
  };

  const unobserved = (observer: object, target: object) => {
    const active = infos.get(observer)?.active;
    const ref = active?.refOf.get(target);
    if (!active || active.done || !ref) return;
    active.refOf.delete(target);
    active.refs.delete(ref);
    targetGone.unregister(ref);
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

  for (const { name, aliases, unobserve } of NODE_OBSERVERS) {
    const Original = wrapConstructor(name, aliases);
    if (!Original) continue;
    const proto = Original.prototype as Record<string, unknown>;
    // Bad targets, options or `this` throw natively, before anything is recorded.
    patcher.after<(this: object, target: Node, options?: unknown) => void>(proto, 'observe', (self, args) =>
      observed(self as object, args[0]!, name),
    );
    if (unobserve) patcher.after<(this: object, target: Element) => void>(proto, 'unobserve', (self, args) => unobserved(self as object, args[0]!));
    patchDisconnect(proto, disconnected);
    health.patched.push(`${name}.prototype.observe`, ...(unobserve ? [`${name}.prototype.unobserve`] : []), `${name}.prototype.disconnect`);
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
    if (Original) health.patched.push(name, ...aliases.filter((alias) => (realm as unknown as Record<string, unknown>)[alias] !== undefined));
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
    const typesOf = new WeakMap<object, Set<string>>();
    const own = (object: unknown, key: string): unknown =>
      typeof object === 'object' && object !== null ? Object.getOwnPropertyDescriptor(object, key)?.value : undefined;

    const observedTypes = (observer: object, options: unknown) => {
      const entryTypes = own(options, 'entryTypes');
      const type = own(options, 'type');
      let types = typesOf.get(observer);
      if (!types) typesOf.set(observer, (types = new Set()));
      if (Array.isArray(entryTypes)) {
        types.clear();
        const length = Math.min(Number(own(entryTypes, 'length')) || 0, MAX_ENTRY_TYPES);
        for (let i = 0; i < length; i++) {
          const t = own(entryTypes, String(i));
          if (typeof t === 'string') types.add(t.slice(0, MAX_ENTRY_TYPE));
        }
      } else if (typeof type === 'string') {
        types.add(type.slice(0, MAX_ENTRY_TYPE));
      }
      const info = infoOf(observer, name);
      if (info.active && !info.active.done) return;
      const first: string = types.values().next().value ?? 'entries';
      const seen = types;
      const resource: Resource = {
        group: registry.group('observer', info.type, first, info.stack),
        epoch: epochs.current(),
        describe: () => `${info.type} of ${first}`,
        state: () => `observing ${seen.size} entry types: ${[...seen].join(', ')}`,
      };
      info.active = { resource, refs: new Set(), refOf: new WeakMap(), live: 0, pruneAt: PRUNE_MIN, done: false };
      registry.track(resource, observer);
    };

    patcher.after<(this: object, options?: PerformanceObserverInit) => void>(proto, 'observe', (self, args) =>
      observedTypes(self as object, args[0]),
    );
    patchDisconnect(proto, (observer) => {
      typesOf.delete(observer);
      disconnected(observer);
    });
    health.patched.push(`${name}.prototype.observe`, `${name}.prototype.disconnect`);
  }
}
