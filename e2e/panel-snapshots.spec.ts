/**
 * The panel's snapshots as a tester uses them: take a labelled baseline on the demo, cycle its leaky routes, take
 * another, and read the diff: each seeded leak is named with the demo line that makes it (demo/markers.ts); the
 * fixed twin shows none. Exported snapshots import back to the same data; malformed files each get a plain line.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { visit } from '../demo/driver.ts';
import { leakMarker } from '../demo/markers.ts';
import { DEMO_ROUTES, SEEDED } from '../demo/scenario.ts';
import { useDemoServer } from './support/demo-server.ts';
import { expect, test } from './fixtures.ts';

const CYCLES = 3;

const demo = useDemoServer(test);

/** Opens the panel for `page` and waits until it can take snapshots. */
async function snapshotPanel(openPanel: (p: Page) => Promise<Page>, page: Page): Promise<Page> {
  const panel = await openPanel(page);
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await expect(panel.getByTestId('take-snapshot')).toBeEnabled();
  return panel;
}

/** Takes a snapshot labelled `label` through the toolbar and waits for its entry in the list. */
async function take(panel: Page, label: string): Promise<void> {
  await panel.getByTestId('snapshot-label').fill(label);
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.locator(`[data-testid="snapshot-item"][data-label="${label}"]`)).toHaveCount(1, { timeout: 30_000 });
  await expect(panel.getByTestId('take-snapshot')).toBeEnabled();
}

/** Into `route` and back home, leaving only once the route has done its work (socket open, images in). */
async function cycleRoute(page: Page, route: (typeof DEMO_ROUTES)[number]): Promise<void> {
  await visit(page, route);
  if (route === 'socket') await expect(page.locator('section[data-view="socket"] [data-stat="state"]')).toHaveText('open');
  if (route === 'images') await expect(page.locator('section[data-view="images"] .gallery img')).toHaveCount(5);
  await visit(page, 'home');
}

/** Baseline, every leaky route cycled CYCLES times, then "after": the steps a tester follows on the demo. */
async function baselineCyclesAfter(page: Page, panel: Page): Promise<void> {
  // One warm-up visit of each route first: what a first visit creates once (module state, caches) is not a leak.
  for (const route of DEMO_ROUTES) await cycleRoute(page, route);
  // No throwaway snapshot: the page's very first one is the baseline, as a tester takes it.
  await take(panel, 'baseline');
  for (const route of DEMO_ROUTES) for (let i = 0; i < CYCLES; i++) await cycleRoute(page, route);
  await take(panel, `after ${CYCLES}x`);
}

test('leaky demo: the diff of baseline and after names each seeded leak and its demo line', async ({ page, openPanel }) => {
  test.setTimeout(180_000);
  await page.goto(demo.url);
  const panel = await snapshotPanel(openPanel, page);
  await baselineCyclesAfter(page, panel);
  // The default pair: the baseline (first) against the latest.
  await expect(panel.getByTestId('compare-a').locator('option:checked')).toHaveText(/^A: baseline/);
  await expect(panel.getByTestId('compare-b').locator('option:checked')).toHaveText(new RegExp(`^B: after ${CYCLES}x`));
  const diff = panel.getByTestId('diff-view');
  await expect(diff.getByTestId('diff-verdict')).toHaveText(/^\d+ leaks? found$/);
  for (const route of DEMO_ROUTES) {
    for (const seeded of SEEDED[route]) {
      const marker = leakMarker(seeded.marker);
      const where = seeded.match === 'line' ? `${marker.path}:${marker.line}:` : `${marker.path}:`;
      const leaks = diff.locator(`[data-testid="diff-leak"][data-kind="${seeded.kind}"]`);
      await expect(leaks.filter({ hasText: where }), `${seeded.kind} leak at ${where} (LEAK:${seeded.marker})`).not.toHaveCount(0);
    }
  }
  // Growth is shown per leak: the window listener went up by one per cycle.
  const resize = diff
    .locator('[data-testid="diff-leak"][data-kind="listener"]')
    .filter({ hasText: `${leakMarker('listeners-window').path}:${leakMarker('listeners-window').line}:` });
  await expect(resize).toContainText(`+${CYCLES}`);
});

test('fixed demo (?fixed=1): the same steps give a diff with no leak', async ({ page, openPanel }) => {
  test.setTimeout(180_000);
  await page.goto(`${demo.url}?fixed=1`);
  const panel = await snapshotPanel(openPanel, page);
  await baselineCyclesAfter(page, panel);
  // On failure, say which leak the clean app was charged with.
  await expect(panel.getByTestId('diff-verdict'))
    .toHaveText('no leaks found')
    .catch(async (error: Error) => {
      throw new Error(`${error.message.split('\n')[0]}\n${await panel.getByTestId('diff-view').innerText()}`);
    });
  await expect(panel.getByTestId('diff-leak')).toHaveCount(0);
});

