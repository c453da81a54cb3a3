/**
 * Workers in the registry: dedicated Workers from `new Worker()` until `terminate()`, a failed load or collection,
 * and SharedWorkers until their port is closed. Each leak has a clean twin that must report nothing. The tests run
 * with the extension loaded (the `fixturePage` fixture), and once more with the page script as an init script.
 */
import type { Page } from 'playwright-core';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';
import { openInitScriptPage } from './support/launch.ts';
import { countAfterGc, frameAt, summary } from './support/registry.ts';

const workerGroups = async (page: Page) => (await summary(page)).groups.filter((g) => g.kind === 'worker');
const call = (page: Page, fn: string, n?: number) =>
  page.evaluate(([name, arg]) => (window as unknown as Record<string, (n?: number) => unknown>)[name]!(arg), [fn, n] as const);

test.describe('dedicated and shared workers still running are tracked with their creation line', () => {
  test('workers started and never terminated: one group with their count, kept after GC, at the fixture line', async ({ fixturePage, context }) => {
    const page = await fixturePage('workers-leaky.html');
    await call(page, 'startWorkers', 4);
    await call(page, 'startWithoutListener', 2);
    const afterGc = await countAfterGc(context, page, 'worker');
    // The browser keeps running workers alive, with or without listeners: still counted once collected.
    await expect.poll(afterGc).toBe(6);
    const groups = await workerGroups(page);
    const leaky = groups.find((g) => g.stack[0]?.functionName === 'startWorkers')!;
    expect(leaky).toMatchObject({ type: 'Worker', target: 'worker-echo.js', count: 4 });
    expect(leaky.stack[0]).toMatchObject(frameAt('workers-leaky.html', 'worker', 'new Worker'));
    expect(leaky.samples[0]!.description).toMatch(/^worker-echo\.js\?n=\d$/);
    expect(leaky.samples[0]!.state).toMatch(/^running for /);
    const plain = groups.find((g) => g.stack[0]?.functionName === 'startWithoutListener')!;
    expect(plain).toMatchObject({ type: 'Worker', target: 'worker-echo.js', count: 2 });
    expect(plain.stack[0]).toMatchObject(frameAt('workers-leaky.html', 'plain', 'new Worker'));
  });

  test('a module worker named by a URL object, and blob: workers as one target', async ({ fixturePage }) => {
    const page = await fixturePage('workers-leaky.html');
    await call(page, 'startModuleWorkers', 2);
    await call(page, 'startBlobWorkers', 3);
    const groups = await workerGroups(page);
    expect(groups.find((g) => g.stack[0]?.functionName === 'startModuleWorkers')).toMatchObject({
      type: 'Worker',
      target: `${FIXTURE_ORIGIN}/worker-echo.js`,
      count: 2,
    });
    const blob = groups.find((g) => g.stack[0]?.functionName === 'startBlobWorkers')!;
    expect(blob).toMatchObject({ type: 'Worker', target: 'blob: URL', count: 3 });
    expect(blob.stack[0]).toMatchObject(frameAt('workers-leaky.html', 'blob', 'new Worker'));
    // The page revoked its object URLs: none is counted.
    expect((await summary(page)).counts['object-url']).toBe(0);
  });

  test('shared workers whose port stays open: one group of SharedWorker at the fixture line', async ({ fixturePage, context }) => {
    const page = await fixturePage('workers-leaky.html');
    await call(page, 'connectShared', 3);
    await expect.poll(await countAfterGc(context, page, 'worker')).toBe(3);
    const [group] = await workerGroups(page);
    expect(group).toMatchObject({ type: 'SharedWorker', target: 'shared-echo.js', count: 3 });
    expect(group!.stack[0]).toMatchObject(frameAt('workers-leaky.html', 'shared', 'new SharedWorker'));
    expect(group!.samples[0]!.state).toMatch(/^connected for /);
  });

  test('negative twin: terminated workers, at once or once running, leave at once', async ({ fixturePage }) => {
    const page = await fixturePage('workers-clean.html');
    await call(page, 'terminated', 3);
    await call(page, 'terminatedAtOnce', 3);
    expect(await workerGroups(page)).toEqual([]);
    expect((await summary(page)).health.errors).toBe(0);
  });

  test('negative twin: a worker whose script fails to load leaves on its error event', async ({ fixturePage }) => {
    const page = await fixturePage('workers-clean.html');
    await call(page, 'missing', 3);
    await call(page, 'missingShared');
    expect(await workerGroups(page)).toEqual([]);
  });

  test('negative twin: shared workers whose port was closed leave at once', async ({ fixturePage }) => {
    const page = await fixturePage('workers-clean.html');
    await call(page, 'sharedClosed', 2);
    expect(await workerGroups(page)).toEqual([]);
  });

  test('a worker that ended itself (self.close()) and was dropped leaves once collected', async ({ fixturePage, context }) => {
    const page = await fixturePage('workers-clean.html');
    await call(page, 'selfClosed', 3);
    // The page cannot see the worker end; the browser lets its object go, and the collection tells.
    await expect.poll(await countAfterGc(context, page, 'worker')).toBe(0);
  });

  test('an error thrown inside a worker does not end it: it still counts', async ({ fixturePage }) => {
    const page = await fixturePage('workers-clean.html');
    await call(page, 'errorInside');
    expect(await workerGroups(page)).toMatchObject([{ type: 'Worker', count: 1 }]);
  });
});

test('with the page script as an init script: the leaky page is found at its line, the clean twin reports nothing', async () => {
  const { browser, page } = await openInitScriptPage(FIXTURE_ORIGIN);
  try {
    await page.goto(`${FIXTURE_ORIGIN}/workers-leaky.html`);
    await call(page, 'startWorkers', 3);
    await call(page, 'connectShared', 2);
    const groups = await workerGroups(page);
    expect(groups.map((g) => [g.type, g.count])).toEqual(
      expect.arrayContaining([
        ['Worker', 3],
        ['SharedWorker', 2],
      ]),
    );
    expect(groups.find((g) => g.type === 'Worker')!.stack[0]).toMatchObject(frameAt('workers-leaky.html', 'worker', 'new Worker'));
    await page.goto(`${FIXTURE_ORIGIN}/workers-clean.html`);
    await call(page, 'terminated', 2);
    await call(page, 'missing', 2);
    await call(page, 'sharedClosed', 2);
    expect(await workerGroups(page)).toEqual([]);
  } finally {
    await browser.close();
  }
});
