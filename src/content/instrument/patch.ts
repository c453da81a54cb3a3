/**
 * Patching natives so that the page cannot tell. A wrapper is a Proxy of the native function whose `apply` trap
 * runs our code: `name`, `length`, the absent `prototype`, "is not a constructor" errors (whose text V8 builds
 * from the callee's source) and property descriptors are the native's own, and `Function.prototype.toString`
 * (patched once per realm, the same way) prints the native source for it. The original stays reachable for our
 * own use.
 */

import { apply as reflectApply, construct as reflectConstruct, create, defineProperty, getOwnPropertyDescriptor, SafeWeakMap } from './intrinsics.ts';

/**
 * Wrapper -> what `Function.prototype.toString` must print for it. Shared by the same-origin realms of a page
 * (frames, popups): each realm's `toString` is asked about the others' wrappers too.
 */
export type Masks = SafeWeakMap<Function, Function>;

export interface Patcher {
  /**
   * Replaces `owner[name]` (a method) with a wrapper that runs `make(original)`; returns the original. Does nothing
   * and returns undefined when `owner[name]` is not a function.
   */
  method<F extends (...args: never[]) => unknown>(owner: object, name: PropertyKey, make: (original: F) => F): F | undefined;
  /**
   * Replaces the getter and/or setter of the accessor `owner[name]` with wrappers that run `make.get(original)` /
   * `make.set(original)`. Returns false when `owner[name]` is not such an accessor.
   */
  accessor(
    owner: object,
    name: PropertyKey,
    make: { get?: (original: () => unknown) => () => unknown; set?: (original: (value: unknown) => void) => (value: unknown) => void },
  ): boolean;
  /**
   * Replaces the global constructor `realm[name]` (and the legacy `aliases` that are the same class) with a Proxy
   * whose `construct` trap calls the original with the same arguments and `new.target`, then hands the new
   * instance to `created`, with the arguments as the trap got them (read them without calling into the page: a
   * second conversion would be observable). Everything else (prototype, statics, `instanceof`, subclassing, calling without `new`,
   * argument errors) is the original's, and `Ctor.prototype.constructor` points at the Proxy as it pointed at the
   * original. Returns the original, or undefined when the realm has no such constructor.
   *
   * @example
   * patcher.construct<WebSocket>('WebSocket', (socket) => remember(socket));
   */
  construct<T extends object>(
    name: string,
    created: (instance: T, args: readonly unknown[]) => void,
    aliases?: readonly string[],
  ): Function | undefined;
  /**
   * Replaces `owner[name]` (a method) with a wrapper that calls the original first, exactly as without us (the same
   * `this` and arguments, through the `Reflect.apply` taken at install, never the page's `Function.prototype.call`),
   * then hands `record` the receiver, the arguments and the result. The native's errors propagate unchanged and
   * nothing is recorded then; an error of `record` is counted (`onError`) and never reaches the page, which gets
   * the native's result as is. Returns the original, or undefined when `owner[name]` is not a function.
   *
   * @example
   * patcher.after<EventSource['close']>(EventSource.prototype, 'close', (source) => release(source));
   */
  after<F extends (...args: never[]) => unknown>(
    owner: object,
    name: PropertyKey,
    record: (self: unknown, args: Readonly<Partial<Parameters<F>>>, result: ReturnType<F>) => void,
  ): F | undefined;
  /**
   * Like {@link Patcher.after}, but `record` runs before the original (for what the call is about to change):
   * an error of `record` is counted and the original is called all the same.
   */
  before<F extends (...args: never[]) => unknown>(
    owner: object,
    name: PropertyKey,
    record: (self: unknown, args: Readonly<Partial<Parameters<F>>>) => void,
  ): F | undefined;
  /**
   * Replaces the setter of the accessor `owner[name]` with a wrapper that calls the original setter first (as
   * {@link Patcher.after} calls a method), then `record(self, value)`. Returns false when `owner[name]` has no setter.
   */
  afterSet(owner: object, name: PropertyKey, record: (self: unknown, value: unknown) => void): boolean;
}

/**
 * @param onError called when our own code fails inside a wrapper (the page's call goes on as without us).
 * @param masks the masks of a related realm already instrumented, when there is one.
 */
