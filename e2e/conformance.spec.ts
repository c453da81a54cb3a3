/**
 * Leakscope's page-side instrumentation is invisible: every conformance case (e2e/conformance/*.ts) observes the
 * same thing in a page without it and in an instrumented page, in a plain Chromium with the init script and in
 * the browser with the extension. The one allowed difference is declared by its case (the read-out symbol).
 * Each case is one test (native once, then both ways of instrumenting); the cases spread over the workers.
 */
import type { Page } from 'playwright-core';
import { readStats } from '../src/playwright/readout.ts';
import {
  differences,
  expectedInstrumented,
  observe,
  CONFORMANCE_PAGE,
  type CaseEnv,
  type ConformanceCase,
  type Observation,
} from './conformance/harness.ts';
import { CASES } from './conformance/index.ts';
import { launchPlain, type PlainBrowser } from './conformance/plain.ts';
import { startFixtureServer, type FixtureServer } from './conformance/serve.ts';
import { expect, test as base } from './fixtures.ts';

interface PlainPages {
  native: Page;
  instrumented: Page;
}

const test = base.extend<Record<never, never>, { plain: PlainPages; plainBrowser: PlainBrowser; server: FixtureServer; extPage: Page }>({
  server: [
    async ({}, use) => {
      const server = await startFixtureServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  plainBrowser: [
    async ({}, use) => {
      const plain = await launchPlain();
      await use(plain);
      await plain.close();
    },
    { scope: 'worker' },
  ],
  plain: [
    async ({ plainBrowser }, use) => {
      await use({ native: await plainBrowser.native.newPage(), instrumented: await plainBrowser.instrumented.newPage() });
    },
    { scope: 'worker' },
  ],
  // One page of the extension-loaded browser per worker, like the plain ones: each case loads a fresh document.
  extPage: [
    async ({ ext }, use) => {
      const page = await ext.context.newPage();
      await use(page);
      await page.close();
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ mode: 'parallel' });

/** Runs a case in a fresh document. */
async function run(page: Page, c: ConformanceCase, server: FixtureServer): Promise<Observation> {
  await page.goto(`${server.origin}/${CONFORMANCE_PAGE}`);
  return observe(page, c, envOf(server));
}

const envOf = (server: FixtureServer): CaseEnv => ({ echoUrl: server.echoUrl });

/**
 * Runs a case in an instrumented page.
 * @returns the observation, and how many errors of its own the instrumentation swallowed meanwhile (-1: it was
 *   not installed): a swallowed error means a tracker mistook the page's call, even when the page did not notice.
 */
async function runInstrumented(page: Page, c: ConformanceCase, server: FixtureServer): Promise<{ observation: Observation; errors: number }> {
  await page.goto(`${server.origin}/${CONFORMANCE_PAGE}`);
  if (!(await readStats(page))) return { observation: await observe(page, c, envOf(server)), errors: -1 };
  const observation = await observe(page, c, envOf(server));
  return { observation, errors: (await readStats(page))?.errors ?? -1 };
}

test('the suite has at least 100 distinct cases', () => {
  console.log(`conformance cases: ${CASES.length}`);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  expect(CASES.length).toBeGreaterThanOrEqual(100);
});

test.describe('native pages and instrumented ones (init script, extension) observe the same', () => {
  for (const c of CASES) {
    test(c.name, async ({ plain, extPage, server }) => {
      const native = await run(plain.native, c, server);
      const expected = expectedInstrumented(c, native);
      for (const [way, page] of [
        ['init script', plain.instrumented],
        ['extension', extPage],
      ] as const) {
        const instrumented = await runInstrumented(page, c, server);
        expect(instrumented.observation, way).toEqual(expected);
        expect(instrumented.errors, `${way}: errors the instrumentation swallowed (-1: not installed)`).toBe(0);
      }
    });
  }
});

test('negative twin: the suite notices a naive patch of addEventListener', async ({ plainBrowser, plain, server }) => {
  // What a careless tracker would do: a plain wrapper, no disguise. The suite must see it from several angles.
  const context = await plainBrowser.browser.newContext();
  await context.addInitScript({
    content: `{ const original = EventTarget.prototype.addEventListener;
      EventTarget.prototype.addEventListener = function addEventListener(type, listener, options) { return original.call(this, type, listener, options); }; }`,
  });
  const naive = await context.newPage();
  try {
    const noticed: string[] = [];
    for (const c of CASES.filter((c) => c.name.includes('addEventListener') || c.name.startsWith('natives: every own property of EventTarget'))) {
      if (differences(await run(plain.native, c, server), await run(naive, c, server)).length > 0) noticed.push(c.name);
    }
    expect(noticed).toEqual(
      expect.arrayContaining([
        'natives: EventTarget.prototype.addEventListener looks native (descriptor, name, length, toString, keys, not constructible)',
        'natives: every own property of EventTarget.prototype (descriptors and function shapes)',
      ]),
    );
  } finally {
    await context.close();
  }
});
