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
}

export function createPatcher(realm: typeof globalThis): Patcher {
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

  return {
    disguise,
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
