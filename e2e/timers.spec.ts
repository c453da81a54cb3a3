/**
 * Timers still scheduled: intervals never cleared, timeouts of 1 s or more still pending, and
 * requestAnimationFrame loops still re-arming, each with the line that scheduled it. Each leaky fixture has a
 * clean twin that must report no timer at all. Timer semantics (ids, `this`, extra arguments, string handlers,
 * clearing, nesting clamps) must equal a Chromium without Leakscope.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';
import { frameAt, summary } from './support/registry.ts';

const timerGroups = async (page: Page) => (await summary(page)).groups.filter((g) => g.kind === 'timer');
const timerCount = async (page: Page) => (await summary(page)).counts.timer;
/** Calls a global function of the fixture page. */
const call = <T = unknown>(page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window as unknown as Record<string, (...x: unknown[]) => unknown>)[n]!(...a), [name, args] as const) as Promise<T>;

test.describe('scheduled timers are tracked with the line that scheduled them', () => {
  test('setInterval never cleared, N times: one group of N, with its delay', async ({ fixturePage }) => {
    const page = await fixturePage('timers-leaky.html');
    await call(page, 'startPolling', 6);
    const groups = await timerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'setInterval', target: 'every 2500 ms', count: 6 });
    expect(groups[0]!.samples[0]).toEqual({ description: 'poll every 2500 ms', state: 'repeating every 2500 ms' });
    expect(groups[0]!.stack[0]).toMatchObject({ ...frameAt('timers-leaky.html', 'interval', 'setInterval('), functionName: 'startPolling' });
  });

  test('negative twin: intervals cleared, with clearInterval or clearTimeout, report nothing', async ({ fixturePage }) => {
    const page = await fixturePage('timers-clean.html');
    await call(page, 'startPolling', 6);
    expect(await timerGroups(page)).toEqual([]);
  });

  test('a 5 s setTimeout is tracked while pending and gone when cleared; short timeouts never appear', async ({ fixturePage }) => {
    const page = await fixturePage('timers-leaky.html');
    await call(page, 'startShortTimeouts', 20);
    expect(await timerCount(page)).toBe(0);
    await call(page, 'startTimeout');
    await call(page, 'startTimeout');
    const groups = await timerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'setTimeout', target: 'in 5000 ms', count: 2 });
    expect(groups[0]!.samples[0]!.description).toBe('later in 5000 ms');
    expect(groups[0]!.samples[0]!.state).toMatch(/^pending, fires in \d+ ms$/);
    expect(groups[0]!.stack[0]).toMatchObject({ ...frameAt('timers-leaky.html', 'timeout', 'setTimeout('), functionName: 'startTimeout' });
    await call(page, 'clearPending');
    expect(await timerCount(page)).toBe(0);
  });

  test('negative twin: a 5 s setTimeout cleared at once reports nothing', async ({ fixturePage }) => {
    const page = await fixturePage('timers-clean.html');
    await call(page, 'startTimeout');
    expect(await timerGroups(page)).toEqual([]);
  });

  test('long timeouts leave when they fire, function and string handlers alike', async ({ page, fixturePage }) => {
    await fixturePage('blank.html');
    await page.evaluate(() => {
      const w = window as unknown as { fired: string[] };
      w.fired = [];
      setTimeout(() => w.fired.push('function'), 1000);
      setTimeout('window.fired.push("string")', 1000);
    });
    expect(await timerCount(page)).toBe(2);
    await expect.poll(() => page.evaluate(() => (window as unknown as { fired: string[] }).fired.length)).toBe(2);
    await expect.poll(() => timerCount(page)).toBe(0);
  });

  test('a requestAnimationFrame loop is tracked while it runs and gone after cancelAnimationFrame', async ({ fixturePage }) => {
    const page = await fixturePage('timers-leaky.html');
    await page.bringToFront(); // hidden pages get no frames
    await call(page, 'startLoop');
    await expect.poll(() => call<number>(page, 'framesSoFar')).toBeGreaterThan(3);
    const groups = await timerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'requestAnimationFrame', target: 'every frame', count: 1 });
    expect(groups[0]!.samples[0]!.description).toBe('tick every frame');
    expect(groups[0]!.samples[0]!.state).toMatch(/^re-armed every frame, \d+ frames so far$/);
    expect(groups[0]!.stack[0]).toMatchObject({ ...frameAt('timers-leaky.html', 'loop', 'requestAnimationFrame('), functionName: 'tick' });
    // Still running a few frames later: still one loop.
    const frames = await call<number>(page, 'framesSoFar');
    await expect.poll(() => call<number>(page, 'framesSoFar')).toBeGreaterThan(frames + 2);
    expect(await timerCount(page)).toBe(1);
    await call(page, 'stopLoop');
    expect(await timerCount(page)).toBe(0);
  });

  test('negative twin: one-shot rAFs never appear; a loop that stops by itself leaves', async ({ fixturePage }) => {
    const page = await fixturePage('timers-clean.html');
    await page.bringToFront();
    await call(page, 'startOneShots', 10);
    expect(await timerCount(page)).toBe(0);
    await expect.poll(() => call<number>(page, 'oneShotsRun')).toBe(10);
    expect(await timerCount(page)).toBe(0);
    await call(page, 'startShortLoop', 5);
    await expect.poll(() => call<number>(page, 'framesSoFar')).toBe(5);
    await expect.poll(() => timerCount(page)).toBe(0);
    expect((await summary(page)).health.errors).toBe(0);
  });
});

