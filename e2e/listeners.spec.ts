import { readListenerCount, readSummary } from '../src/playwright/readout.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

/** The page's live listener count as the registry reports it. */

test.describe('live listener count keeps DOM semantics', () => {
  test.beforeEach(async ({ fixturePage }) => {
    await fixturePage('blank.html');
  });

  test('duplicates are one listener; true and {capture:true} are the same; capture phases are distinct', async ({ page }) => {
    const calls = await page.evaluate(() => {
      let n = 0;
      const f = () => n++;
      const el = document.getElementById('host')!;
      el.addEventListener('click', f);
      el.addEventListener('click', f);
      el.addEventListener('click', f, false);
      el.addEventListener('click', f, true);
      el.addEventListener('click', f, { capture: true });
      el.click();
      return n;
    });
    expect(calls).toBe(2);
    expect(await readListenerCount(page)).toBe(2);
    await page.evaluate(() => {
      const el = document.getElementById('host')!;
      // Removing needs the same capture flag, however it is spelled.
      el.removeEventListener('click', () => undefined, true);
    });
    expect(await readListenerCount(page)).toBe(2);
  });

  test('remove matches on capture only, in any spelling', async ({ page }) => {
    expect(
      await page.evaluate(() => {
        const f = () => undefined;
        document.addEventListener('keydown', f, { capture: true, passive: true });
        document.addEventListener('keydown', f);
        document.removeEventListener('keydown', f, { capture: true });
        document.removeEventListener('keydown', f, { passive: true } as EventListenerOptions);
        return (window as unknown as Record<symbol, { stats(): { listeners: number } }>)[Symbol.for('leakscope')]!.stats().listeners;
      }),
    ).toBe(0);
  });

  test('once listeners run once and leave the count; removing them before they fire works', async ({ page }) => {
    const result = await page.evaluate(() => {
      let n = 0;
      const el = document.getElementById('host')!;
      const f = function (this: unknown) {
        if (this === el) n++;
      };
      el.addEventListener('click', f, { once: true });
      el.addEventListener('click', f, { once: true }); // a duplicate of a once listener is still one
      const g = () => (n += 100);
      el.addEventListener('click', g, { once: true });
      el.removeEventListener('click', g);
      el.click();
      el.click();
      return n;
    });
    expect(result).toBe(1);
    expect(await readListenerCount(page)).toBe(0);
  });

  test('a once listener skipped by an earlier stopImmediatePropagation stays counted until it runs; an abort drops it', async ({ page }) => {
    const counts = await page.evaluate(() => {
      const el = document.getElementById('host')!;
      const count = () => (window as unknown as Record<symbol, { stats(): { listeners: number } }>)[Symbol.for('leakscope')]!.stats().listeners;
      let stop = true;
      const stopper = (e: Event) => {
        if (stop) e.stopImmediatePropagation();
      };
      el.addEventListener('click', stopper);
      let ran = 0;
      el.addEventListener('click', () => ran++, { once: true });
      const controller = new AbortController();
      el.addEventListener('keydown', () => ran++, { once: true, signal: controller.signal });
      const added = count();
      el.click(); // skipped: the once listener is still there
      const skipped = count();
      stop = false;
      el.click(); // runs, and is gone
      const fired = count();
      controller.abort();
      const aborted = count();
      el.removeEventListener('click', stopper);
      return { added, skipped, fired, aborted, ran, after: count() };
    });
    expect(counts).toEqual({ added: 3, skipped: 3, fired: 2, aborted: 1, ran: 1, after: 0 });
  });

  test('an aborted signal removes the listener; an already aborted one never adds it', async ({ page }) => {
    const result = await page.evaluate(() => {
      let n = 0;
      const controller = new AbortController();
      window.addEventListener('resize', () => n++, { signal: controller.signal });
      window.addEventListener('scroll', () => n++, { signal: AbortSignal.abort() });
      const before = (window as unknown as Record<symbol, { stats(): { listeners: number } }>)[Symbol.for('leakscope')]!.stats().listeners;
      controller.abort();
      window.dispatchEvent(new Event('resize'));
      return { n, before };
    });
    expect(result).toEqual({ n: 0, before: 1 });
    expect(await readListenerCount(page)).toBe(0);
  });

  test('handleEvent objects, null listeners and bare global calls', async ({ page }) => {
    const result = await page.evaluate(() => {
      const seen: unknown[] = [];
      const handler = {
        handleEvent(this: unknown, e: Event) {
          seen.push(this === handler && e.type);
        },
      };
      document.addEventListener('custom', handler);
      document.addEventListener('custom', null as unknown as EventListener);
      // A bare call is the global object's addEventListener, as in `addEventListener('load', …)` at top level.
      const bare = () => seen.push('bare');
      (0, window.addEventListener)('custom', bare);
      document.dispatchEvent(new Event('custom'));
      window.dispatchEvent(new Event('custom'));
      return seen;
    });
    expect(result).toEqual(['custom', 'bare']);
    expect(await readListenerCount(page)).toBe(2);
    await page.evaluate(() => {
      document.removeEventListener('custom', null as unknown as EventListener);
    });
    expect(await readListenerCount(page)).toBe(2);
  });

  test('listeners on targets the page drops leave the count after garbage collection', async ({ page, context }) => {
    await page.evaluate(() => {
      for (let i = 0; i < 1000; i++) document.createElement('div').addEventListener('click', () => undefined);
      // One that stays alive and must stay counted.
      (window as unknown as { kept: Element }).kept = document.createElement('span');
      (window as unknown as { kept: Element }).kept.addEventListener('click', () => undefined);
    });
    expect(await readListenerCount(page)).toBe(1001);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return readListenerCount(page);
      })
      .toBe(1);
    await cdp.detach();
  });

  test('negative twin: a page that removes everything it adds reports zero', async ({ page }) => {
    await page.evaluate(() => {
      const el = document.getElementById('host')!;
      for (let i = 0; i < 50; i++) {
        const f = () => undefined;
        el.addEventListener('click', f, { capture: i % 2 === 0 });
        window.addEventListener('resize', f);
        el.removeEventListener('click', f, i % 2 === 0);
        window.removeEventListener('resize', f);
      }
    });
    expect(await readListenerCount(page)).toBe(0);
  });
});

