import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Store, useStore } from './store.ts';

interface CounterState {
  n: number;
  label: string;
}

class Counter extends Store<CounterState> {
  constructor() {
    super({ n: 0, label: 'counter' });
  }
  increment = () => this.update({ n: this.current.n + 1 });
  replace = (state: CounterState) => this.set(state);
  dispose = () => this.close();
  isClosed = () => this.closed;
}

describe('Store', () => {
  it('get and state read the current state; update merges a patch into a new object', () => {
    const counter = new Counter();
    const before = counter.get();
    counter.increment();
    expect(counter.get()).toEqual({ n: 1, label: 'counter' });
    expect(counter.state).toBe(counter.get());
    expect(counter.get()).not.toBe(before);
    expect(before).toEqual({ n: 0, label: 'counter' }); // the old state is left as it was
  });

  it('tells each subscriber of each change until its disposer is called', () => {
    const counter = new Counter();
    const seen: number[] = [];
    const other: number[] = [];
    const stop = counter.subscribe(() => seen.push(counter.get().n));
    counter.subscribe(() => other.push(counter.get().n));
    counter.increment();
    counter.increment();
    stop();
    counter.increment();
    expect(seen).toEqual([1, 2]);
    expect(other).toEqual([1, 2, 3]);
  });

  it('set with the same object is no change; with another it is', () => {
    const counter = new Counter();
    let calls = 0;
    counter.subscribe(() => calls++);
    counter.replace(counter.get());
    expect(calls).toBe(0);
    counter.replace({ n: 5, label: 'five' });
    expect(calls).toBe(1);
    expect(counter.get().label).toBe('five');
  });

  it('a subscriber may unsubscribe itself, or subscribe another, while being told', () => {
    const counter = new Counter();
    const calls: string[] = [];
    const stop = counter.subscribe(() => {
      calls.push('first');
      stop();
      counter.subscribe(() => calls.push('late'));
    });
    counter.subscribe(() => calls.push('second'));
    counter.increment();
    expect(calls).toEqual(['first', 'second']);
    counter.increment();
    expect(calls).toEqual(['first', 'second', 'second', 'late']);
  });

  it('close drops the subscribers and ignores later changes and subscriptions', () => {
    const counter = new Counter();
    let calls = 0;
    counter.subscribe(() => calls++);
    counter.dispose();
    expect(counter.isClosed()).toBe(true);
    counter.increment();
    const stop = counter.subscribe(() => calls++);
    counter.increment();
    stop();
    expect(calls).toBe(0);
    expect(counter.get().n).toBe(0);
  });
});

describe('useStore', () => {
  function View({ store, selected }: { store: Counter; selected: boolean }) {
    const whole = useStore(store);
    const doubled = useStore(store, (s) => s.n * 2);
    return createElement('p', null, selected ? `doubled ${doubled}` : `${whole.label} ${whole.n}`);
  }

  it('renders the store state, whole or through a selector', () => {
    const counter = new Counter();
    counter.increment();
    counter.increment();
    expect(renderToStaticMarkup(createElement(View, { store: counter, selected: false }))).toBe('<p>counter 2</p>');
    expect(renderToStaticMarkup(createElement(View, { store: counter, selected: true }))).toBe('<p>doubled 4</p>');
  });
});
