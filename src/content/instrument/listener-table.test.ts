import { describe, expect, it } from 'vitest';
import { captureOf, copyOptions, createKeys, flatten, ListenerTable, MAX_KEYS, withoutId, type Entry } from './listener-table.ts';

/** A target's entries as an array. */
function entriesOn<R>(table: ListenerTable<R>, target: object): Entry<R>[] {
  const out: Entry<R>[] = [];
  table.forEachOn(target, (e) => out.push(e));
  return out;
}

const keyOf = createKeys();
const entry = (key: string, listener: EventListenerOrEventListenerObject, resource = {}): Entry<object> => ({
  key,
  listener,
  resource,
  companion: undefined,
  next: undefined,
});

describe('capture normalisation', () => {
  it.each([
    [true, true],
    [{ capture: true }, true],
    [{ capture: 1 }, true],
    [false, false],
    [undefined, false],
    [null, false],
    [{}, false],
    [{ capture: false, once: true }, false],
    [1, true],
    ['', false],
  ])('addEventListener options %o capture %s', (options, capture) => {
    expect(flatten(options).capture).toBe(capture);
    expect(captureOf(options)).toBe(capture);
  });

  it('true and {capture: true} name the same listener; the phases are distinct', () => {
    expect(keyOf('click', flatten(true).capture)).toBe(keyOf('click', flatten({ capture: true }).capture));
    expect(keyOf('click', true)).not.toBe(keyOf('click', false));
    expect(keyOf('click', false)).toBe('0click');
    expect(keyOf('click', true)).toBe('1click');
  });

  it('a function is read as a dictionary, as WebIDL does', () => {
    const options = Object.assign(() => undefined, { capture: true, once: true });
    expect(flatten(options)).toEqual({ capture: true, once: true, passive: undefined, signal: undefined });
  });

  it('reads each option once, in the DOM order capture, once, passive, signal', () => {
    const reads: string[] = [];
    const options = {};
    for (const [name, value] of [
      ['signal', undefined],
      ['passive', 0],
      ['once', 'yes'],
      ['capture', 0],
    ] as const) {
      Object.defineProperty(options, name, {
        get: () => {
          reads.push(name);
          return value;
        },
      });
    }
    expect(flatten(options)).toEqual({ capture: false, once: true, passive: false, signal: undefined });
    expect(reads).toEqual(['capture', 'once', 'passive', 'signal']);
  });

  it("lets a throwing getter's error through, untouched", () => {
    const error = new Error('page getter');
    const options = {
      get once(): boolean {
        throw error;
      },
    };
    expect(() => flatten(options)).toThrow(error);
  });

  it('copies options without running the page getters again, and keeps a boolean as given', () => {
    let reads = 0;
    const options = {
      get capture() {
        reads++;
        return true;
      },
    };
    const flat = flatten(options);
    expect(copyOptions(options, flat, false)).toEqual({ capture: true, once: false, passive: undefined, signal: undefined });
    expect(reads).toBe(1);
    expect(copyOptions(true, flatten(true), false)).toBe(true);
    expect(copyOptions(undefined, flatten(undefined), false)).toBeUndefined();
  });
});

describe('createKeys', () => {
  it('returns the one key string per type and phase', () => {
    const keys = createKeys();
    const a = keys('scroll', false);
    expect(keys(`scr${'oll'}`, false)).toBe(a);
  });

  it('starts over when a page uses too many types, and still gives right keys', () => {
    const keys = createKeys();
    for (let i = 0; i < MAX_KEYS + 10; i++) expect(keys(`custom-${i}`, true)).toBe(`1custom-${i}`);
    expect(keys('custom-0', true)).toBe('1custom-0');
  });
});

