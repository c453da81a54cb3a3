/**
 * The panel's one store pattern: a model holds an immutable state object, replaces it on every change, and tells its
 * subscribers. Views read it with {@link useStore} (React's `useSyncExternalStore`), so a render always sees one
 * consistent state. The models (session.ts, debugger-session.ts, snapshots.ts, series.ts, theme.ts) extend
 * {@link Store}; nothing here touches the DOM, so they run in Node for the unit tests.
 */
import { useSyncExternalStore } from 'react';

/** What a view needs of a store: its current state, and a way to hear of changes. */
export interface ReadableStore<State> {
  readonly state: State;
  /** Calls `fn` after each change until the returned disposer is called. */
  subscribe: (fn: () => void) => () => void;
}

/**
 * A state holder with subscribers. Subclasses change the state with `set` or `update`; `close` (from their
 * `dispose`) drops the subscribers and ignores later changes.
 *
 * @example
 * class Counter extends Store<{ n: number }> {
 *   constructor() { super({ n: 0 }); }
 *   increment() { this.update({ n: this.current.n + 1 }); }
 * }
 * const counter = new Counter();
 * const stop = counter.subscribe(() => console.log(counter.get().n));
 * counter.increment(); // logs 1
 * stop();
 */
export class Store<State> implements ReadableStore<State> {
  /** The current state; subclasses read it, and change it only through `set` and `update`. */
  protected current: State;
  readonly #listeners = new Set<() => void>();
  #closed = false;

  constructor(initial: State) {
    this.current = initial;
  }

  get state(): State {
    return this.current;
  }

  /** The current state (the same as `state`, as a function for `useSyncExternalStore`). */
  get = (): State => this.current;

  subscribe = (fn: () => void): (() => void) => {
    if (this.#closed) return () => undefined;
    this.#listeners.add(fn);
    return () => void this.#listeners.delete(fn);
  };

  /** Whether `close` was called. */
  protected get closed(): boolean {
    return this.#closed;
  }

  /** Replaces the state and tells the subscribers; the same object again is no change. Ignored once closed. */
  protected set(next: State): void {
    if (this.#closed || Object.is(next, this.current)) return;
    this.current = next;
    // A copy: a subscriber may unsubscribe itself, or subscribe another, while being told.
    for (const fn of [...this.#listeners]) fn();
  }

  /** Merges `patch` into a new state object (the state must be an object). */
  protected update(patch: Partial<State>): void {
    this.set({ ...this.current, ...patch });
  }

  /** Drops every subscriber; later changes are ignored. */
  protected close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }
}

/**
 * A store's state in a React component, re-rendered on every change; with `select`, only the selected part (which
 * must be a value or a stable reference: a new object per call would re-render forever).
 *
 * @example
 * const { entries } = useStore(snapshots);
 * const attached = useStore(debugging, (s) => s.status === 'attached');
 */
export function useStore<State>(store: ReadableStore<State>): State;
export function useStore<State, Selected>(store: ReadableStore<State>, select: (state: State) => Selected): Selected;
export function useStore<State, Selected>(store: ReadableStore<State>, select?: (state: State) => Selected): State | Selected {
  const read = () => (select ? select(store.state) : store.state);
  // The same read on the server: the views' unit tests render them to markup in Node.
  return useSyncExternalStore(store.subscribe, read, read);
}