test('an exported snapshot imports back with the same data; so does a dropped file', async ({ page, openPanel }) => {
  await page.goto(demo.url);
  const panel = await snapshotPanel(openPanel, page);
  await cycleRoute(page, 'listeners');
  await take(panel, 'to export');
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-snapshot').click()]);
  expect(download.suggestedFilename()).toMatch(/^leakscope-to-export-\d{8}-\d{6}\.json$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(JSON.parse(text)).toMatchObject({ schema: 'leakscope/snapshot@1', meta: { label: 'to export' } });

  await panel
    .getByTestId('import-input')
    .setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) });
  const items = panel.getByTestId('snapshot-item');
  await expect(items).toHaveCount(2);
  const imported = items.nth(1);
  await expect(imported).toHaveAttribute('data-origin', 'imported');
  await expect(imported.getByTestId('snapshot-origin')).toHaveText(`imported: ${download.suggestedFilename()}`);
  // Same per-kind counts (the item's title), and exporting the imported entry again gives the same file.
  expect(await imported.getAttribute('title')).toBe(await items.nth(0).getAttribute('title'));
  // The same tables: every tab's rows, for the original and for the imported entry.
  const tablesOf = async (entry: typeof imported) => {
    await entry.click();
    await expect(panel.getByTestId('tables-of')).toContainText(`“${(await entry.getAttribute('data-label'))!}”`);
    const out: Record<string, string[]> = {};
    for (const name of ['detached', 'listeners', 'connections', 'images', 'observers', 'timers']) {
      await panel.getByTestId(`tab-${name}`).click();
      await expect(panel.getByTestId(`tab-${name}`)).toHaveAttribute('aria-selected', 'true');
      out[name] = await panel.getByTestId(`table-${name}`).getByTestId('table-row').allInnerTexts();
    }
    return out;
  };
  const original = await tablesOf(items.nth(0));
  expect(original.listeners!.length).toBeGreaterThan(0);
  expect(await tablesOf(imported)).toEqual(original);
  const [again] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-snapshot').click()]);
  expect(await readFile(await again.path(), 'utf8')).toBe(text);

  // Drag and drop onto the panel: the hint shows while files are over it, and the dropped file is imported.
  await panel.evaluate((json) => {
    const data = new DataTransfer();
    data.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await expect(panel.getByTestId('drop-hint')).toBeVisible();
  await panel.evaluate((json) => {
    const data = new DataTransfer();
    data.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await expect(panel.getByTestId('drop-hint')).toHaveCount(0);
  await expect(items).toHaveCount(3);
  await expect(items.nth(2).getByTestId('snapshot-origin')).toHaveText('imported: dropped.json');
  // Two snapshots or more: the diff and the HTML report can be exported too.
  const [diffDownload] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-diff').click()]);
  expect(diffDownload.suggestedFilename()).toMatch(/^leakscope-to-export-vs-to-export-\d{8}-\d{6}-diff\.json$/);
  expect(JSON.parse(await readFile(await diffDownload.path(), 'utf8'))).toMatchObject({ summary: { appeared: 0, grew: 0 } });
  const [reportDownload] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-report').click()]);
  expect(reportDownload.suggestedFilename()).toMatch(/-report\.html$/);
  expect(await readFile(await reportDownload.path(), 'utf8')).toContain('no leaks found');
});

test('snapshots survive a reload of the panel; deleted ones do not come back', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('blank.html');
  const panel = await snapshotPanel(openPanel, page);
  await take(panel, 'kept');
  await take(panel, 'deleted');
  await panel.locator('[data-testid="snapshot-item"][data-label="deleted"]').getByTestId('snapshot-delete').click();
  await panel.getByTestId('import-input').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{') });
  await expect(panel.getByTestId('import-error')).toBeVisible();
  await panel.reload();
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(1);
  await expect(panel.getByTestId('snapshot-item')).toHaveAttribute('data-label', 'kept');
  // Errors belong to the moment they happened: a reloaded panel starts without them.
  await expect(panel.getByTestId('import-error')).toHaveCount(0);
  // The panel of another tab does not show them.
  const other = await page.context().newPage();
  await other.goto(demo.url);
  const otherPanel = await openPanel(other);
  await expect(otherPanel.getByTestId('snapshot-list')).toContainText('No snapshots yet');
  await other.close();
});

test('malformed files each get their own error line, and the panel goes on working', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('blank.html');
  const panel = await snapshotPanel(openPanel, page);
  await take(panel, 'good');
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-snapshot').click()]);
  const good = await readFile(await download.path(), 'utf8');
  const json = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const files = [
    json('not-json.json', 'this is not JSON {'),
    json('empty.json', ''),
    json('wrong-shape.json', JSON.stringify({ hello: 'world' })),
    json('old-version.json', good.replace('"leakscope/snapshot@1"', '"leakscope/snapshot@0"')),
    json('truncated.json', good.slice(0, Math.floor(good.length / 2))),
    json('report.json', JSON.stringify({ schema: 'leakscope/report@1', verdict: 'clean' })),
  ];
  await panel.getByTestId('import-input').setInputFiles(files);
  const errors = panel.getByTestId('import-error');
  await expect(errors).toHaveAttribute('role', 'alert');
  const lines = errors.locator('.import-error-line');
  await expect(lines).toHaveText([
    /^not-json\.json is not a Leakscope snapshot: not valid JSON/,
    /^empty\.json is not a Leakscope snapshot: the file is empty$/,
    /^wrong-shape\.json is not a Leakscope snapshot: \$\.schema: missing/,
    /^old-version\.json is not a Leakscope snapshot: \$\.schema: unsupported version "leakscope\/snapshot@0"/,
    /^truncated\.json is not a Leakscope snapshot: not valid JSON: the text ends too early/,
    /^report\.json is not a Leakscope snapshot: \$\.schema: this is a Leakscope report, expected a snapshot/,
  ]);
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(1);
  // Still working: another snapshot is taken and listed, and the errors can be dismissed.
  await take(panel, 'after errors');
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(2);
  await expect(panel.getByTestId('diff-verdict')).toHaveText(/found$/);
  await panel.getByTestId('import-error-dismiss').click();
  await expect(errors).toHaveCount(0);
});
