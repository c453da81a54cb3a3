/**
 * The instrumentation must never keep the page's objects alive. Each scenario of e2e/pages/retention.html gives a
 * listener, an observer, a timer, an image, an object URL or a connection a closure over a view, cleans up as a
 * correct app does and drops the view; after a garbage collection Chrome must list no detached view, natively and
 * instrumented alike. The page keeping the view itself (`keep`) shows the check failing.
 */
import type { BrowserContext } from 'playwright-core';
import { launchPlain, type PlainBrowser } from './conformance/plain.ts';
import { fixtureUrl } from './conformance/serve.ts';
import { expect, test } from './fixtures.ts';

/** Scenario names, as the page lists them (checked below, so a scenario added to the page is not forgotten). */
const SCENARIOS = [
  'keep',
  'listener on a dropped element, never removed',
  'listeners on every row, removed later in the same task',
  'listener on window, removed',
  'handleEvent object on document, removed',
  'once listener on document, fired',
  'listener removed by an aborted signal',
  'on-handler property on window, cleared',
  'MutationObserver, disconnected',
  'ResizeObserver and IntersectionObserver, disconnected',
  'interval, cleared',
  'timeout, fired',
  'animation frame, fired',
  'image in the view, removed',
  'object URL, revoked',
  'socket that failed to connect',
  'broadcast channel, closed',
] as const;

/** Runs `scenario` on a fresh page of `context`; returns the scenarios whose views are detached and alive after GC. */
async function aliveAfter(context: BrowserContext, scenario: string): Promise<string[]> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(fixtureUrl('retention.html'));
    expect(await page.evaluate(() => (window as unknown as { scenarioNames: string[] }).scenarioNames)).toEqual([...SCENARIOS]);
    await page.evaluate((name) => (window as unknown as { runScenario(n: string): void }).runScenario(name), scenario);
    // Polled with plain evaluations: waitForFunction would install Playwright's own script in the page's world,
    // whose listeners pass through the instrumentation and could hide a hold on the page's last one.
    await expect.poll(() => page.evaluate(() => (window as unknown as { done?: string }).done)).toBe(scenario);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('DOM.enable');
    try {
      const { detachedNodes } = await cdp.send('DOM.getDetachedDomNodes');
      const out: string[] = [];
      for (const { treeNode } of detachedNodes) {
        const attrs = treeNode.attributes ?? [];
        const at = attrs.indexOf('data-scenario');
        if (treeNode.localName === 'section' && at >= 0) out.push(attrs[at + 1]!);
      }
      return out;
    } finally {
      await cdp.send('DOM.disable');
    }
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
}

let plain: PlainBrowser;
test.beforeAll(async () => {
  plain = await launchPlain();
});
test.afterAll(async () => {
  await plain.close();
});

for (const scenario of SCENARIOS) {
  const expected = scenario === 'keep' ? [scenario] : [];
  test(`${scenario}: ${expected.length ? 'the view the page keeps is found alive' : 'nothing of the view stays alive'}, natively and instrumented`, async () => {
    expect(await aliveAfter(plain.native, scenario), 'native').toEqual(expected);
    expect(await aliveAfter(plain.instrumented, scenario), 'instrumented').toEqual(expected);
  });
}