export function createPatcher(realm: typeof globalThis, onError: () => void, masks: Masks = new SafeWeakMap()): Patcher & { masks: Masks } {
  const fnProto = realm.Function.prototype;
  const nativeToString = fnProto.toString;

  type Trap = (target: Function, thisArg: unknown, args: unknown[]) => unknown;
  /** A Proxy of `original` whose calls run `trap`; looks like `original` in every way the page can check. */
  const proxyOf = <F extends Function>(original: F, trap: Trap): F => {
    // A null-prototype handler: a trap the page adds to Object.prototype (`Object.prototype.get = …`) must not
    // become one of ours.
    const handler = create(null) as ProxyHandler<F>;
    defineProperty(handler, 'apply', { value: trap });
    const proxy = new realm.Proxy(original, handler);
    masks.set(proxy, original);
    return proxy;
  };
  /** A Proxy of `original` that runs `impl` when called. */
  const wrap = <F extends Function>(original: F, impl: Function): F =>
    proxyOf(original, (_target, thisArg, args) => reflectApply(impl, thisArg, args));

  // The traps below call the original and `record` directly: no function of ours in between, so a wrapped call
  // costs the page no more than the trap itself. `args` is the array the engine made for the trap.
  const afterTrap =
    (original: Function, record: (self: unknown, args: never, result: never) => void): Trap =>
    (_target, thisArg, args) => {
      const result = reflectApply(original, thisArg, args);
      try {
        record(thisArg, args as never, result as never);
      } catch {
        onError(); // swallowed: the page gets the native's result whatever our bookkeeping did
      }
      return result;
    };
  const beforeTrap =
    (original: Function, record: (self: unknown, args: never) => void): Trap =>
    (_target, thisArg, args) => {
      try {
        record(thisArg, args as never);
      } catch {
        onError(); // swallowed: the page's call goes on as without us
      }
      return reflectApply(original, thisArg, args);
    };
  /** Replaces the method `owner[name]` with a Proxy whose calls run `trap(original)`; returns the original. */
  const replaceMethod = <F>(owner: object, name: PropertyKey, trap: (original: Function) => Trap): F | undefined => {
    const descriptor = getOwnPropertyDescriptor(owner, name);
    if (!descriptor || typeof descriptor.value !== 'function') return undefined;
    const original = descriptor.value as Function;
    defineProperty(owner, name, { ...descriptor, value: proxyOf(original, trap(original)) });
    return original as F;
  };

  const toString = wrap(nativeToString, function (this: unknown) {
    // A non-function `this` must throw the native TypeError: the native call does that for us.
    const shown = typeof this === 'function' ? (masks.get(this) ?? this) : this;
    return reflectApply(nativeToString, shown, []);
  });
  const toStringDescriptor = getOwnPropertyDescriptor(fnProto, 'toString');
  if (toStringDescriptor && typeof toStringDescriptor.value === 'function')
    defineProperty(fnProto, 'toString', { ...toStringDescriptor, value: toString });

  return {
    masks,
    construct(name, created, aliases = []) {
      const descriptor = getOwnPropertyDescriptor(realm, name);
      const original: unknown = descriptor?.value;
      if (!descriptor || typeof original !== 'function') return undefined;
      // A null-prototype handler: a trap the page adds to Object.prototype (`Object.prototype.apply = …`) must not
      // become one of ours.
      const handler = create(null) as ProxyHandler<Function>;
      handler.construct = (target, args, newTarget) => {
        // `new Ctor()` reaches us with the Proxy as new.target: give the native its own, as without us. Subclasses
        // keep theirs. Bad arguments throw here, natively, and nothing is recorded.
        const instance = reflectConstruct(target, args, newTarget === proxy ? target : newTarget) as Parameters<typeof created>[0];
        try {
          created(instance, args);
        } catch {
          onError(); // swallowed: the page gets its instance whatever our bookkeeping did
        }
        return instance;
      };
      const proxy = new realm.Proxy(original, handler);
      masks.set(proxy, original);
      defineProperty(realm, name, { ...descriptor, value: proxy });
      for (let i = 0; i < aliases.length; i++) {
        const alias = aliases[i]!;
        const aliasDescriptor = getOwnPropertyDescriptor(realm, alias);
        if (aliasDescriptor?.value === original) defineProperty(realm, alias, { ...aliasDescriptor, value: proxy });
      }
      const proto: unknown = (original as { prototype?: unknown }).prototype;
      if (typeof proto === 'object' && proto !== null) {
        const ctorDescriptor = getOwnPropertyDescriptor(proto, 'constructor');
        // `WebSocket.prototype.constructor === WebSocket` and `socket.constructor === WebSocket` must stay true.
        // (Legacy factories such as `Image` share another interface's prototype and are left alone.)
        if (ctorDescriptor && ctorDescriptor.value === original) defineProperty(proto, 'constructor', { ...ctorDescriptor, value: proxy });
      }
      return original;
    },
    method(owner, name, make) {
      const descriptor = getOwnPropertyDescriptor(owner, name);
      if (!descriptor || typeof descriptor.value !== 'function') return undefined;
      const original = descriptor.value as Parameters<typeof make>[0];
      defineProperty(owner, name, { ...descriptor, value: wrap(original, make(original)) });
      return original;
    },
    after: (owner, name, record) => replaceMethod(owner, name, (original) => afterTrap(original, record)),
    before: (owner, name, record) => replaceMethod(owner, name, (original) => beforeTrap(original, record)),
    afterSet(owner, name, record) {
      const descriptor = getOwnPropertyDescriptor(owner, name);
      const set = descriptor?.set;
      if (!descriptor || !set) return false;
      defineProperty(owner, name, {
        ...descriptor,
        set: proxyOf(
          set,
          afterTrap(set, (self, args: unknown[]) => record(self, args[0])),
        ),
      });
      return true;
    },
    accessor(owner, name, make) {
      const descriptor = getOwnPropertyDescriptor(owner, name);
      if (!descriptor || (!descriptor.get && !descriptor.set)) return false;
      const { get, set } = descriptor;
      defineProperty(owner, name, {
        ...descriptor,
        ...(get && make.get ? { get: wrap(get, make.get(get as () => unknown)) } : {}),
        ...(set && make.set ? { set: wrap(set, make.set(set as (value: unknown) => void)) } : {}),
      });
      return true;
    },
  };
}
