/**
 * Patching natives so that the page cannot tell. A wrapper is a Proxy of the native function whose `apply` trap
 * runs our code: `name`, `length`, the absent `prototype`, "is not a constructor" errors (whose text V8 builds
 * from the callee's source) and property descriptors are the native's own, and `Function.prototype.toString`
 * (patched once per realm, the same way) prints the native source for it. The original stays reachable for our
 * own use.
 */

/**
 * Wrapper -> what `Function.prototype.toString` must print for it. Shared by the same-origin realms of a page
 * (frames, popups): each realm's `toString` is asked about the others' wrappers too.
 */
export type Masks = WeakMap<Function, Function>;

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
   * instance to `created`. Everything else (prototype, statics, `instanceof`, subclassing, calling without `new`,
   * argument errors) is the original's, and `Ctor.prototype.constructor` points at the Proxy as it pointed at the
   * original. Returns the original, or undefined when the realm has no such constructor.
   *
   * @example
   * patcher.construct<WebSocket>('WebSocket', (socket) => remember(socket));
   */
  construct<T extends object>(name: string, created: (instance: T) => void, aliases?: readonly string[]): Function | undefined;
}

/**
 * @param onError called when our own code fails inside a wrapper (the page's call goes on as without us).
 * @param masks the masks of a related realm already instrumented, when there is one.
 */
export function createPatcher(realm: typeof globalThis, onError: () => void, masks: Masks = new WeakMap()): Patcher & { masks: Masks } {
  const fnProto = realm.Function.prototype;
  const nativeToString = fnProto.toString;
  const reflectApply = Reflect.apply;

  /** A Proxy of `original` that runs `impl` when called; looks like `original` in every way the page can check. */
  const wrap = <F extends Function>(original: F, impl: Function): F => {
    // A null-prototype handler: a trap the page adds to Object.prototype (`Object.prototype.get = …`) must not
    // become one of ours.
    const handler = Object.create(null) as ProxyHandler<F>;
    handler.apply = (_target, thisArg, args) => reflectApply(impl, thisArg, args);
    const proxy = new realm.Proxy(original, handler);
    masks.set(proxy, original);
    return proxy;
  };

  const toString = wrap(nativeToString, function (this: unknown) {
    // A non-function `this` must throw the native TypeError: the native call does that for us.
    const shown = typeof this === 'function' ? (masks.get(this) ?? this) : this;
    return reflectApply(nativeToString, shown, []);
  });
  const toStringDescriptor = Object.getOwnPropertyDescriptor(fnProto, 'toString');
  if (toStringDescriptor && typeof toStringDescriptor.value === 'function')
    Object.defineProperty(fnProto, 'toString', { ...toStringDescriptor, value: toString });

  const reflectConstruct = Reflect.construct;

  return {
    masks,
    construct(name, created, aliases = []) {
      const descriptor = Object.getOwnPropertyDescriptor(realm, name);
      const original: unknown = descriptor?.value;
      if (!descriptor || typeof original !== 'function') return undefined;
      // A null-prototype handler: a trap the page adds to Object.prototype (`Object.prototype.apply = …`) must not
      // become one of ours.
      const handler = Object.create(null) as ProxyHandler<Function>;
      handler.construct = (target, args, newTarget) => {
        // `new Ctor()` reaches us with the Proxy as new.target: give the native its own, as without us. Subclasses
        // keep theirs. Bad arguments throw here, natively, and nothing is recorded.
        const instance = reflectConstruct(target, args, newTarget === proxy ? target : newTarget) as Parameters<typeof created>[0];
        try {
          created(instance);
        } catch {
          onError(); // swallowed: the page gets its instance whatever our bookkeeping did
        }
        return instance;
      };
      const proxy = new realm.Proxy(original, handler);
      masks.set(proxy, original);
      Object.defineProperty(realm, name, { ...descriptor, value: proxy });
      for (const alias of aliases) {
        const aliasDescriptor = Object.getOwnPropertyDescriptor(realm, alias);
        if (aliasDescriptor?.value === original) Object.defineProperty(realm, alias, { ...aliasDescriptor, value: proxy });
      }
      const proto: unknown = (original as { prototype?: unknown }).prototype;
      if (typeof proto === 'object' && proto !== null) {
        const ctorDescriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
        // `WebSocket.prototype.constructor === WebSocket` and `socket.constructor === WebSocket` must stay true.
        // (Legacy factories such as `Image` share another interface's prototype and are left alone.)
        if (ctorDescriptor && ctorDescriptor.value === original) Object.defineProperty(proto, 'constructor', { ...ctorDescriptor, value: proxy });
      }
      return original;
    },
    method(owner, name, make) {
      const descriptor = Object.getOwnPropertyDescriptor(owner, name);
      if (!descriptor || typeof descriptor.value !== 'function') return undefined;
      const original = descriptor.value as Parameters<typeof make>[0];
      Object.defineProperty(owner, name, { ...descriptor, value: wrap(original, make(original)) });
      return original;
    },
    accessor(owner, name, make) {
      const descriptor = Object.getOwnPropertyDescriptor(owner, name);
      if (!descriptor || (!descriptor.get && !descriptor.set)) return false;
      const { get, set } = descriptor;
      Object.defineProperty(owner, name, {
        ...descriptor,
        ...(get && make.get ? { get: wrap(get, make.get(get as () => unknown)) } : {}),
        ...(set && make.set ? { set: wrap(set, make.set(set as (value: unknown) => void)) } : {}),
      });
      return true;
    },
  };
}
