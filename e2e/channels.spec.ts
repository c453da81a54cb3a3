/**
 * Message channels in the registry: a MessageChannel counts once from the moment one of its ports is started
 * (`start()` or `onmessage`) until either port is closed or both are collected, at its `new MessageChannel()` line.
 * Each leak has a clean twin that must report nothing. With the extension loaded (`fixturePage`); the demo's
 * /channel route covers the init script too (leaks-fixture-routes.spec.ts).
 */
import type { Page } from 'playwright-core';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';
import { openInitScriptPage } from './support/launch.ts';
import { countAfterGc, frameAt, summary } from './support/registry.ts';

const channelGroups = async (page: Page) => (await summary(page)).groups.filter((g) => g.kind === 'message-port');
const call = (page: Page, fn: string, n: number) =>
  page.evaluate(([name, arg]) => (window as unknown as Record<string, (n: number) => unknown>)[name]!(arg), [fn, n] as const);

test.describe('message channels started and not closed are tracked once per channel', () => {
  test('channels listening on port1 (onmessage), kept: one group with their count at the creation line', async ({ fixturePage, context }) => {
    const page = await fixturePage('channels-leaky.html');
    await call(page, 'listen', 4);
    await expect.poll(await countAfterGc(context, page, 'message-port')).toBe(4);
    const [group] = await channelGroups(page);
    expect(group).toMatchObject({ type: 'MessageChannel', target: 'port1', count: 4 });
    expect(group!.stack[0]).toMatchObject(frameAt('channels-leaky.html', 'onmessage', 'new MessageChannel'));
    expect(group!.samples[0]).toMatchObject({ description: 'MessageChannel, port1 started (onmessage)' });
    expect(group!.samples[0]!.state).toMatch(/^open for .+, started: port1$/);
  });

  test('both ports started (start() and onmessage): still one per channel', async ({ fixturePage }) => {
    const page = await fixturePage('channels-leaky.html');
    await call(page, 'started', 3);
    const [group] = await channelGroups(page);
    expect(group).toMatchObject({ type: 'MessageChannel', target: 'port2', count: 3 });
    expect(group!.samples[0]!.state).toMatch(/started: port2, port1$/);
    expect(group!.stack[0]).toMatchObject(frameAt('channels-leaky.html', 'start', 'new MessageChannel'));
  });

  test('a port sent to a running worker keeps its channel open, though the page dropped it', async ({ fixturePage, context }) => {
    const page = await fixturePage('channels-leaky.html');
    await call(page, 'toWorker', 2);
    await expect.poll(await countAfterGc(context, page, 'message-port')).toBe(2);
    expect((await channelGroups(page))[0]!.stack[0]).toMatchObject(frameAt('channels-leaky.html', 'worker', 'new MessageChannel'));
  });

  test('negative twin: closed (either end), never started, or dropped channels report nothing', async ({ fixturePage, context }) => {
    const page = await fixturePage('channels-clean.html');
    await call(page, 'closedHere', 2);
    await call(page, 'closedOtherEnd', 2);
    await call(page, 'neverStarted', 2);
    expect(await channelGroups(page)).toEqual([]);
    await call(page, 'dropped', 3);
    await expect.poll(await countAfterGc(context, page, 'message-port')).toBe(0);
    const { health } = await summary(page);
    expect(health.errors).toBe(0);
    expect(health.patched).toEqual(
      expect.arrayContaining([
        'Worker',
        'Worker.prototype.terminate',
        'SharedWorker',
        'MessageChannel',
        'MessagePort.prototype.start',
        'MessagePort.prototype.onmessage',
        'MessagePort.prototype.close',
      ]),
    );
  });
});

test('with the page script as an init script: the leaky page is found at its line, the clean twin reports nothing', async () => {
  const { browser, page } = await openInitScriptPage(FIXTURE_ORIGIN);
  try {
    await page.goto(`${FIXTURE_ORIGIN}/channels-leaky.html`);
    await call(page, 'listen', 3);
    const [group] = await channelGroups(page);
    expect(group).toMatchObject({ type: 'MessageChannel', count: 3 });
    expect(group!.stack[0]).toMatchObject(frameAt('channels-leaky.html', 'onmessage', 'new MessageChannel'));
    await page.goto(`${FIXTURE_ORIGIN}/channels-clean.html`);
    await call(page, 'closedHere', 2);
    await call(page, 'closedOtherEnd', 2);
    await call(page, 'neverStarted', 2);
    expect(await channelGroups(page)).toEqual([]);
  } finally {
    await browser.close();
  }
});
