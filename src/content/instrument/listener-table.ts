/**
 * The listener tracker's state, apart from the DOM: how the page's `addEventListener` arguments name a listener
 * (the capture flag in any spelling, the options read once), and the table of live listeners per target, keyed as
 * the DOM keys them: (type, capture, listener). No DOM here; the tracker (listeners.ts) feeds it.
 */

import { SafeMap, SafeWeakMap, sliceOf } from './intrinsics.ts';

type Listener = EventListenerOrEventListenerObject;

/** Event types whose keys are kept made (a page adding listeners of ever new types starts the table over). */
export const MAX_KEYS = 256;

export interface Flattened {
  readonly capture: boolean;
  readonly once: boolean;
  readonly passive: boolean | undefined;
  readonly signal: AbortSignal | undefined;
}
const CAPTURE: Flattened = { capture: true, once: false, passive: undefined, signal: undefined };
const BUBBLE: Flattened = { capture: false, once: false, passive: undefined, signal: undefined };

/** WebIDL reads a function, like any object, as a dictionary; everything else is the boolean `capture`. */
export const isDictionary = (options: unknown): options is object =>
  options !== null && (typeof options === 'object' || typeof options === 'function');

/**
 * `addEventListener`'s options read once, in the order the DOM reads them ("flatten more"), so getters run exactly
 * once. A getter that throws throws from here: the page's own error, at the point the native would have thrown it.
 */
export const flatten = (options: unknown): Flattened => {
  if (!isDictionary(options)) return options ? CAPTURE : BUBBLE;
  const o = options as AddEventListenerOptions;
  const capture = !!o.capture;
  const once = !!o.once;
  const passiveRaw = o.passive;
  const signal = o.signal;
  return { capture, once, passive: passiveRaw === undefined ? undefined : !!passiveRaw, signal };
};

/** `removeEventListener`'s options: only the capture flag names the listener. */
export const captureOf = (options: unknown): boolean => (isDictionary(options) ? !!(options as EventListenerOptions).capture : !!options);

/** Options were read once already; the native gets a plain copy so the page's getters do not run twice. */
export const copyOptions = (options: unknown, flat: Flattened, once: boolean) =>
  isDictionary(options) ? { capture: flat.capture, once, passive: flat.passive, signal: flat.signal } : (options as boolean | undefined);

/**
 * A target's name without its id (`div#row-b.item` -> `div.item`), for call-site keys: the rows of one list differ
 * in their ids only and are added by one call site, as a burst; keyed by id, every row would take its own stack.
 */
export function withoutId(name: string): string {
  let hash = -1;
  for (let i = 0; i < name.length && hash === -1; i++) if (name[i] === '#') hash = i;
  if (hash === -1) return name;
  let end = hash + 1;
  while (end < name.length && name[end] !== '.') end++;
  return sliceOf(name, 0, hash) + sliceOf(name, end);
}

/**
 * The key of (type, capture): `${capture ? 1 : 0}${type}`. Keys of the event types seen are made once: a key built
 * anew on every call is a fresh string that each lookup compares character by character (and a page's few types
 * are asked for again and again).
 */
export function createKeys(): (type: string, capture: boolean) => string {
  const bubbling = new SafeMap<string, string>();
  const capturing = new SafeMap<string, string>();
  return (type, capture) => {
    const known = capture ? capturing : bubbling;
    let key = known.get(type);
    if (key === undefined) {
      if (known.size >= MAX_KEYS) known.clear();
      known.set(type, (key = (capture ? '1' : '0') + type));
    }
    return key;
  };
}

/**
 * One live listener: the page's (type, capture, listener) on a target. A target with one listener keeps its entry
 * as is; one with more keeps a Map by the page's listener. The rare listener added for several types or phases
 * chains its entries.
 */
export interface Entry<R> {
  /** From {@link createKeys}. */
  readonly key: string;
  readonly listener: Listener;
  /** What the tracker tracks for it. */
  readonly resource: R;
  /**
   * Only for `once`: our own one-shot listener, registered natively just before the page's, which fires right before
   * it and tells us the DOM dropped it; else undefined. The page's listener itself is registered as the page gave it.
   */
  readonly companion: EventListener | undefined;
  next: Entry<R> | undefined;
}