test.describe('timer semantics equal a Chromium without Leakscope', () => {
  let plain: Browser;

  test.beforeAll(async () => {
    plain = await chromium.launch({ executablePath: resolveChromium().executablePath, args: BASE_ARGS });
  });
  test.afterAll(async () => {
    await plain?.close();
  });

  /**
   * Everything a page could observe of the timer functions: shape, ids, `this`, extra arguments, string handlers,
   * interchangeable and unknown clears, WebIDL conversions, errors, rAF callbacks and the nesting clamp. Waits
   * only on the timers themselves (a later timer of the same delay is a barrier).
   */
  const probe = async () => {
    const w = window as unknown as Record<string, unknown> & { log: unknown[] };
    const err = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const shape = (f: unknown) =>
      typeof f === 'function'
        ? {
            name: f.name,
            length: f.length,
            string: String(f),
            source: Function.prototype.toString.call(f),
            keys: Reflect.ownKeys(f).map(String),
            hasPrototype: 'prototype' in f,
          }
        : typeof f;
    const desc = (k: string) => {
      const d = Object.getOwnPropertyDescriptor(window, k);
      return d ? { w: d.writable, e: d.enumerable, c: d.configurable, value: shape(d.value) } : null;
    };
    const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    const out: Record<string, unknown> = {};
    const names = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame'];
    out.shapes = Object.fromEntries(names.map((n) => [n, desc(n)]));
    out.construct = names.map((n) => err(() => new (w[n] as new () => object)()));

    // `this` and extra arguments, short and long delays, sloppy and strict callbacks.
    out.calls = await new Promise((resolve) => {
      const seen: unknown[] = [];
      const done = () => seen.length === 4 && resolve(seen);
      setTimeout(
        function (this: unknown, ...args: unknown[]) {
          seen.push(['short', this === window, args]);
          done();
        },
        0,
        'a',
        2,
      );
      setTimeout(
        function (this: unknown, ...args: unknown[]) {
          seen.push(['long', this === window, args]);
          done();
        },
        1000,
        'b',
        { c: 3 },
      );
      setTimeout(new Function('"use strict"; window.log = [this === window, arguments.length]') as () => void, 0, 1, 2, 3);
      const id = setInterval(
        function (this: unknown, x: unknown) {
          clearInterval(id);
          seen.push(['interval', this === window, x, (window as unknown as { log: unknown }).log]);
          done();
        },
        5,
        'x',
      );
      // The string handler first, and the check well after it: timers due in the same turn run in the order of
      // their due times, and a millisecond between two calls on a busy machine would otherwise reorder them.
      setTimeout('window.codeRan = this === window', 1000);
      setTimeout(() => {
        seen.push(['string handlers are code', typeof (window as unknown as { codeRan?: unknown }).codeRan]);
        done();
      }, 1200);
    });
    // The string handler of a long timeout runs in the global scope.
    out.codeRan = (window as unknown as { codeRan?: unknown }).codeRan;

    // Ids: positive integers, distinct across setTimeout and setInterval, returned as the native gives them.
    const ids = [
      setTimeout(() => undefined, 0),
      setTimeout(() => undefined, 2000),
      setInterval(() => undefined, 3000),
      requestAnimationFrame(() => undefined),
    ] as unknown as number[];
    out.ids = ids.map((id) => typeof id === 'number' && Number.isInteger(id) && id > 0);
    out.distinct = new Set(ids.slice(0, 3)).size;
    clearTimeout(ids[1]);
    clearTimeout(ids[2]);
    cancelAnimationFrame(ids[3]!);

    // The clear functions are interchangeable; ids go through WebIDL `long` conversion; unknown ids are no-ops.
    const ran: string[] = [];
    const a = setTimeout(() => ran.push('timeout cleared by clearInterval'), 0);
    const b = setInterval(() => ran.push('interval cleared by clearTimeout'), 0);
    const c = setTimeout(() => ran.push('cleared by string id'), 0);
    const d = setTimeout(() => ran.push('long cleared by clearInterval'), 1500);
    const e = setTimeout(() => ran.push('cleared by fractional id'), 0);
    let valueOfCalls = 0;
    const f = setTimeout(() => ran.push('cleared by object id'), 0);
    out.clears = [
      clearInterval(a),
      clearTimeout(b),
      clearTimeout(String(c) as unknown as number),
      clearInterval(d),
      clearTimeout((e as unknown as number) + 0.75),
      clearTimeout({
        valueOf() {
          valueOfCalls++;
          return f;
        },
      } as unknown as number),
      clearTimeout(987654321),
      clearInterval(-1),
      (clearTimeout as (id?: number) => void)(),
      clearTimeout(null as unknown as number),
      clearTimeout('nope' as unknown as number),
      cancelAnimationFrame(987654321),
    ];
    out.clearErrors = [
      err(() => clearTimeout(Symbol() as unknown as number)),
      err(() => clearTimeout(1n as unknown as number)),
      err(() => clearTimeout.call({}, 1)),
    ];
    await after(0);
    out.ran = ran;
    out.valueOfCalls = valueOfCalls;

    // Delays go through the same conversion, once: an object delay's valueOf runs once.
    let delayCalls = 0;
    out.objectDelay = await new Promise((resolve) =>
      setTimeout(() => resolve(delayCalls), {
        valueOf() {
          delayCalls++;
          return 1;
        },
      } as unknown as number),
    );
    out.stringDelay = await new Promise((resolve) => {
      const start = performance.now();
      setTimeout(() => resolve(performance.now() - start >= 1000), '1000' as unknown as number);
    });

    // Errors of the page's own bad calls.
    out.errors = [
      err(() => (setTimeout as unknown as () => number)()),
      err(() => setTimeout.call({}, () => undefined, 1000)),
      err(() => setInterval.call(document, () => undefined, 10)),
      err(() => requestAnimationFrame(null as unknown as FrameRequestCallback)),
      err(() => requestAnimationFrame('code' as unknown as FrameRequestCallback)),
      err(() => setTimeout(() => undefined, Symbol() as unknown as number)),
      err(() => setInterval(() => undefined, 10n as unknown as number)),
    ];

    // rAF: `this`, arguments, ordering, and a callback that re-arms and then cancels its own request.
    out.raf = await new Promise((resolve) => {
      const order: unknown[] = [];
      requestAnimationFrame(function (this: unknown, t) {
        order.push(['first', this === window, arguments.length, typeof t]);
      });
      requestAnimationFrame(function (this: unknown) {
        'use strict';
        order.push(['strict', this === undefined]);
        const again = requestAnimationFrame(() => order.push('cancelled: never runs'));
        cancelAnimationFrame(again);
        requestAnimationFrame(() => {
          order.push('next frame');
          resolve(order);
        });
      });
    });
    const t1 = await frame();
    const t2 = await frame();
    out.rafTimes = t2 >= t1;

    // Exceptions in callbacks are reported, not swallowed, and do not stop later timers.
    out.reported = await new Promise((resolve) => {
      const messages: string[] = [];
      const onError = (event: ErrorEvent) => {
        messages.push(event.message);
        event.preventDefault();
      };
      window.addEventListener('error', onError);
      setTimeout(() => {
        throw new Error('short boom');
      }, 0);
      setTimeout(() => {
        throw new Error('long boom');
      }, 1000);
      requestAnimationFrame(() => {
        throw new Error('frame boom');
      });
      setTimeout(() => {
        window.removeEventListener('error', onError);
        resolve(messages.sort());
      }, 1001);
    });

    // Nesting: from the 5th nested level on, setTimeout(0) is clamped to 4 ms.
    out.clamped = await new Promise((resolve) => {
      const start = performance.now();
      let level = 0;
      const step = () => (++level < 12 ? setTimeout(step, 0) : resolve(performance.now() - start >= 20));
      setTimeout(step, 0);
    });
    return out;
  };

  test('ids, this, extra arguments, string handlers, clears, conversions, errors, rAF and clamping', async ({ page, fixturePage }) => {
    await fixturePage('blank.html');
    await page.bringToFront();
    const instrumented = await page.evaluate(probe);

    const plainPage = await plain.newPage();
    await plainPage.route(`${FIXTURE_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: readFileSync(new URL('./pages/blank.html', import.meta.url)) }),
    );
    await plainPage.goto(`${FIXTURE_ORIGIN}/blank.html`);
    const native = await plainPage.evaluate(probe);
    await plainPage.close();

    expect(instrumented).toEqual(native);
    // The DOM's own answers, so that a probe that saw nothing cannot pass.
    expect(native.calls).toEqual(
      expect.arrayContaining([
        ['short', true, ['a', 2]],
        ['long', true, ['b', { c: 3 }]],
        ['interval', true, 'x', [true, 3]],
        ['string handlers are code', 'boolean'],
      ]),
    );
    expect(native.codeRan).toBe(true);
    expect(native.ids).toEqual([true, true, true, true]);
    expect(native.distinct).toBe(3);
    expect(native.ran).toEqual([]);
    expect(native.valueOfCalls).toBe(1);
    expect(native.objectDelay).toBe(1);
    expect(native.stringDelay).toBe(true);
    expect(native.raf).toEqual([['first', true, 1, 'number'], ['strict', true], 'next frame']);
    expect(native.reported).toEqual(['Uncaught Error: frame boom', 'Uncaught Error: long boom', 'Uncaught Error: short boom']);
    expect(native.clamped).toBe(true);

    // Everything the probe scheduled was cleared or has fired: nothing is left counted.
    await expect.poll(() => timerCount(page)).toBe(0);
    expect((await summary(page)).health.errors).toBe(0);
  });
});
