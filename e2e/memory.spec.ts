/**
 * A leak detector that leaks is worthless: a page that churns through 1,000,000 listeners on throw-away elements
 * must not leave the instrumentation holding more than 2 MB once the garbage collector has run. The same page runs
 * natively and instrumented (init script) in one browser; we compare the JS heap after a forced GC, once our
 * FinalizationRegistry has caught up (the registry tracks as many resources as before the churn).
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { readSummary } from '../src/playwright/readout.ts';
import { launchPlain, type PlainBrowser } from './conformance/plain.ts';
import { fixtureUrl } from './conformance/serve.ts';
import { expect, test } from './fixtures.ts';

const LISTENERS = 1_000_000;
/** Per page.evaluate: small enough to keep each call short, large enough that the calls cost nothing. */
const CHUNK = 100_000;
const BUDGET_BYTES = 2 * 1024 * 1024;
/** Heap readings per measurement; the smallest wins (a reading can only be inflated by garbage not yet swept). */
const READINGS = 3;

interface Measurement {
  /** JS heap used after GC, before and after the churn, in bytes. */
  before: number;
  after: number;
  /** Resources the registry tracked before the churn, at its peak, and after GC (-1: not instrumented). */
  tracked: { before: number; peak: number; after: number };
}

async function trackedIn(page: Page): Promise<number> {
  return (await readSummary(page))?.health.tracked ?? -1;
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < READINGS; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    readings.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
  }
  return Math.min(...readings);
}

/** Loads e2e/pages/memory.html in `context` and churns LISTENERS listeners through it. */
async function measure(context: BrowserContext, remove: boolean): Promise<Measurement> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(fixtureUrl('memory.html'));
    const trackedBefore = await trackedIn(page);
    const before = await heapAfterGc(cdp);
    for (let done = 0; done < LISTENERS; done += CHUNK) {
      await page.evaluate(([n, r]) => (window as unknown as { churn(n: number, remove: boolean): void }).churn(n, r), [CHUNK, remove] as const);
    }
    const peak = await trackedIn(page);
    // FinalizationRegistry callbacks run in a task after the GC that found the targets dead: poll.
    await expect
      .poll(
        async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          return trackedIn(page);
        },
        { timeout: 60_000 },
      )
      .toBe(trackedBefore);
    const after = await heapAfterGc(cdp);
    return { before, after, tracked: { before: trackedBefore, peak, after: await trackedIn(page) } };
  } finally {
    await cdp.detach();
    await page.close();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

test.describe('the instrumentation retains under 2 MB after 1,000,000 listeners on throw-away elements', () => {
  test.describe.configure({ timeout: 5 * 60_000 });
  let plain: PlainBrowser;
  test.beforeAll(async () => {
    plain = await launchPlain();
  });
  test.afterAll(async () => {
    await plain.close();
  });

  for (const remove of [true, false]) {
    const variant = remove ? 'added and removed' : 'added, never removed, elements dropped';
    test(variant, async () => {
      const native = await measure(plain.native, remove);
      const instrumented = await measure(plain.instrumented, remove);
      const retained = instrumented.after - native.after;
      const growth = instrumented.after - instrumented.before - (native.after - native.before);
      console.log(
        `memory (${variant}): native ${mb(native.before)} -> ${mb(native.after)}; instrumented ${mb(instrumented.before)} -> ${mb(instrumented.after)}; ` +
          `instrumented minus native after GC ${mb(retained)} (at rest before the churn ${mb(instrumented.before - native.before)}, churn growth ${mb(growth)}); ` +
          `tracked ${instrumented.tracked.before} -> peak ${instrumented.tracked.peak} -> ${instrumented.tracked.after}`,
      );
      expect(native.tracked.after, 'the native page has no registry').toBe(-1);
      // Every listener was either removed or its element collected: nothing of it may stay tracked.
      expect(instrumented.tracked.after).toBe(instrumented.tracked.before);
      if (remove) expect(instrumented.tracked.peak, 'removed listeners leave the registry at once').toBe(instrumented.tracked.before);
      expect(retained, `instrumented minus native JS heap after GC (${mb(retained)}, of which the churn left ${mb(growth)})`).toBeLessThan(
        BUDGET_BYTES,
      );
    });
  }
});
