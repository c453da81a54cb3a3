/**
 * Importing a large snapshot file: the file is read, parsed and checked off the panel's main thread, with its
 * progress shown, so the panel keeps answering meanwhile; the snapshot is listed when done. A malformed file gives
 * its one-line error and leaves the snapshots already there.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { bigSnapshot } from './support/big-snapshot.ts';
import { expect, test } from './fixtures.ts';

const MB = 1024 * 1024;

async function panelWithSnapshot(fixturePage: (name: string) => Promise<Page>, openPanel: (p: Page) => Promise<Page>) {
  const page = await fixturePage('blank.html');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await panel.getByTestId('snapshot-label').fill('taken');
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(1, { timeout: 30_000 });
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-snapshot').click()]);
  return { page, panel, base: await readFile(await download.path(), 'utf8') };
}

/**
 * Starts watching the panel's main thread: the longest gap between two animation frames from now on, and the
 * longest task the browser reports (the panel is the visible tab while it is measured).
 */
async function watchMainThread(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const w = window as unknown as { stall: { frame: number; task: number; stop: boolean } };
    w.stall = { frame: 0, task: 0, stop: false };
    let last = performance.now();
    const tick = (now: number) => {
      w.stall.frame = Math.max(w.stall.frame, now - last);
      last = now;
      if (!w.stall.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.stall.task = Math.max(w.stall.task, e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** The longest stalls so far (ms). */
const stalls = (panel: Page) =>
  panel.evaluate(() => {
    const { frame, task } = (window as unknown as { stall: { frame: number; task: number } }).stall;
    return { frame: Math.round(frame), task: Math.round(task) };
  });

/** Stops the watch: what the longest stalls were (ms). */
async function stopWatch(panel: Page): Promise<{ frame: number; task: number }> {
  return panel.evaluate(() => {
    const w = window as unknown as { stall: { frame: number; task: number; stop: boolean } };
    w.stall.stop = true;
    return { frame: Math.round(w.stall.frame), task: Math.round(w.stall.task) };
  });
}

const json = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('a large snapshot file imports off the main thread, with progress; the panel answers meanwhile; cancel keeps nothing', async ({
  fixturePage,
  openPanel,
}) => {
  test.setTimeout(240_000);
  const { panel, base } = await panelWithSnapshot(fixturePage, openPanel);
  // From a file on disk: a buffer would be turned into a File by script in the panel, on its main thread.
  const big = test.info().outputPath('big.json');
  await writeFile(big, bigSnapshot(base, 40 * MB));
  const items = panel.getByTestId('snapshot-item');
  const progress = panel.getByTestId('import-progress');
  await panel.bringToFront();

  // Cancelled while it reads or parses: no entry, no error, and the panel can import again.
  await panel.getByTestId('import-input').setInputFiles(big);
  await expect(progress).toBeVisible();
  await panel.getByTestId('import-cancel').click();
  await expect(progress).toHaveCount(0);
  await expect(items).toHaveCount(1);
  await expect(panel.getByTestId('import-error')).toHaveCount(0);

  await watchMainThread(panel);
  const started = Date.now();
  await panel.getByTestId('import-input').setInputFiles(big);
  // (a) The progress shows the bytes read, then the check.
  await expect(progress).toContainText(/Importing big\.json: (.+ of .+ read|checking the snapshot)/);
  // (b) The panel answers while the worker works: a card toggles, the label field takes text.
  const card = panel.getByTestId('card-listeners');
  const pressed = await card.getAttribute('aria-pressed');
  await card.click();
  await expect(card).not.toHaveAttribute('aria-pressed', pressed!);
  await panel.getByTestId('snapshot-label').fill('typed meanwhile');
  await expect(panel.getByTestId('snapshot-label')).toHaveValue('typed meanwhile');
  await expect(progress).toHaveAttribute('data-stage', 'parsing', { timeout: 120_000 });
  await expect(progress).toBeVisible(); // the toggles above happened before the import ended
  const whileWorking = await stalls(panel);
  // (c) The snapshot is listed when done.
  await expect(items).toHaveCount(2, { timeout: 200_000 });
  await expect(progress).toHaveCount(0);
  await expect(items.nth(1)).toHaveAttribute('data-label', 'big');
  await expect(panel.getByTestId('tab-listeners')).toBeVisible();
  const overall = await stopWatch(panel);
  const mb = ((await stat(big)).size / MB).toFixed(1);
  test.info().annotations.push({
    type: 'import',
    description: `${mb} MB in ${Date.now() - started} ms; longest frame gap ${whileWorking.frame} ms, longest task ${whileWorking.task} ms while the worker read and parsed; ${overall.frame} ms and ${overall.task} ms up to the tables shown`,
  });
  // No frame waited a whole second while the worker read and parsed (on the main thread that was most of a minute).
  expect(whileWorking.frame).toBeLessThan(1000);
});

test('a malformed or wrong file gives its one-line error and keeps the snapshots there', async ({ fixturePage, openPanel }) => {
  const { panel, base } = await panelWithSnapshot(fixturePage, openPanel);
  const items = panel.getByTestId('snapshot-item');
  await panel
    .getByTestId('import-input')
    .setInputFiles([
      json('broken.json', base.slice(0, -10)),
      json('wrong.json', JSON.stringify({ ...JSON.parse(base), schema: 'leakscope/report@1' })),
      json(
        'good.json',
        JSON.stringify({ ...(JSON.parse(base) as { meta: object }), meta: { ...(JSON.parse(base) as { meta: object }).meta, label: 'from file' } }),
      ),
    ]);
  await expect(panel.getByTestId('import-error').locator('.import-error-line')).toHaveText([
    /^broken\.json is not a Leakscope snapshot: not valid JSON: the text ends too early/,
    /^wrong\.json is not a Leakscope snapshot: \$\.schema: this is a Leakscope report, expected a snapshot/,
  ]);
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute('data-label', 'taken');
  await expect(items.nth(1)).toHaveAttribute('data-label', 'from file');
  await expect(panel.getByTestId('import-progress')).toHaveCount(0);
});
