/**
 * The patcher in a realm of its own (a Node `vm` context: another global object, with its own `Function.prototype`,
 * `Proxy` and `Reflect`, as a page's realm is to the extension). What the page could check about a wrapper is
 * checked with the realm's own functions.
 */
import { runInContext, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createPatcher, type Patcher } from './patch.ts';

interface Setup {
  realm: typeof globalThis;
  patcher: Patcher;
  errors: () => number;
  /** Evaluates page code in the realm. */
  run: <T = unknown>(code: string) => T;
}

function setup(): Setup {
  const context = createContext({});
  const run = <T>(code: string) => runInContext(code, context) as T;
  const realm = run<typeof globalThis>('globalThis');
  let errors = 0;
  const patcher = createPatcher(realm, () => errors++);
  return { realm, patcher, errors: () => errors, run };
}

/** A page object with a method that records its calls, as a native would behave. */
function pageObject(s: Setup) {
  return s.run<{ calls: unknown[][]; sum(a: number, b: number): number; fail(): never }>(`({
    calls: [],
    sum(a, b) { 'use strict'; this.calls.push([this, ...arguments]); return a + b; },
    fail() { throw new TypeError('native says no'); },
  })`);
}

describe('Patcher.after', () => {
  it('calls the original first with the same this and arguments, then records them with the result', () => {
    const s = setup();
    const obj = pageObject(s);
    const seen: unknown[][] = [];
    const original = s.patcher.after<(a: number, b: number) => number>(obj, 'sum', (self, args, result) => {
      seen.push([self, [...args], result, obj.calls.length]);
    });
    expect(typeof original).toBe('function');
    expect(obj.sum(2, 3)).toBe(5);
    expect(obj.calls).toEqual([[obj, 2, 3]]);
    // Recorded after the native ran (one call already in its log), with its result.
    expect(seen).toEqual([[obj, [2, 3], 5, 1]]);
  });

  it('passes every argument on, extra ones included, and an absent this as undefined', () => {
    const s = setup();
    const obj = pageObject(s);
    s.patcher.after(obj, 'sum', () => undefined);
    const sum = obj.sum;
    expect(() => sum(1, 2)).toThrow(s.realm.TypeError); // the strict original sees `this` undefined, as without us
    expect(Reflect.apply(obj.sum, obj, [1, 2, 3])).toBe(3);
    expect(obj.calls.at(-1)).toEqual([obj, 1, 2, 3]);
  });

  it("lets the native's error through unchanged and records nothing", () => {
    const s = setup();
    const obj = pageObject(s);
    let recorded = 0;
    s.patcher.after(obj, 'fail', () => recorded++);
    let thrown: unknown;
    try {
      obj.fail();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(s.realm.TypeError);
    expect((thrown as Error).message).toBe('native says no');
    expect(recorded).toBe(0);
    expect(s.errors()).toBe(0);
  });

  it('swallows and counts an error of the bookkeeping; the page gets the result', () => {
    const s = setup();
    const obj = pageObject(s);
    s.patcher.after(obj, 'sum', () => {
      throw new Error('our bug');
    });
    expect(obj.sum(4, 5)).toBe(9);
    expect(obj.sum(1, 1)).toBe(2);
    expect(s.errors()).toBe(2);
  });

  it('looks native: name, length, toString, no prototype, not a constructor, same descriptor', () => {
    const s = setup();
    const push = s.realm.Array.prototype.push;
    const before = Object.getOwnPropertyDescriptor(s.realm.Array.prototype, 'push')!;
    s.patcher.after(s.realm.Array.prototype, 'push', () => undefined);
    const wrapped = s.realm.Array.prototype.push;
    expect(wrapped).not.toBe(push);
    expect(s.run('Array.prototype.push.name')).toBe('push');
    expect(s.run('Array.prototype.push.length')).toBe(1);
    expect(s.run('Array.prototype.push.toString()')).toBe('function push() { [native code] }');
    expect(s.run('Function.prototype.toString.call(Array.prototype.push)')).toBe('function push() { [native code] }');
    expect(s.run("'prototype' in Array.prototype.push")).toBe(false);
    expect(s.run('try { new Array.prototype.push(); "constructed" } catch (e) { e.constructor.name + ": " + e.message }')).toBe(
      'TypeError: Array.prototype.push is not a constructor',
    );
    const after = Object.getOwnPropertyDescriptor(s.realm.Array.prototype, 'push')!;
    expect({ ...after, value: undefined }).toEqual({ ...before, value: undefined });
    expect(s.run('[1].push(2, 3)')).toBe(3);
  });

  it("never calls the page's Function.prototype.call or apply", () => {
    const s = setup();
    const obj = pageObject(s);
    let recorded = 0;
    s.patcher.after(obj, 'sum', () => recorded++);
    const used = s.run<() => number>(`(() => {
      let used = 0;
      const { call, apply } = Function.prototype;
      Function.prototype.call = function () { used++; return Reflect.apply(call, this, arguments); };
      Function.prototype.apply = function () { used++; return Reflect.apply(apply, this, arguments); };
      Reflect.apply = function () { used++; throw new Error('page Reflect.apply'); };
      return () => used;
    })()`);
    expect(obj.sum(1, 2)).toBe(3);
    expect(used()).toBe(0);
    expect(recorded).toBe(1);
  });

  it('returns undefined and changes nothing when the property is not a method', () => {
    const s = setup();
    const obj = {
      value: 1,
      get getter() {
        return 2;
      },
    };
    expect(s.patcher.after(obj, 'value', () => undefined)).toBeUndefined();
    expect(s.patcher.after(obj, 'getter', () => undefined)).toBeUndefined();
    expect(s.patcher.after(obj, 'missing', () => undefined)).toBeUndefined();
    expect(obj.value).toBe(1);
    expect(obj.getter).toBe(2);
  });
});

describe('Patcher.before', () => {
  it('records before the original runs, then returns what the original returns', () => {
    const s = setup();
    const obj = pageObject(s);
    const order: string[] = [];
    s.patcher.before<(a: number, b: number) => number>(obj, 'sum', (self, args) => {
      expect(self).toBe(obj);
      order.push(`record ${args[0]} ${args[1]} after ${obj.calls.length} calls`);
    });
    expect(obj.sum(1, 2)).toBe(3);
    expect(order).toEqual(['record 1 2 after 0 calls']);
    expect(obj.calls).toHaveLength(1);
  });

  it('calls the original even when the bookkeeping throws, and counts the error', () => {
    const s = setup();
    const obj = pageObject(s);
    s.patcher.before(obj, 'sum', () => {
      throw new Error('our bug');
    });
    expect(obj.sum(2, 2)).toBe(4);
    expect(obj.calls).toHaveLength(1);
    expect(s.errors()).toBe(1);
  });

  it("lets the native's error through after recording", () => {
    const s = setup();
    const obj = pageObject(s);
    let recorded = 0;
    s.patcher.before(obj, 'fail', () => recorded++);
    expect(() => obj.fail()).toThrow('native says no');
    expect(recorded).toBe(1);
  });
});

describe('Patcher.afterSet', () => {
  const withAccessor = (s: Setup) =>
    s.run<{ log: unknown[]; value: unknown }>(`(() => {
      const log = [];
      let stored;
      const proto = {};
      Object.defineProperty(proto, 'value', {
        get() { return stored; },
        set(v) { 'use strict'; log.push(arguments.length); stored = v; },
        configurable: true,
        enumerable: true,
      });
      const obj = Object.create(proto);
      obj.log = log;
      return obj;
    })()`);

  it('sets through the native setter, then records the value; the getter is untouched', () => {
    const s = setup();
    const obj = withAccessor(s);
    const proto = Object.getPrototypeOf(obj) as object;
    const getter = Object.getOwnPropertyDescriptor(proto, 'value')!.get;
    const recorded: unknown[] = [];
    expect(
      s.patcher.afterSet(proto, 'value', (self, value) => {
        recorded.push([self === obj, value, (self as { value: unknown }).value]);
      }),
    ).toBe(true);
    obj.value = 'a';
    expect(recorded).toEqual([[true, 'a', 'a']]);
    expect(Object.getOwnPropertyDescriptor(proto, 'value')!.get).toBe(getter);
    expect(s.run('(o) => Function.prototype.toString.call(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(o), "value").set)')).toBeTypeOf(
      'function',
    );
  });

  it('passes the arguments as given: a setter called directly with none gets none', () => {
    const s = setup();
    const obj = withAccessor(s);
    const proto = Object.getPrototypeOf(obj) as object;
    s.patcher.afterSet(proto, 'value', () => undefined);
    const set = Object.getOwnPropertyDescriptor(proto, 'value')!.set!;
    Reflect.apply(set, obj, []);
    obj.value = 1;
    expect(obj.log).toEqual([0, 1]);
  });

  it('counts an error of the bookkeeping and keeps the value set', () => {
    const s = setup();
    const obj = withAccessor(s);
    s.patcher.afterSet(Object.getPrototypeOf(obj) as object, 'value', () => {
      throw new Error('our bug');
    });
    obj.value = 7;
    expect(obj.value).toBe(7);
    expect(s.errors()).toBe(1);
  });

  it('returns false for a data property or a getter-only accessor', () => {
    const s = setup();
    const obj = {
      plain: 1,
      get readOnly() {
        return 1;
      },
    };
    expect(s.patcher.afterSet(obj, 'plain', () => undefined)).toBe(false);
    expect(s.patcher.afterSet(obj, 'readOnly', () => undefined)).toBe(false);
  });
});

describe('Function.prototype.toString', () => {
  it('prints the native source for every wrapper and keeps its own native look', () => {
    const s = setup();
    const obj = pageObject(s);
    const source = s.run<(f: unknown) => string>('(f) => Function.prototype.toString.call(f)');
    const originalSource = source(obj.sum);
    s.patcher.after(obj, 'sum', () => undefined);
    expect(source(obj.sum)).toBe(originalSource);
    expect(s.run('Function.prototype.toString.toString()')).toBe('function toString() { [native code] }');
    expect(s.run('try { Function.prototype.toString.call({}); "no error" } catch (e) { e.constructor === TypeError }')).toBe(true);
  });
});

describe('Patcher.construct', () => {
  it('hands each new instance to the callback and keeps prototype, instanceof and subclassing', () => {
    const s = setup();
    s.run('globalThis.Thing = class Thing { constructor(x) { this.x = x; } }');
    const made: unknown[] = [];
    const original = s.patcher.construct<{ x: number }>('Thing', (instance) => made.push(instance.x));
    expect(original).toBeTypeOf('function');
    expect(s.run('new Thing(1) instanceof Thing')).toBe(true);
    expect(s.run('Thing.prototype.constructor === Thing')).toBe(true);
    expect(s.run('class Sub extends Thing {}; const sub = new Sub(2); sub instanceof Sub && sub.x === 2')).toBe(true);
    expect(made).toEqual([1, 2]);
  });

  it('counts an error of the callback and still returns the instance', () => {
    const s = setup();
    s.run('globalThis.Thing = class Thing {}');
    s.patcher.construct('Thing', () => {
      throw new Error('our bug');
    });
    expect(s.run('new Thing() instanceof Thing')).toBe(true);
    expect(s.errors()).toBe(1);
  });
});
