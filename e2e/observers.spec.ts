/**
 * Observers still observing: MutationObserver, ResizeObserver, IntersectionObserver and PerformanceObserver are
 * tracked from their first observe() until disconnect(), until unobserve() leaves them no target, or until garbage
 * collection frees them; grouped by type, first target and construction line. Each leaky fixture has a clean twin
 * that must report no observer at all. The wrapped constructors must look and behave exactly as in a Chromium
 * without Leakscope.
 *
 * Note: Playwright's main-world helpers (locators, waitForFunction) install a MutationObserver of their own, which
 * Leakscope rightly counts; these tests read the page with plain evaluate() only.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';
import { frameAt, summary } from './support/registry.ts';

const observerGroups = async (page: Page) => (await summary(page)).groups.filter((g) => g.kind === 'observer');
const observerCount = async (page: Page) => (await summary(page)).counts.observer;

test.describe('observers still observing are tracked with their construction line', () => {
  test('a MutationObserver on a long-lived element, never disconnected, N times: one group of N', async ({ fixturePage, context }) => {
    const page = await fixturePage('observers-leaky.html');
    await page.evaluate(() => (window as unknown as { startMutation(n: number): void }).startMutation(7));
    // The page keeps no reference: the observed element keeps them alive (and observing), through a collection too.
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    // Finalization callbacks run in a task after the collection: let one pass before reading.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    const groups = await observerGroups(page);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({ type: 'MutationObserver', target: 'div#host', count: 7 });
    expect(group!.stack[0]).toMatchObject(frameAt('observers-leaky.html', 'mutation', 'new MutationObserver'));
    expect(group!.stack[0]!.functionName).toBe('startMutation');
    expect(group!.samples[0]).toEqual({ description: 'MutationObserver on div#host', state: 'observing 1 targets, 0 detached' });
  });

  test('negative twin: MutationObservers disconnected after use report nothing', async ({ fixturePage }) => {
    const page = await fixturePage('observers-clean.html');
    await page.evaluate(() => (window as unknown as { startMutation(n: number): void }).startMutation(7));
    expect(await observerGroups(page)).toEqual([]);
  });

  test('a ResizeObserver counts while unobserve() leaves it a target', async ({ fixturePage }) => {
    const page = await fixturePage('observers-leaky.html');
    await page.evaluate(() => (window as unknown as { startResize(n: number): void }).startResize(3));
    const groups = await observerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'ResizeObserver', target: 'div#box.box', count: 3 });
    expect(groups[0]!.stack[0]).toMatchObject(frameAt('observers-leaky.html', 'resize', 'new ResizeObserver'));
    expect(groups[0]!.samples[0]!.state).toBe('observing 1 targets, 0 detached');
  });

  test('negative twin: a ResizeObserver whose last target is unobserved reports nothing', async ({ fixturePage }) => {
    const page = await fixturePage('observers-clean.html');
    await page.evaluate(() => (window as unknown as { startResize(n: number): void }).startResize(3));
    expect(await observerGroups(page)).toEqual([]);
  });

  test('IntersectionObservers never disconnected', async ({ fixturePage }) => {
    const page = await fixturePage('observers-leaky.html');
    await page.evaluate(() => (window as unknown as { startIntersection(n: number): void }).startIntersection(4));
    const groups = await observerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'IntersectionObserver', target: 'div#box.box', count: 4 });
    expect(groups[0]!.stack[0]).toMatchObject(frameAt('observers-leaky.html', 'intersection', 'new IntersectionObserver'));
  });

  test('negative twin: IntersectionObservers disconnected report nothing', async ({ fixturePage }) => {
    const page = await fixturePage('observers-clean.html');
    await page.evaluate(() => (window as unknown as { startIntersection(n: number): void }).startIntersection(4));
    expect(await observerGroups(page)).toEqual([]);
  });

  test('a PerformanceObserver observing entry types, and its disconnected twin', async ({ fixturePage }) => {
    const page = await fixturePage('observers-leaky.html');
    await page.evaluate(() => (window as unknown as { startPerformance(): void }).startPerformance());
    const groups = await observerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'PerformanceObserver', target: 'mark', count: 1 });
    expect(groups[0]!.samples[0]!.state).toBe('observing 2 entry types: mark, measure');
    expect(groups[0]!.stack[0]).toMatchObject(frameAt('observers-leaky.html', 'performance', 'new PerformanceObserver'));

    const clean = await fixturePage('observers-clean.html');
    await clean.evaluate(() => (window as unknown as { startPerformance(): void }).startPerformance());
    expect(await observerGroups(clean)).toEqual([]);
  });

  test('re-observing after disconnect() counts again until the next disconnect()', async ({ fixturePage }) => {
    const page = await fixturePage('observers-clean.html');
    expect(await page.evaluate(() => (window as unknown as { restart(): number }).restart())).toBe(1);
    expect(await observerCount(page)).toBe(0);
  });

  test('a subclass is recorded at its super() call and stays an instance of both classes', async ({ fixturePage }) => {
    const page = await fixturePage('observers-leaky.html');
    expect(await page.evaluate(() => (window as unknown as { startSubclass(): boolean }).startSubclass())).toBe(true);
    const groups = await observerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'MutationObserver', target: 'div#host', count: 1 });
    expect(groups[0]!.stack[0]).toMatchObject({ ...frameAt('observers-leaky.html', 'subclass', 'super('), functionName: 'new Watcher' });
  });

  test('an observer whose only target was removed: detached while held, untracked once both are dropped and collected', async ({
    fixturePage,
    context,
  }) => {
    const page = await fixturePage('observers-leaky.html');
    await page.evaluate(() => (window as unknown as { observeDetached(): void }).observeDetached());
    const groups = await observerGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'MutationObserver', target: 'section', count: 1 });
    expect(groups[0]!.samples[0]!.state).toBe('observing 1 targets, 1 detached');
    expect(groups[0]!.stack[0]).toMatchObject(frameAt('observers-leaky.html', 'detached', 'new MutationObserver'));

    const cdp = await context.newCDPSession(page);
    // Still held by the page: garbage collection must not untrack it.
    await cdp.send('HeapProfiler.collectGarbage');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await observerCount(page)).toBe(1);
    await page.evaluate(() => (window as unknown as { dropDetached(): void }).dropDetached());
    await expect
      .poll(async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return observerCount(page);
      })
      .toBe(0);
    await cdp.detach();
  });

  test('an observer the page keeps but whose targets are all collected no longer counts', async ({ page, fixturePage, context }) => {
    await fixturePage('blank.html');
    await page.evaluate(() => {
      const observer = new MutationObserver(() => undefined);
      for (let i = 0; i < 3; i++) observer.observe(document.createElement('div'), { attributes: true });
      (window as unknown as { kept: MutationObserver }).kept = observer;
    });
    expect(await observerCount(page)).toBe(1);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return observerCount(page);
      })
      .toBe(0);
    // It still works: observing again counts again.
    await page.evaluate(() => (window as unknown as { kept: MutationObserver }).kept.observe(document.body, { childList: true }));
    expect(await observerCount(page)).toBe(1);
    await cdp.detach();
  });

  test('many targets observed and unobserved one by one, and observers dropped unused, leave nothing', async ({ page, fixturePage, context }) => {
    await fixturePage('blank.html');
    const during = await page.evaluate(() => {
      const io = new IntersectionObserver(() => undefined);
      const els = Array.from({ length: 500 }, () => document.body.appendChild(document.createElement('p')));
      els.forEach((el) => io.observe(el));
      els.forEach((el) => io.observe(el)); // observing again is not a second target
      const readout = (window as unknown as Record<symbol, { summary(): { groups: { kind: string; samples: { state?: string }[] }[] } }>)[
        Symbol.for('leakscope')
      ]!;
      const state = readout.summary().groups.find((g) => g.kind === 'observer')?.samples[0]?.state;
      els.forEach((el) => io.unobserve(el));
      els.forEach((el) => el.remove());
      // Constructed but never observing: never counted, and nothing of them kept.
      for (let i = 0; i < 100; i++) new ResizeObserver(() => undefined);
      return state;
    });
    expect(during).toBe('observing 500 targets, 0 detached');
    expect(await observerCount(page)).toBe(0);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    expect(await observerCount(page)).toBe(0);
    await cdp.detach();
  });

  test('an observer that failed to observe (bad options) is not counted; errors are the native ones', async ({ page, fixturePage }) => {
    await fixturePage('blank.html');
    const errors = await page.evaluate(() => {
      const err = (f: () => unknown) => {
        try {
          f();
          return 'ok';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      return [
        err(() => new MutationObserver(() => undefined).observe(document.body, {})),
        err(() => new MutationObserver(() => undefined).observe(null as unknown as Node, { childList: true })),
        err(() => new ResizeObserver(() => undefined).observe(null as unknown as Element)),
      ];
    });
    expect(errors.every((e) => e.startsWith('TypeError: '))).toBe(true);
    expect(await observerCount(page)).toBe(0);
    expect((await summary(page)).health.errors).toBe(0);
  });
});

test.describe('wrapped observer constructors are indistinguishable from the native ones', () => {
  let plain: Browser;

  test.beforeAll(async () => {
    plain = await chromium.launch({ executablePath: resolveChromium().executablePath, args: BASE_ARGS });
  });
  test.afterAll(async () => {
    await plain?.close();
  });

  /** Everything a page could check about the four constructors; run with and without Leakscope. */
  const probe = async () => {
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
        ? { name: f.name, length: f.length, string: String(f), source: Function.prototype.toString.call(f), keys: Reflect.ownKeys(f).map(String) }
        : typeof f;
    const desc = (o: object, k: string) => {
      const d = Object.getOwnPropertyDescriptor(o, k);
      return d ? { w: d.writable, e: d.enumerable, c: d.configurable, get: typeof d.get, value: typeof d.value } : null;
    };
    const w = window as unknown as Record<string, new (...a: unknown[]) => object>;
    const out: Record<string, unknown> = {};
    for (const name of ['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver']) {
      const C = w[name]!;
      const proto = C.prototype as Record<string, unknown>;
      class Sub extends C {
        seen: boolean;
        constructor() {
          super(() => undefined);
          this.seen = new.target === Sub;
        }
      }
      const sub = new Sub();
      function Fake() {}
      Fake.prototype = Object.create(proto);
      const viaReflect = Reflect.construct(C, [() => undefined], Fake);
      const instance = new C(() => undefined);
      out[name] = {
        shape: shape(C),
        global: desc(window, name),
        prototype: desc(C, 'prototype'),
        protoConstructor: [proto.constructor === C, desc(proto, 'constructor')],
        protoKeys: Reflect.ownKeys(proto).map(String),
        methods: Object.fromEntries(['observe', 'unobserve', 'disconnect', 'takeRecords'].map((m) => [m, shape(proto[m])])),
        call: err(() => (C as unknown as () => void)()),
        missing: err(() => new C()),
        notCallback: err(() => new C(42)),
        instance: [
          instance instanceof C,
          Object.getPrototypeOf(instance) === proto,
          (instance as { constructor: unknown }).constructor === C,
          Object.prototype.toString.call(instance),
        ],
        viaConstructorProperty:
          Object.getPrototypeOf(new (instance as { constructor: new (f: () => void) => object }).constructor(() => undefined)) === proto,
        sub: [sub instanceof Sub, sub instanceof C, sub.seen, Object.getPrototypeOf(Sub) === C, Object.getPrototypeOf(sub) === Sub.prototype],
        reflect: Object.getPrototypeOf(viaReflect) === Fake.prototype,
        badThis: err(() => (proto.disconnect as () => void).call({})),
      };
    }
    out.alias = (window as unknown as { WebKitMutationObserver: unknown }).WebKitMutationObserver === MutationObserver;
    out.aliasGlobal = desc(window, 'WebKitMutationObserver');
    out.supportedEntryTypes = PerformanceObserver.supportedEntryTypes;
    // Callbacks still run natively: `this`, arguments and records.
    out.callback = await new Promise((resolve) => {
      const host = document.createElement('div');
      document.body.appendChild(host);
      const observer: MutationObserver = new MutationObserver(function (this: unknown, records, obs) {
        resolve([this === observer, obs === observer, arguments.length, records.map((r) => `${r.type}:${r.attributeName}`)]);
        observer.disconnect();
      });
      observer.observe(host, { attributes: true });
      host.setAttribute('data-x', '1');
    });
    return out;
  };

  test('shape, errors, instances, subclassing and callbacks equal a Chromium without Leakscope', async ({ page, fixturePage }) => {
    await fixturePage('blank.html');
    const instrumented = await page.evaluate(probe);

    const plainPage = await plain.newPage();
    await plainPage.route(`${FIXTURE_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: readFileSync(new URL('./pages/blank.html', import.meta.url)) }),
    );
    await plainPage.goto(`${FIXTURE_ORIGIN}/blank.html`);
    const native = await plainPage.evaluate(probe);
    await plainPage.close();

    expect(instrumented).toEqual(native);
    // And the native facts themselves, so that a probe that saw nothing cannot pass.
    expect((native.MutationObserver as { shape: { source: string } }).shape.source).toBe('function MutationObserver() { [native code] }');
    expect((native.MutationObserver as { missing: string }).missing).toMatch(/^TypeError: Failed to construct 'MutationObserver'/);
    expect((native.ResizeObserver as { sub: boolean[] }).sub).toEqual([true, true, true, true, true]);
    expect(native.alias).toBe(true);
    expect(native.callback).toEqual([true, true, 2, ['attributes:data-x']]);
    // The instrumented page's probe observed and disconnected, constructed many: none of it is left counted.
    expect(await observerCount(page)).toBe(0);
    const health = (await summary(page)).health;
    expect(health.errors).toBe(0);
    expect(health.patched).toEqual(
      expect.arrayContaining([
        'MutationObserver',
        'WebKitMutationObserver',
        'MutationObserver.prototype.observe',
        'ResizeObserver.prototype.unobserve',
      ]),
    );
  });
});
