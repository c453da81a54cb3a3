import { describe, expect, it } from 'vitest';
import type { Cdp } from './cdp.ts';
import { collect } from './collect.ts';
import { Connection, connectionState, TurnQueue } from './connection.ts';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A transport that answers the commands of a snapshot of an empty page, each after a turn of the event loop (so
 * that work not kept apart interleaves), and logs them.
 */
function fakeCdp(log: string[]): Cdp {
  return {
    transport: 'playwright',
    on: () => () => undefined,
    send: (async (method: string, params?: { expression?: string; returnByValue?: boolean }) => {
      log.push(method);
      await tick();
      switch (method) {
        case 'Page.getFrameTree':
          return { frameTree: { frame: { id: 'top', url: 'https://app.test/', securityOrigin: 'https://app.test', loaderId: 'l1' } } };
        case 'Runtime.evaluate':
          if (params?.expression?.includes('userAgent')) return { result: { value: { userAgent: 'Test', url: 'https://app.test/', title: 'Test' } } };
          if (params?.expression?.includes('summary()')) return { result: { value: { state: 'none' } } };
          return { result: params?.expression === '({})' ? { objectId: 'state' } : {} };
        case 'Runtime.callFunctionOn':
          return { result: params?.returnByValue ? { value: [] } : { objectId: 'targets' } };
        case 'Runtime.globalLexicalScopeNames':
          return { names: [] };
        case 'Runtime.getProperties':
          return { result: [] };
        case 'DOM.getDetachedDomNodes':
          return { detachedNodes: [] };
        case 'Performance.getMetrics':
          return { metrics: [{ name: 'Documents', value: 1 }] };
        case 'Runtime.getHeapUsage':
          return { usedSize: 1000, totalSize: 2000 };
        default:
          return {};
      }
    }) as Cdp['send'],
  };
}

describe('TurnQueue', () => {
  it('runs overlapping work one at a time, in order; a failed turn does not hold the next', async () => {
    const queue = new TurnQueue();
    const events: string[] = [];
    const work =
      (name: string, fail = false) =>
      async () => {
        events.push(`${name} start`);
        await tick();
        await tick();
        events.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.run(work('a')), queue.run(work('b', true)), queue.run(work('c'))]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'b', 'c']);
    expect(queue.busy).toBe(false);
  });

  it('lets the next turn go once the one before has run for maxWaitMs (a renderer that never answers)', async () => {
    const queue = new TurnQueue(30);
    void queue.run(() => new Promise<never>(() => undefined));
    const started = performance.now();
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('Connection', () => {
  it('two overlapping snapshots on one connection run one at a time', async () => {
    const alone: string[] = [];
    const one = new Connection(fakeCdp(alone));
    await collect(one);
    await collect(one);
    const overlapping: string[] = [];
    const connection = new Connection(fakeCdp(overlapping));
    const [a, b] = await Promise.all([collect(connection, { label: 'a' }), collect(connection, { label: 'b' })]);
    expect([a.meta.label, b.meta.label]).toEqual(['a', 'b']);
    expect(overlapping).toEqual(alone);
    // The check can fail: two connections over one transport do not wait for each other.
    const apart: string[] = [];
    const cdp = fakeCdp(apart);
    await Promise.all([collect(new Connection(cdp)), collect(new Connection(cdp))]);
    expect(apart).not.toEqual(alone);
  });

  it('a wrapper of the connection shares its queue and its state: it does not bypass the queue', async () => {
    const alone: string[] = [];
    const one = new Connection(fakeCdp(alone));
    await collect(one);
    await collect(one);
    const log: string[] = [];
    const connection = new Connection(fakeCdp(log));
    const wrapped: string[] = [];
    const wrapper = connection.withCdp((cdp) => ({
      ...cdp,
      send: ((method: string, ...params: unknown[]) => {
        wrapped.push(method);
        return (cdp.send as (m: string, ...p: unknown[]) => Promise<unknown>)(method, ...params);
      }) as Cdp['send'],
    }));
    await Promise.all([collect(connection), collect(wrapper)]);
    expect(log).toEqual(alone);
    // The wrapper's snapshot ran second, all of it after the first.
    expect(wrapped.length).toBeGreaterThan(10);
    expect(log.slice(-wrapped.length)).toEqual(wrapped);
    // The Performance agent turned on by the first snapshot is known to the wrapper's: enabled once, not twice.
    expect(log.filter((m) => m === 'Performance.enable')).toHaveLength(1);
    expect(wrapper.transport).toBe('playwright');
  });

  it('keeps each module its state, made once per connection', () => {
    const COUNT = connectionState('count', () => ({ n: 0 }));
    const connection = new Connection(fakeCdp([]));
    connection.state(COUNT).n++;
    connection.withCdp((cdp) => cdp).state(COUNT).n++;
    expect(connection.state(COUNT).n).toBe(2);
    expect(new Connection(connection.cdp).state(COUNT).n).toBe(0);
  });
});
