/**
 * The built-ins the page script uses, taken once when the bundle is evaluated: before any script of the page runs
 * (the bundle is the first script of every realm it instruments). The page may later replace, wrap, freeze or
 * break any global, prototype method or getter (`Array.prototype.push`, `Map.prototype.get`, `Symbol.for`,
 * `Function.prototype.call`, `window.Object`…); our code must neither call the page's versions (a no-op `push`
 * would silently lose what we track, a throwing `Map.prototype.get` would make the page's own calls throw) nor
 * change what the page's own calls do.
 *
 * So, in src/content/instrument (enforced by the lint rules for that folder):
 * - globals are read here only, never by name elsewhere (`window.Map = …` must not reach us);
 * - a method of a built-in is called through the function taken here (`sliceOf(s, 0, 9)`, not `s.slice(0, 9)`);
 * - collections are the `Safe*` classes: real Maps and Sets whose methods are the ones taken here, on a
 *   prototype of their own that the page never sees;
 * - no `for…of`, spread or array destructuring (they call the page's iterators); arrays grow by index.
 *
 * What stays the page's to change: getters of its own DOM objects (`event.type`), `Symbol.hasInstance` of a
 * constructor it redefines. Those reads are guarded; an error there is counted in the health, never thrown.
 */

/** The global object of the realm this bundle runs in, taken before any page script could rename `globalThis`. */
export const realmOfThisScript: typeof globalThis = globalThis;

const { apply, construct } = Reflect;
const { create, defineProperty, freeze, getOwnPropertyDescriptor, getOwnPropertyNames, getPrototypeOf } = Object;

export { apply, construct, create, defineProperty, freeze, getOwnPropertyDescriptor, getOwnPropertyNames, getPrototypeOf };
export const isArray = Array.isArray;
export const toStringValue = String;
export const toNumber = Number;
export const { min, max, round } = Math;
export const symbolFor = Symbol.for;
export const jsonStringify = JSON.stringify;
export const WeakRefCtor = WeakRef;
export const FinalizationRegistryCtor = FinalizationRegistry;
const DateCtor = Date;
const dateNow = Date.now;
/** `Date.now()`, through the native. */
export const DateNow = (): number => apply(dateNow, DateCtor, []);

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];
/**
 * `value instanceof Ctor` as the language defines it for plain constructors, whatever `Symbol.hasInstance` the page
 * defines on `Ctor` (a page could make every `instanceof EventTarget` false).
 */
export const isInstance = (value: unknown, Ctor: Function): boolean => apply(ordinaryHasInstance, Ctor, [value]);

/** `fn(self, ...args)` calls the built-in method `fn` taken now on `self`, whatever the prototype holds later. */
function uncurry<This, A extends unknown[], R>(fn: (this: This, ...args: A) => R): (self: This, ...args: A) => R {
  return (self, ...args) => apply(fn, self, args);
}

const StringProto = String.prototype;
export const sliceOf: (s: string, start?: number, end?: number) => string = uncurry(StringProto.slice);
export const indexOf: (s: string, search: string, from?: number) => number = uncurry(StringProto.indexOf);
export const lastIndexOf: (s: string, search: string, from?: number) => number = uncurry(StringProto.lastIndexOf);
export const startsWith: (s: string, search: string, from?: number) => boolean = uncurry(StringProto.startsWith);
export const toLowerCase: (s: string) => string = uncurry(StringProto.toLowerCase);

const regExpExec = RegExp.prototype.exec;
/** `re.exec(s)` with the native exec, whatever `RegExp.prototype.exec` is now (the native reads only `lastIndex`). */
export const execOf = (re: RegExp, s: string): RegExpExecArray | null => apply(regExpExec, re, [s]);

const weakRefDeref = WeakRef.prototype.deref;
/** `ref.deref()`, through the native. */
export const deref = <T extends WeakKey>(ref: WeakRef<T>): T | undefined => apply(weakRefDeref as (this: WeakRef<T>) => T | undefined, ref, []);

