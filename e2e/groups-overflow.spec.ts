/**
 * A full group table degrades gracefully: a page that adds listeners to 60,000 rows with distinct ids (letters
 * only, so no two share a group) fills the registry's group table; the page still runs in a time of the order of
 * the same page without Leakscope, a listener it leaks afterwards is still counted (in the "(other)" group of its
 * kind) and the snapshots' health says the table overflowed. Its twin removes every listener and reports nothing.
 */
import { test, expect } from 'leakscope/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_GROUPS } from '../src/content/instrument/registry.ts';
import { PLAIN_CHROMIUM } from './support/launch.ts';

test.use({ launchOptions: PLAIN_CHROMIUM });

/** More rows than the group table holds (MAX_GROUPS), each a group of its own. */
const ROWS = MAX_GROUPS + 10_000;
const PAGE = readFileSync(new URL('./pages/many-groups.html', import.meta.url));
let url: string;
let close: () => Promise<void>;

test.beforeAll(async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
test.afterAll(() => close());

const addRows = (page: Page) => page.evaluate((n) => (window as unknown as { addRows(n: number): number }).addRows(n), ROWS);
const call = (page: Page, fn: 'removeRows' | 'leakOne') => page.evaluate((f) => (window as unknown as Record<string, () => void>)[f]!(), fn);

/** ms for adding the rows in a page without Leakscope, and in the test's instrumented page. */
async function timings(page: Page): Promise<{ native: number; instrumented: number }> {
  const plain = await page.context().browser()!.newContext();
  try {
    const nativePage = await plain.newPage();
    await nativePage.goto(url);
    expect(await nativePage.evaluate(() => Symbol.for('leakscope') in window)).toBe(false);
    const native = await addRows(nativePage);
    await page.goto(url);
    expect(await page.evaluate(() => Symbol.for('leakscope') in window)).toBe(true);
    const instrumented = await addRows(page);
    return { native, instrumented };
  } finally {
    await plain.close();
  }
}

for (const leaky of [true, false]) {
  test(`${ROWS.toLocaleString('en')} distinct groups, then ${leaky ? 'one leaked listener per cycle: still counted, health says the overflow' : 'every listener removed: nothing reported'}`, async ({
    page,
    leaks,
  }) => {
    test.setTimeout(180_000);
    const { native, instrumented } = await timings(page);
    test.info().annotations.push({
      type: 'rows',
      description: `${ROWS} rows with a listener each: ${Math.round(native)} ms native, ${Math.round(instrumented)} ms instrumented`,
    });
    // A sanity bound, not a benchmark (bench/instrument.bench.ts measures): a table that degraded into scans or
    // recursion would be orders of magnitude slower.
    expect(instrumented).toBeLessThan(10 * Math.max(native, 20));
    // The rows of the first fill are still there: all their listeners count, in real groups and in "(other)".
    const summary = await page.evaluate(() =>
      (window as unknown as Record<symbol, { summary(): { groups: { type: string; count: number }[]; health: { droppedGroups: number } } }>)[
        Symbol.for('leakscope')
      ]!.summary(),
    );
    expect(summary.groups.reduce((n, g) => n + (g.type === 'click' || g.type === '(other)' ? g.count : 0), 0)).toBe(ROWS);
    expect(summary.health.droppedGroups).toBeGreaterThanOrEqual(ROWS - MAX_GROUPS);
    await call(page, 'removeRows');

    const result = await leaks.cycle(
      async () => {
        await addRows(page);
        await call(page, 'removeRows');
        if (leaky) await call(page, 'leakOne');
      },
      { iterations: 3 },
    );
    const last = result.snapshots.at(-1)!;
    expect(last.health.droppedGroups).toBeGreaterThanOrEqual(ROWS);
    expect(result.report.notes.join('\n')).toContain('new groups did not fit the group table');
    if (!leaky) {
      await expect(result).toHaveNoLeaks();
      expect(last.groups.filter((g) => g.kind === 'listener')).toEqual([]);
      return;
    }
    // Made after the table was full: the listener kind's "(other)" group, one more per cycle.
    const [leak, ...others] = result.report.leaks;
    expect(others).toEqual([]);
    expect(leak).toMatchObject({ kind: 'listener', type: '(other)', target: '(other)', perIteration: 1, values: [1, 2, 3, 4] });
  });
}
