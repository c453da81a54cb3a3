/**
 * The Playwright Test fixture and matcher, imported as a user imports them (`leakscope/playwright`, through the
 * package's own exports): leaky demo routes fail with the leak's kind, growth and line; their fixed twins pass; the
 * report is attached to the test result; budgets and plain snapshot series work.
 */
import { test, expect, type LeakResult } from 'leakscope/playwright';
import type { Page } from '@playwright/test';
import { visit, type DemoRoute } from '../demo/driver.ts';
import { leakMarker } from '../demo/markers.ts';
import { useDemoServer } from './support/demo-server.ts';
import { PLAIN_CHROMIUM } from './support/launch.ts';

test.describe.configure({ mode: 'parallel' });
test.use({ launchOptions: PLAIN_CHROMIUM });

const demo = useDemoServer(test);

/** The pattern Playwright Test reads every line of a failed test's error with, to find stack frames. */
const PLAYWRIGHT_FRAME = /^(?:\s*at )?(?:(new) )?(?:(.*?) \()?(?:eval at ([^ ]+) \((.+?):(\d+):(\d+)\), )?(?:(.+?):(\d+):(\d+)|(native))(\)?)$/;

/** The matcher's failure message, or undefined when it passed. */
async function failureOf(check: () => Promise<void>): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const roundTrip = (page: Page, route: Exclude<DemoRoute, 'home'>) => async () => {
  await visit(page, route);
  await visit(page, 'home');
};

test('listeners, leaky: toHaveNoLeaks fails listing each listener with its growth and line', async ({ page, leaks }) => {
  await page.goto(demo.url);
  const result = await leaks.cycle(roundTrip(page, 'listeners'), { iterations: 4, warmup: 1 });
  const message = await failureOf(() => expect(result).toHaveNoLeaks());
  expect(message).toBeDefined();
  const origin = demo.url.slice(0, -1);
  for (const [name, what] of [
    ['listeners-window', '"resize" listener on window'],
    ['listeners-document', '"keydown" listener on document'],
  ] as const) {
    const marker = leakMarker(name);
    expect(message).toContain(`- listener: ${what}, +1 per iteration (1 -> 2 -> 3 -> 4 -> 5) at ${origin}${marker.path}:${marker.line}`);
  }
  // Frames are written `url:line:column in name()`: Playwright takes no line of the message for a stack frame of its own.
  expect(message).toMatch(/\n {6}created at http:\/\/127\.0\.0\.1:\d+\/app\/routes\/listeners\.js:10:\d+ in attachResizeHandler\(\)\n/);
  expect(message!.split('\n').filter((line) => PLAYWRIGHT_FRAME.test(line))).toEqual([]);
  // The report is attached to this test's result.
  const names = test.info().attachments.map((a) => a.name);
  expect(names).toEqual(['leakscope-report.json', 'leakscope-report.html']);
  const json = JSON.parse(test.info().attachments[0]!.body!.toString('utf8')) as { schema: string; verdict: string };
  expect(json).toMatchObject({ schema: 'leakscope/report@1', verdict: 'leaks' });
});

test('listeners, fixed: toHaveNoLeaks passes', async ({ page, leaks }) => {
  await page.goto(`${demo.url}?fixed=1`);
  const result = await leaks.cycle(roundTrip(page, 'listeners'), { iterations: 4, warmup: 1 });
  await expect(result).toHaveNoLeaks();
  expect(result.snapshots).toHaveLength(5);
  expect(result.snapshots[0]!.health.instrumented).toBe(true);
});

test('detached, leaky: fails naming the detached root and where it was removed', async ({ page, leaks }) => {
  await page.goto(demo.url);
  const result = await leaks.cycle(roundTrip(page, 'detached'), { iterations: 4 });
  const message = await failureOf(() => expect(result).toHaveNoLeaks());
  expect(message).toMatch(
    /- detached-dom: detached section \(\d+ nodes each\), \+1 per iteration \(1 -> 2 -> 3 -> 4 -> 5\) at http:\/\/127\.0\.0\.1:\d+\/app\/routes\/detached\.js:\d+/,
  );
  expect(message).toContain('removed by');
  expect(message).toContain('pass { retainers: true } to leaks.cycle');
});

test('detached, leaky, with retainers: the message names the variable that keeps the nodes', async ({ page, leaks }) => {
  await page.goto(demo.url);
  const result = await leaks.cycle(roundTrip(page, 'detached'), { iterations: 3, retainers: true });
  const message = await failureOf(() => expect(result).toHaveNoLeaks());
  expect(message).toMatch(
    /\n {6}kept by renderedLists\[\d+\] \(<ul class="catalog"> of the subtree\), a variable of http:\/\/127\.0\.0\.1:\d+\/app\/routes\/detached\.js$/,
  );
  expect(message).not.toContain('retainers: true');
});

test('detached, fixed: passes', async ({ page, leaks }) => {
  await page.goto(`${demo.url}?fixed=1`);
  const result = await leaks.cycle(roundTrip(page, 'detached'), { iterations: 4 });
  await expect(result).toHaveNoLeaks();
});

test.describe('a leaky test fails the run', () => {
  // The leak must fail this test: test.fail() turns that expected failure into a pass, and a pass into a failure.
  test.fail();
  test('listeners, leaky, with the matcher as a user writes it', async ({ page, leaks }) => {
    await page.goto(demo.url);
    const result = await leaks.cycle(roundTrip(page, 'listeners'), { iterations: 3 });
    await expect(result).toHaveNoLeaks();
  });
});

test('budgets: listener leaks within 2 per iteration pass, within 1 do not', async ({ page, leaks }) => {
  await page.goto(demo.url);
  const result: LeakResult = await leaks.cycle(roundTrip(page, 'listeners'), { iterations: 3 });
  await expect(result).toHaveNoLeaks({ budget: { listener: 2, 'detached-dom': 1 } });
  const message = await failureOf(() => expect(result).toHaveNoLeaks({ budget: { listener: 1, 'detached-dom': 1 } }));
  expect(message).toMatch(/^Leakscope: 2 leaks found/);
});

test('snapshots taken by hand: a series passes or fails the same way', async ({ page, leaks }) => {
  for (const fixed of [true, false]) {
    await page.goto(fixed ? `${demo.url}?fixed=1` : demo.url);
    await roundTrip(page, 'listeners')();
    const series = [await leaks.snapshot('before')];
    for (let i = 0; i < 3; i++) {
      await roundTrip(page, 'listeners')();
      series.push(await leaks.snapshot(`after ${i + 1}`));
    }
    const message = await failureOf(() => expect(series).toHaveNoLeaks());
    if (fixed) expect(message).toBeUndefined();
    else expect(message).toContain('"resize" listener on window');
  }
});