const ArrayProto = Array.prototype;
const arrayJoin = ArrayProto.join;
const arraySort = ArrayProto.sort;
/** `a.join(separator)`. */
export const join = (a: readonly unknown[], separator: string): string => apply(arrayJoin, a, [separator]);
/** Sorts `a` in place (`a.sort(compare)`). */
export const sortInPlace = <T>(a: T[], compare: (x: T, y: T) => number): T[] =>
  apply(arraySort as (this: T[], compare: (x: T, y: T) => number) => T[], a, [compare]);
/**
 * Appends `value` to `a` by index: never the page's `push`. (An index setter the page defines on `Array.prototype`
 * would still see it; no page does that by accident.)
 */
export const append = <T>(a: T[], value: T): number => {
  const n = a.length;
  a[n] = value;
  return n + 1;
};
/** A copy of `a[start..end)` made by hand: `Array.prototype.slice` would build it through the page's `constructor`. */
export function copyOf<T>(a: readonly T[], start = 0, end = a.length): T[] {
  const out: T[] = [];
  for (let i = max(0, start); i < end && i < a.length; i++) out[out.length] = a[i]!;
  return out;
}
/** `a.map(fn)`, by hand (see {@link copyOf}). */
export function mapOf<T, U>(a: readonly T[], fn: (value: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < a.length; i++) out[i] = fn(a[i]!, i);
  return out;
}

/**
 * A subclass-free copy of a collection class: `new SafeMap()` is a real Map (the same internal slots, so the
 * natives taken here work on it), with a null-prototype prototype of its own that holds those natives. The page
 * never gets hold of one, so nothing it does to `Map.prototype` reaches it. Iterate with `forEach`.
 */
function safeClass<C>(Native: new () => object, names: readonly PropertyKey[]): C {
  const proto = create(null) as object;
  const nativeProto = Native.prototype as object;
  for (let i = 0; i < names.length; i++) {
    const descriptor = getOwnPropertyDescriptor(nativeProto, names[i]!);
    if (descriptor) defineProperty(proto, names[i]!, descriptor);
  }
  const Safe = function Safe(this: unknown) {
    return construct(Native, [], Safe);
  };
  defineProperty(Safe, 'prototype', { value: freeze(proto) });
  return Safe as unknown as C;
}

/** A Map whose methods are the natives taken at install (see {@link safeClass}). */
export interface SafeMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): this;
  has(key: K): boolean;
  delete(key: K): boolean;
  clear(): void;
  readonly size: number;
  forEach(fn: (value: V, key: K) => void): void;
}
export interface SafeSet<T> {
  add(value: T): this;
  has(value: T): boolean;
  delete(value: T): boolean;
  clear(): void;
  readonly size: number;
  forEach(fn: (value: T) => void): void;
}
export interface SafeWeakMap<K extends WeakKey, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): this;
  has(key: K): boolean;
  delete(key: K): boolean;
}

export const SafeMap = safeClass<new <K, V>() => SafeMap<K, V>>(Map, ['get', 'set', 'has', 'delete', 'clear', 'size', 'forEach']);
export const SafeSet = safeClass<new <T>() => SafeSet<T>>(Set, ['add', 'has', 'delete', 'clear', 'size', 'forEach']);
export const SafeWeakMap = safeClass<new <K extends WeakKey, V>() => SafeWeakMap<K, V>>(WeakMap, ['get', 'set', 'has', 'delete']);

const registryRegister = FinalizationRegistry.prototype.register;
const registryUnregister = FinalizationRegistry.prototype.unregister;
/** `registry.register(target, held, token)`, through the native. */
export const registerFinalizer = <T>(registry: FinalizationRegistry<T>, target: WeakKey, held: T, token?: WeakKey): void =>
  void apply(
    registryRegister as (this: FinalizationRegistry<T>, ...args: unknown[]) => void,
    registry,
    token === undefined ? [target, held] : [target, held, token],
  );
/** `registry.unregister(token)`, through the native. */
export const unregisterFinalizer = (registry: FinalizationRegistry<unknown>, token: WeakKey): boolean => apply(registryUnregister, registry, [token]);

const performanceNow = typeof performance === 'object' ? performance.now : undefined;
const performanceObject = typeof performance === 'object' ? performance : undefined;
/** `performance.now()` through the native (a page may replace it to fake time); `Date.now` where there is none. */
export const now = (): number => (performanceNow && performanceObject ? apply(performanceNow, performanceObject, []) : DateNow());
