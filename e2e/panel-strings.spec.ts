/**
 * Page strings that hide or reorder text (bidi overrides and isolates, zero-width characters, C0/C1 controls, lone
 * surrogates) are shown in the panel as the reports show them: `evil\u202egnp.js`, the escape marked, never the raw
 * character. The page (e2e/pages/hostile-bidi.html) puts them in an element id and classes, a function name, an
 * event type, a timer's callback, a channel name, a script's sourceURL (stack frames) and the title; the test adds
 * them to the snapshot labels, and a lone surrogate and control characters in the title through an imported file (a page's
 * strings reach the panel as well-formed UTF-16, the browser replaces lone surrogates on the way, and Chrome's
 * document.title turns controls into spaces). Its ASCII twin (?plain=1) shows every string
 * unchanged.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * What the panel shows to a reader: its text, every tooltip, accessible name and placeholder, and its options. The
 * raw characters are looked for in the panel itself: CDP carries strings as JSON, which would turn a lone surrogate
 * into U+FFFD on the way to the test. The panel's own line breaks (in tooltips) are not counted.
 */
async function shown(panel: Page): Promise<{ text: string; raw: string[] }> {
  return panel.evaluate(() => {
    const texts = [document.body.textContent ?? ''];
    for (const el of document.body.querySelectorAll('*')) {
      for (const name of ['title', 'aria-label', 'placeholder']) {
        const value = el.getAttribute(name);
        if (value) texts.push(value);
      }
    }
    const all = texts.join('\n');
    const RAW =
      // eslint-disable-next-line no-control-regex -- control characters are what it finds
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
    const raw = [...all.matchAll(RAW)].map(
      (m) => `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near "${all.slice(Math.max(0, m.index - 20), m.index).replace(RAW, '?')}"`,
    );
    // The text without lone surrogates, so that it reaches the test intact.
    return { text: all.replace(RAW, '?'), raw };
  });
}

/**
 * Opens every tab and every row in it, so that details (samples, stacks, attributions) are rendered too: what the
 * panel shows in each tab, and the raw characters found there.
 */
async function openEverything(panel: Page): Promise<{ text: string; raw: string[] }> {
  const texts: string[] = [];
  const raw: string[] = [];
  for (const name of ['leaks', 'detached', 'listeners', 'connections', 'images', 'observers', 'timers']) {
    await panel.getByTestId(`tab-${name}`).click();
    await expect(panel.getByTestId(`tab-${name}`)).toHaveAttribute('aria-selected', 'true');
    const toggles = panel.getByTestId('row-toggle');
    const n = await toggles.count();
    for (let i = 0; i < n; i++) await toggles.nth(i).click();
    await expect(panel.getByTestId('row-details')).toHaveCount(n);
    const now = await shown(panel);
    texts.push(now.text);
    raw.push(...now.raw.map((r) => `${name}: ${r}`));
  }
  return { text: texts.join('\n'), raw };
}

async function snapshotsOf(page: Page, openPanel: (p: Page) => Promise<Page>, labels: [string, string]): Promise<Page> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { resourcesReady?: boolean; sourcedReady?: boolean }).sourcedReady === true))
    .toBe(true);
  const panel = await openPanel(page);
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  for (const [i, label] of labels.entries()) {
    if (i > 0) await page.evaluate(() => (window as unknown as { addMore: () => void }).addMore());
    await expect(panel.getByTestId('take-snapshot')).toBeEnabled();
    await panel.getByTestId('snapshot-label').fill(label);
    await panel.getByTestId('take-snapshot').click();
    await expect(panel.getByTestId('snapshot-item')).toHaveCount(i + 1, { timeout: 30_000 });
  }
  await expect(panel.getByTestId('diff-view')).toHaveAttribute('data-verdict', /.+/);
  return panel;
}

