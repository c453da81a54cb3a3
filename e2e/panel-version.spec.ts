/**
 * The version handshake, end to end: a page script of another protocol version (here, one that a Playwright init
 * script runs before the extension's own, as the library of another Leakscope release would) takes the relay's
 * port and says hello through the same channel the real page script uses. The panel says which side is older;
 * its counters are not believed. A page script of the extension's own version gets no such message.
 */
import type { Page } from '@playwright/test';
import { PROTOCOL_VERSION } from '../src/shared/protocol.ts';
import { expect, test } from './fixtures.ts';

/**
 * At document_start, before the extension's page script: what any Leakscope page script does with the relay's
 * handshake (src/content/instrument/channel.ts), then a hello and a report, in the envelope of protocol `version`.
 */
async function runPageScriptOf(page: Page, version: number): Promise<void> {
  await page.addInitScript((v) => {
    addEventListener(
      'message',
      (event) => {
        if (event.source !== window || (event.data as { tag?: unknown } | null)?.tag !== 'leakscope:handshake') return;
        event.stopImmediatePropagation();
        const port = event.ports[0]!;
        const stats = {
          listeners: 7,
          connections: 0,
          workers: 0,
          channels: 0,
          images: 0,
          imageBytes: 0,
          objectUrls: 0,
          observers: 0,
          timers: 0,
          epoch: 0,
          url: location.href,
          errors: 0,
        };
        port.postMessage({ v, type: 'hello', payload: { version: v, url: location.href } });
        port.postMessage({ v, type: 'stats', payload: stats });
      },
      true,
    );
  }, version);
}

test('an older page script: the panel says the tab runs an older Leakscope page script, to reload it', async ({ page, fixturePage, openPanel }) => {
  await runPageScriptOf(page, PROTOCOL_VERSION - 1);
  await fixturePage('blank.html');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('problem')).toHaveText(
    `This tab runs an older Leakscope page script (protocol ${PROTOCOL_VERSION - 1}; the extension speaks ${PROTOCOL_VERSION}): reload it.`,
  );
  // What it reports in its own envelope is not shown.
  await expect(panel.getByTestId('listener-count')).toHaveText('–');
});

test('a newer page script, loaded while the panel watches: the panel says so at once', async ({ page, fixturePage, openPanel }) => {
  await fixturePage('blank.html');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('listener-count')).not.toHaveText('–');
  await expect(panel.getByTestId('problem')).toHaveCount(0);
  await runPageScriptOf(page, PROTOCOL_VERSION + 1);
  await page.reload();
  await expect(panel.getByTestId('problem')).toContainText(
    `This tab runs a newer Leakscope page script (protocol ${PROTOCOL_VERSION + 1}) than this extension (protocol ${PROTOCOL_VERSION}): update Leakscope`,
  );
});

test('a page script of the same version through the same channel: its counts are shown, and no version message', async ({
  page,
  fixturePage,
  openPanel,
}) => {
  await runPageScriptOf(page, PROTOCOL_VERSION);
  await fixturePage('blank.html');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('listener-count')).toHaveText('7');
  await expect(panel.getByTestId('problem')).toHaveCount(0);
});

test("the extension's own page script: no version message", async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('blank.html');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('listener-count')).not.toHaveText('–');
  await expect(panel.getByTestId('problem')).toHaveCount(0);
});