type Slot<R> = Entry<R> | SafeMap<Listener, Entry<R>>;
const isEntry = <R>(slot: Slot<R>): slot is Entry<R> => (slot as Partial<Entry<R>>).resource !== undefined;
const firstFor = <R>(slot: Slot<R> | undefined, listener: Listener): Entry<R> | undefined =>
  slot === undefined ? undefined : isEntry(slot) ? (slot.listener === listener ? slot : undefined) : slot.get(listener);

/**
 * target -> its entry, or page listener -> its entries (one per type and phase) when the target has several
 * listeners. Held in a WeakMap: an ephemeron, it lives as long as the target.
 *
 * @example
 * const table = new ListenerTable<Resource>();
 * table.put(el, { key: keyOf('click', true), listener, resource, companion: undefined, next: undefined });
 * table.lookup(el, keyOf('click', true), listener); // the entry
 */
export class ListenerTable<R> {
  private slots = new SafeWeakMap<object, Slot<R>>();

  /** The live entry of (key, listener) on `target`. */
  lookup(target: object, key: string, listener: Listener): Entry<R> | undefined {
    for (let entry = firstFor(this.slots.get(target), listener); entry; entry = entry.next) if (entry.key === key) return entry;
    return undefined;
  }

  /** Adds an entry (the caller checked it is not there yet). */
  put(target: object, entry: Entry<R>): void {
    const entries = this.slots;
    const slot = entries.get(target);
    if (slot === undefined) {
      entries.set(target, entry);
    } else if (!isEntry(slot)) {
      entry.next = slot.get(entry.listener);
      slot.set(entry.listener, entry);
    } else if (slot.listener === entry.listener) {
      entry.next = slot;
      entries.set(target, entry);
    } else {
      // A second listener: the target gets a Map.
      const byListener = new SafeMap<Listener, Entry<R>>();
      byListener.set(slot.listener, slot);
      byListener.set(entry.listener, entry);
      entries.set(target, byListener);
    }
  }

  /** Takes the entry of (key, listener) out of the table; returns it, or undefined when there was none. */
  remove(target: object, key: string, listener: Listener): Entry<R> | undefined {
    const entries = this.slots;
    const slot = entries.get(target);
    const first = firstFor(slot, listener);
    if (!slot || !first) return undefined;
    let entry: Entry<R> | undefined = first;
    let previous: Entry<R> | undefined;
    while (entry && entry.key !== key) {
      previous = entry;
      entry = entry.next;
    }
    if (!entry) return undefined;
    if (previous) previous.next = entry.next;
    else if (entry.next) {
      if (isEntry(slot)) entries.set(target, entry.next);
      else slot.set(listener, entry.next);
    } else if (isEntry(slot)) {
      entries.delete(target);
    } else {
      slot.delete(listener);
      // A target without listeners leaves the table: deleting keeps V8's table at the size of what is listened
      // to, so a million listeners added and removed on throw-away targets leave nothing behind.
      if (slot.size === 0) entries.delete(target);
    }
    return entry;
  }

  /** Calls `fn` with every entry of a target: each listener's chain, in turn. */
  forEachOn(target: object, fn: (entry: Entry<R>) => void): void {
    const slot = this.slots.get(target);
    if (slot === undefined) return;
    const chain = (first: Entry<R>) => {
      for (let e: Entry<R> | undefined = first; e; e = e.next) fn(e);
    };
    if (isEntry(slot)) chain(slot);
    else slot.forEach(chain);
  }

  /** Whether `target` has any entry. */
  has(target: object): boolean {
    return this.slots.has(target);
  }

  /**
   * Starts a fresh table holding only the entries of `liveTargets`. The garbage collector empties the entries of
   * dead targets but leaves a weak map's table at its peak size: after a million throw-away targets, megabytes. A
   * fresh table with only the live targets put back is the one way to give that memory back.
   */
  compact(liveTargets: readonly object[]): void {
    const old = this.slots;
    const fresh = new SafeWeakMap<object, Slot<R>>();
    for (let i = 0; i < liveTargets.length; i++) {
      const target = liveTargets[i]!;
      const slot = old.get(target);
      if (slot && !fresh.has(target)) fresh.set(target, slot);
    }
    this.slots = fresh;
  }
}