test.describe('a listener leak is reported with the line that made it', () => {
  const leakGroups = async (page: import('@playwright/test').Page) => {
    await page.evaluate(() => (window as unknown as { cycle(n: number): void }).cycle(5));
    const summary = await readSummary(page);
    return summary!.groups.filter((g) => g.kind === 'listener' && g.type === 'resize');
  };

  test('leaky: five mounts leave five resize listeners, grouped, at the fixture line', async ({ fixturePage }) => {
    const page = await fixturePage('listeners-leak.html');
    const groups = await leakGroups(page);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ kind: 'listener', type: 'resize', target: 'window', count: 5, epochs: [{ epoch: 0, count: 5 }] });
    expect(groups[0]!.stack[0]).toEqual({ functionName: 'mountWidget', url: `${FIXTURE_ORIGIN}/listeners-leak.html`, line: 11, column: 16 });
    expect(groups[0]!.samples[0]).toEqual({ description: 'onResize on window' });
  });

  test('negative twin: the clean widget leaves nothing', async ({ fixturePage }) => {
    const page = await fixturePage('listeners-leak.html?clean');
    expect(await leakGroups(page)).toEqual([]);
  });
});

test('a page that replaces Function.prototype.call and apply sees no call of them from add, remove, once or abort', async ({ fixturePage, page }) => {
  await fixturePage('blank.html');
  const result = await page.evaluate(() => {
    const { call, apply } = Function.prototype;
    let used = 0;
    Function.prototype.call = function (this: (...a: unknown[]) => unknown, ...args: unknown[]): unknown {
      used++;
      return Reflect.apply(call, this, args);
    } as typeof call;
    Function.prototype.apply = function (this: (...a: unknown[]) => unknown, ...args: unknown[]): unknown {
      used++;
      return Reflect.apply(apply, this, args);
    } as typeof apply;
    const el = document.getElementById('host')!;
    let fired = 0;
    // A listener with an own `call`: the DOM calls the function itself, never this property.
    const once = Object.assign(() => fired++, { call: () => (fired += 100) });
    const plain = () => undefined;
    const controller = new AbortController();
    el.addEventListener('click', once, { once: true });
    el.addEventListener('click', plain, true);
    el.addEventListener('keydown', plain, { signal: controller.signal });
    el.click();
    el.removeEventListener('click', plain, { capture: true });
    controller.abort();
    Function.prototype.call = call;
    Function.prototype.apply = apply;
    return { used, fired };
  });
  expect(result).toEqual({ used: 0, fired: 1 });
  expect(await readListenerCount(page)).toBe(0);
});
