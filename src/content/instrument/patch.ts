/**
 * Patching natives so that the page cannot tell: a wrapper keeps the original's `name`, `length`, property
 * descriptor and `toString()` output, is not constructible (like WebIDL operations), and the original stays
 * reachable for our own use. The toString mask is installed once per realm.
 */

/** Wrapper -> what `Function.prototype.toString` must print for it. */
type Masks = WeakMap<Function, Function>;

export interface Patcher {
  /**
   * Replaces `owner[name]` (a method) with `make(original)`; returns the original. Does nothing and returns
   * undefined when `owner[name]` is not a function.
   */
  method<F extends (...args: never[]) => unknown>(owner: object, name: PropertyKey, make: (original: F) => F): F | undefined;
  /** Makes `wrapper` look like `original` (name, length, toString). */
  disguise(wrapper: Function, original: Function): void;
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
 */
export function createPatcher(realm: typeof globalThis, onError: () => void): Patcher {
  const masks: Masks = new WeakMap();
  const fnProto = realm.Function.prototype;
  const nativeToString = fnProto.toString;

  const disguise = (wrapper: Function, original: Function) => {
    masks.set(wrapper, original);
    // `name`/`length` of functions are configurable, non-writable, non-enumerable own properties.
    Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  };

  // Method syntax: not a constructor and no `prototype`, like the native toString.
  const toString = {
    toString(this: unknown) {
      // A non-function `this` must throw the native TypeError: the native call does that for us.
      const shown = typeof this === 'function' ? (masks.get(this) ?? this) : this;
      return nativeToString.call(shown as Function);
    },
  }.toString;
  const descriptor = Object.getOwnPropertyDescriptor(fnProto, 'toString');
  if (descriptor && typeof descriptor.value === 'function') {
    disguise(toString, nativeToString);
    Object.defineProperty(fnProto, 'toString', { ...descriptor, value: toString });
  }

  const reflectConstruct = Reflect.construct;

  return {
    disguise,
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
      disguise(proxy, original);
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
      const wrapper = make(original);
      disguise(wrapper, original);
      Object.defineProperty(owner, name, { ...descriptor, value: wrapper });
      return original;
    },
  };
}