describe('ListenerTable', () => {
  const f = () => undefined;
  const g = () => undefined;
  const click = keyOf('click', false);
  const clickCapture = keyOf('click', true);
  const key = keyOf('keydown', false);

  it('finds a listener by target, key and listener only', () => {
    const table = new ListenerTable<object>();
    const target = {};
    const e = entry(click, f);
    table.put(target, e);
    expect(table.lookup(target, click, f)).toBe(e);
    expect(table.lookup(target, clickCapture, f)).toBeUndefined();
    expect(table.lookup(target, click, g)).toBeUndefined();
    expect(table.lookup({}, click, f)).toBeUndefined();
  });

  it('pairs add and remove: removing needs the same key and listener', () => {
    const table = new ListenerTable<object>();
    const target = {};
    table.put(target, entry(clickCapture, f));
    expect(table.remove(target, click, f)).toBeUndefined();
    expect(table.remove(target, clickCapture, g)).toBeUndefined();
    expect(table.remove(target, clickCapture, f)?.listener).toBe(f);
    expect(table.remove(target, clickCapture, f)).toBeUndefined();
    expect(table.has(target)).toBe(false);
  });

  it('keeps one listener under several types and phases, removed one at a time in any order', () => {
    const table = new ListenerTable<object>();
    const target = {};
    const entries = [entry(click, f), entry(clickCapture, f), entry(key, f)];
    for (const e of entries) table.put(target, e);
    expect(
      entriesOn(table, target)
        .map((e) => e.key)
        .sort(),
    ).toEqual([click, clickCapture, key].sort());
    expect(table.remove(target, clickCapture, f)).toBe(entries[1]);
    expect(table.lookup(target, click, f)).toBe(entries[0]);
    expect(table.lookup(target, key, f)).toBe(entries[2]);
    expect(table.remove(target, key, f)).toBe(entries[2]);
    expect(table.remove(target, click, f)).toBe(entries[0]);
    expect(table.has(target)).toBe(false);
  });

  it('keeps many listeners of a target apart, and forgets the target with its last one', () => {
    const table = new ListenerTable<object>();
    const target = {};
    const listeners = Array.from({ length: 5 }, () => () => undefined);
    for (const l of listeners) table.put(target, entry(click, l));
    table.put(target, entry(key, listeners[0]!));
    expect(entriesOn(table, target)).toHaveLength(6);
    for (const l of listeners) expect(table.lookup(target, click, l)?.listener).toBe(l);
    for (const l of listeners.slice(1)) table.remove(target, click, l);
    expect(
      entriesOn(table, target)
        .map((e) => e.key)
        .sort(),
    ).toEqual([click, key].sort());
    table.remove(target, key, listeners[0]!);
    expect(table.has(target)).toBe(true);
    table.remove(target, click, listeners[0]!);
    expect(table.has(target)).toBe(false);
    expect(entriesOn(table, target)).toEqual([]);
  });

  it('handles handleEvent objects as listeners, by identity', () => {
    const table = new ListenerTable<object>();
    const target = {};
    const a = { handleEvent: () => undefined };
    const b = { handleEvent: a.handleEvent };
    table.put(target, entry(click, a));
    expect(table.lookup(target, click, a)).toBeDefined();
    expect(table.lookup(target, click, b)).toBeUndefined();
  });

  it('the same listener on two targets is two entries', () => {
    const table = new ListenerTable<object>();
    const one = {};
    const two = {};
    table.put(one, entry(click, f));
    table.put(two, entry(click, f));
    table.remove(one, click, f);
    expect(table.lookup(two, click, f)).toBeDefined();
  });

  it('compact keeps exactly the live targets given', () => {
    const table = new ListenerTable<object>();
    const live = {};
    const dropped = {};
    table.put(live, entry(click, f));
    table.put(live, entry(click, g));
    table.put(dropped, entry(click, f));
    table.compact([live, live]);
    expect(table.lookup(live, click, f)).toBeDefined();
    expect(table.lookup(live, click, g)).toBeDefined();
    expect(table.has(dropped)).toBe(false);
    // The table still works after compacting.
    table.put(dropped, entry(key, g));
    expect(table.lookup(dropped, key, g)).toBeDefined();
  });
});

describe('withoutId', () => {
  it.each([
    ['div#rowabx.item.on', 'div.item.on'],
    ['li#row-b', 'li'],
    ['button.primary', 'button.primary'],
    ['window', 'window'],
    ['div#', 'div'],
  ])('%s -> %s', (name, site) => {
    expect(withoutId(name)).toBe(site);
  });
});