test('bidi overrides, zero-width characters, controls and lone surrogates from the page are shown escaped', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('hostile-bidi.html');
  const panel = await snapshotsOf(page, openPanel, ['base\u202eline\u200d', 'after\u2066x']);
  // A file's strings may hold lone surrogates (JSON escapes them): the first snapshot again, relabelled.
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-snapshot').click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8')) as { meta: { label: string; title: string } };
  file.meta.label = 'half\ud800of\udfff';
  // And control characters in the title, which Chrome's document.title would have turned into spaces.
  file.meta.title = 'file\u0007title\u001b[31m';
  await panel
    .getByTestId('import-input')
    .setInputFiles({ name: 'plain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(3);
  await panel.getByTestId('snapshot-item').nth(2).click();
  const { text: all, raw } = await openEverything(panel);

  // Each hostile string, in its escaped form, where the panel shows it.
  for (const escaped of [
    'section#evil\\u202egnp.js', // the detached root's id
    '.zw\\u200bsp.zwnj\\u200cx.wj\\u2060x.lrm\\u200ex.rlm\\u200fx.alm\\u061cx.lri\\u2066x.pdi\\u2069x.del\\u007fx.nel\\u0085x', // its classes
    'on\\u200dclick', // the listener's function
    'ping\\u2068', // an event type with an isolate
    'tick\\u009b', // a timer's callback
    'chan\\u202anel\\u202b\\u202c\\u202d\\ufeff', // a BroadcastChannel's name
    'evil\\u202egnp\\u2067.js', // a stack frame's URL (the script's sourceURL)
    'base\\u202eline\\u200d', // the labels: the list, the diff's title
    'after\\u2066x',
    'half\\ud800of\\udfff', // an imported file's label
  ]) {
    expect(all, escaped).toContain(escaped);
  }
  // The page's title (and the file's), in the list item's tooltip; the labels in the pair menus and the delete buttons' names.
  await expect(panel.getByTestId('snapshot-item').first()).toHaveAttribute('title', /^bidi\\u202etitle\\u200b\n/);
  await expect(panel.getByTestId('snapshot-item').nth(2)).toHaveAttribute('title', /^file\\u0007title\\u001b\[31m\n/);
  await expect(panel.getByTestId('compare-a').locator('option:checked')).toHaveText(/^A: base\\u202eline\\u200d/);
  await expect(panel.getByTestId('snapshot-delete').first()).toHaveAttribute('aria-label', 'Delete base\\u202eline\\u200d');
  // The escapes are marked as such, with the character they stand for.
  const escape = panel.getByTestId('page-escape').filter({ hasText: '\\u202e' }).first();
  await expect(escape).toHaveAttribute('title', /^U\+202E /);
  expect(await escape.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/);

  // And no raw character anywhere: text, tooltips, accessible names, in any tab with every row open.
  expect(raw).toEqual([]);
});

test('ASCII twin (?plain=1): the same resources with plain names are shown unchanged, with no escape', async ({ fixturePage, openPanel }) => {
  const page = await fixturePage('hostile-bidi.html?plain=1');
  const panel = await snapshotsOf(page, openPanel, ['baseline-plain', 'after-plain']);
  // The first snapshot again, relabelled, through a file.
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export-snapshot').click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8')) as { meta: { label: string } };
  file.meta.label = 'imported-plain';
  await panel
    .getByTestId('import-input')
    .setInputFiles({ name: 'plain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(panel.getByTestId('snapshot-item')).toHaveCount(3);
  await panel.getByTestId('snapshot-item').nth(2).click();
  const { text: all, raw } = await openEverything(panel);
  for (const plain of [
    'section#plain-id.js.alpha.beta.gamma',
    'plainHandler',
    'plainping',
    'plainTick',
    'plain-channel',
    'plain-source.js',
    'baseline-plain',
    'after-plain',
  ]) {
    expect(all, plain).toContain(plain);
  }
  await expect(panel.getByTestId('snapshot-item').first()).toHaveAttribute('title', /^plain title\n/);
  expect(all).not.toMatch(/\\u[0-9a-f]{4}/);
  await expect(panel.getByTestId('page-escape')).toHaveCount(0);
  expect(raw).toEqual([]);
});
