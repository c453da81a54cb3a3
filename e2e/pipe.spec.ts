/**
 * The whole pipe, page -> relay -> background -> panel, in a real Chromium with the built extension.
 */
import { readListenerCount } from '../src/playwright/readout.ts';
import { expect, test } from './fixtures.ts';

test('the panel shows the page listener count live, up and down', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('counter.html');
  const panel = await openPanel(page);
  const base = await readListenerCount(page);
  const count = panel.getByTestId('listener-count');
  await expect(count).toHaveText(String(base));
  for (let i = 0; i < 3; i++) await page.locator('#add').click();
  await expect(count).toHaveText(String(base + 3));
  await page.locator('#remove').click();
  await expect(count).toHaveText(String(base + 2));
});

test('the panel reconnects when the service worker is stopped and keeps showing live data', async ({ fixturePage, openPanel, context }) => {
  const page = await fixturePage('counter.html');
  const panel = await openPanel(page);
  const base = await readListenerCount(page);
  await page.locator('#add').click();
  await expect(panel.getByTestId('listener-count')).toHaveText(String(base + 1));

  const cdp = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  expect(worker).toBeDefined();
  await cdp.send('Target.closeTarget', { targetId: worker!.targetId });
  await cdp.detach();

  await expect(panel.getByTestId('reconnects')).toContainText('reconnected');
  await expect(panel.getByTestId('status')).toContainText('Live');
  // New data flows through the restarted worker.
  await page.locator('#add').click();
  await page.locator('#add').click();
  await expect(panel.getByTestId('listener-count')).toHaveText(String(base + 3));
});

test('forged postMessage traffic neither crashes the pipe nor shows up as data, and the page never sees ours', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('counter.html');
  const panel = await openPanel(page);
  const base = await readListenerCount(page);
  await page.evaluate(() => {
    const forgedStats = { listeners: 987654, epoch: 0, url: 'http://forged.test/', errors: 0 };
    const forgeries: unknown[] = [
      { tag: 'leakscope:handshake' },
      { v: 1, type: 'stats', payload: forgedStats },
      { v: 1, type: 'hello', payload: { version: 1, url: 'x'.repeat(10_000) } },
      { v: 1, type: 'stats', payload: { ...forgedStats, listeners: -5 } },
      { v: 1, type: '__proto__', payload: {} },
      null,
      'x'.repeat(8 * 1024 * 1024),
      new Array(100_000).fill({ v: 1, type: 'stats', payload: forgedStats }),
    ];
    for (const f of forgeries) window.postMessage(f, '*');
    // A forged handshake carrying a port, then forged data and garbage down that port.
    const channel = new MessageChannel();
    window.postMessage({ tag: 'leakscope:handshake' }, '*', [channel.port2]);
    channel.port1.postMessage({ v: 1, type: 'stats', payload: forgedStats });
    channel.port1.postMessage({ v: 1, type: 'stats', payload: { listeners: 'all' } });
    channel.port1.postMessage(new Uint8Array(1024 * 1024));
  });
  // Real data still flows, and nothing forged ever appears.
  for (let i = 0; i < 2; i++) await page.locator('#add').click();
  await expect(panel.getByTestId('listener-count')).toHaveText(String(base + 2));
  await expect(panel.getByTestId('status')).toContainText('Live');
  await expect(panel.locator('body')).not.toContainText('987654'); // the forged count (tab ids are random numbers)
  await expect(panel.locator('body')).not.toContainText('987,654'); // as the panel would format it
  await expect(panel.locator('body')).not.toContainText('forged');
  // The page received its own messages and none of Leakscope's.
  const messages = await page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages);
  expect(messages.length).toBeGreaterThanOrEqual(8);
  expect(messages.filter((m) => typeof m === 'object' && m !== null && (m as { tag?: string }).tag === 'leakscope:handshake')).toHaveLength(2);
});
