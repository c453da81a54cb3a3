/**
 * The panel's resource tables over a snapshot taken with its button: the demo's seeded leaks appear in their tables
 * with the demo's source lines, sorting and filtering work, stack frames open the Sources panel (or say how to),
 * and a hostile page's strings stay text.
 */
import type { Locator, Page, Request } from '@playwright/test';
import { cycle, type DemoRoute } from '../demo/driver.ts';
import { leakMarker } from '../demo/markers.ts';
import { useDemoServer } from './support/demo-server.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

const demo = useDemoServer(test);

const LEAKY_ROUTES: DemoRoute[] = ['listeners', 'detached', 'socket', 'worker', 'channel', 'images', 'observer', 'timer'];
const VISITS = 3;

/**
 * Visits every leaky route VISITS times, then takes a snapshot with the panel's button and waits for the tables.
 * The snapshot waits for the page's image requests to end: Chrome keeps an image alive while it loads, even once
 * removed and unreferenced, so on a busy machine a fixed route's last images could still be listed (as "loading").
 */
async function visitAndSnapshot(page: Page, panel: Page): Promise<void> {
  const pending = new Set<Request>();
  // Images only: a worker terminated while its script loads ends the request with neither event.
  page.on('request', (r) => r.resourceType() === 'image' && pending.add(r));
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  for (let i = 0; i < VISITS; i++) for (const route of LEAKY_ROUTES) await cycle(page, route);
  await expect.poll(() => [...pending].map((r) => r.url()), { timeout: 20_000 }).toEqual([]);
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.getByTestId('resource-tabs')).toBeVisible({ timeout: 30_000 });
}

/** Selects a tab and returns its table. */
async function table(panel: Page, name: string): Promise<Locator> {
  await panel.getByTestId(`tab-${name}`).click();
  await expect(panel.getByTestId(`tab-${name}`)).toHaveAttribute('aria-selected', 'true');
  return panel.getByTestId(`table-${name}`);
}

const rows = (t: Locator) => t.getByTestId('table-row');
const column = (t: Locator, key: string) => t.locator(`[data-testid="table-row"] > td[data-column="${key}"]`);
const numbers = async (t: Locator, key: string) => (await column(t, key).allTextContents()).map((s) => Number(s.replace(/,/g, '')));
/** `routes/listeners.js:10:` : the file and line of a demo marker as a frame shows them. */
const at = (name: string) => {
  const m = leakMarker(name);
  return `${m.path}:${m.line}:`;
};

test('leaky demo: each table lists its seeded leak, sorts and filters', async ({ page, openPanel }) => {
  await page.goto(demo.url);
  const panel = await openPanel(page);
  await visitAndSnapshot(page, panel);

  // Listeners: the window resize listener, attributed to the demo's line, one per visit.
  const listeners = await table(panel, 'listeners');
  const resize = rows(listeners)
    .filter({ hasText: 'resize' })
    .filter({ hasText: at('listeners-window') });
  await expect(resize).toHaveCount(1);
  await expect(resize.locator('td[data-column="target"]')).toHaveText('window');
  await expect(resize.locator('td[data-column="count"]')).toHaveText(String(VISITS));
  await expect(
    rows(listeners)
      .filter({ hasText: 'keydown' })
      .filter({ hasText: at('listeners-document') }),
  ).toHaveCount(1);

  // Sorting: the table opens largest first; a click on Count flips it, another one restores it.
  const sortCount = listeners.getByTestId('sort-count');
  const countHeader = listeners.locator('th:has([data-testid="sort-count"])');
  await expect(countHeader).toHaveAttribute('aria-sort', 'descending');
  await sortCount.click();
  await expect(countHeader).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await numbers(listeners, 'count');
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await sortCount.press('Enter');
  await expect(countHeader).toHaveAttribute('aria-sort', 'descending');
  const descending = await numbers(listeners, 'count');
  expect(descending[0]).toBe(Math.max(...descending));
  expect(descending).toEqual([...descending].sort((a, b) => b - a));

  // Filtering narrows the rows to those mentioning every word, stack frames included.
  const all = await rows(listeners).count();
  expect(all).toBeGreaterThan(2);
  await listeners.getByTestId('table-filter').fill('resize listeners.js');
  await expect(rows(listeners)).toHaveCount(1);
  await expect(rows(listeners).first()).toContainText(at('listeners-window'));
  await listeners.getByTestId('table-filter').fill('no-such-listener-anywhere');
  await expect(rows(listeners)).toHaveCount(0);
  await expect(listeners.getByTestId('table-empty')).toContainText('No row matches');
  await listeners.getByTestId('table-filter').fill('');
  await expect(rows(listeners)).toHaveCount(all);

  // A row opens with the keyboard and shows its samples, epochs and full stack.
  const toggle = resize.getByTestId('row-toggle');
  await toggle.focus();
  await toggle.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const details = listeners.getByTestId('row-details');
  await expect(details).toContainText('epoch');
  await expect(details).toContainText('removeEventListener');
  await expect(details.getByTestId('frame-link').first()).toContainText(at('listeners-window'));

  // Connections: the socket to the demo server, open, one per visit.
  const connections = await table(panel, 'connections');
  const socket = rows(connections).filter({ hasText: at('socket') });
  await expect(socket).toHaveCount(1);
  await expect(socket.locator('td[data-column="url"]')).toHaveText(`${demo.url.replace(/^http/, 'ws').replace(/\/$/, '')}/ws`);
  await expect(socket.locator('td[data-column="type"]')).toHaveText('WebSocket');
  await expect(socket.locator('td[data-column="state"]')).toContainText('OPEN');
  await expect(socket.locator('td[data-column="count"]')).toHaveText(String(VISITS));
  await expect(socket).toContainText(at('socket'));

  // Workers: the dedicated worker each visit started, still running.
  const workers = await table(panel, 'workers');
  const worker = rows(workers).filter({ hasText: at('worker') });
  await expect(worker).toHaveCount(1);
  await expect(worker.locator('td[data-column="type"]')).toHaveText('Worker');
  await expect(worker.locator('td[data-column="script"]')).toHaveText('/app/workers/counter.js');
  await expect(worker.locator('td[data-column="state"]')).toContainText('running for');
  await expect(worker.locator('td[data-column="count"]')).toHaveText(String(VISITS));
  // ... and, in the same table, the message channel each visit kept open.
  const channel = rows(workers).filter({ hasText: at('channel') });
  await expect(channel).toHaveCount(1);
  await expect(channel.locator('td[data-column="type"]')).toHaveText('MessageChannel');
  await expect(channel.locator('td[data-column="state"]')).toContainText('started: port1');
  await expect(channel.locator('td[data-column="count"]')).toHaveText(String(VISITS));

  // Images: the cached images and the object URLs, attributed to their lines.
  const images = await table(panel, 'images');
  const cached = rows(images).filter({ hasText: at('image-cache') });
  await expect(cached).toHaveCount(1);
  await expect(cached.locator('td[data-column="example"]')).toContainText('/img/');
  expect(Number(await cached.locator('td[data-column="count"]').textContent())).toBeGreaterThanOrEqual(VISITS * 4);
  await expect(cached.locator('td[data-column="attached"]')).toHaveText('no');
  // One group per blob type: the SVG thumbnail and the JSON report.
  const blobs = rows(images).filter({ hasText: at('object-url') });
  await expect(blobs).toHaveCount(2);
  for (const kind of await blobs.locator('td[data-column="kind"]').allTextContents()) expect(kind).toMatch(/^object URL/);

  // Observers and timers.
  const observers = await table(panel, 'observers');
  const observer = rows(observers).filter({ hasText: at('observer') });
  await expect(observer).toHaveCount(1);
  await expect(observer.locator('td[data-column="type"]')).toHaveText('MutationObserver');
  const timers = await table(panel, 'timers');
  const timer = rows(timers).filter({ hasText: at('timer') });
  await expect(timer).toHaveCount(1);
  await expect(timer.locator('td[data-column="type"]')).toHaveText('setInterval');
  await expect(timer.locator('td[data-column="count"]')).toHaveText(String(VISITS));

  // Detached DOM: the removed views of the detached route, kept through the catalogue lists the demo remembers;
  // each root carries the line of the route that removed it, and opens to its attribution.
  const detached = await table(panel, 'detached');
  const views = rows(detached).filter({ hasText: `${leakMarker('detached').path}:` });
  await expect.poll(() => views.count()).toBeGreaterThanOrEqual(VISITS);
  await expect(views.first().locator('td[data-column="element"]')).toHaveText(/^section/);
  // How Chrome splits the kept subtrees into roots varies between snapshots; the table opens largest first.
  const nodes = await numbers(detached, 'nodes');
  expect(nodes).toEqual([...nodes].sort((a, b) => b - a));
  await views.first().getByTestId('row-toggle').click();
  await expect(detached.getByTestId('row-details')).toContainText('Removed by');
  await expect(detached.getByTestId('row-details')).toContainText(/drop the references/i);

  // The Leaks tab needs a comparison, which this tab cannot have yet.
  await panel.getByTestId('tab-leaks').click();
  await expect(panel.getByTestId('table-leaks')).toContainText('Take two snapshots');

  // Arrow keys move between tabs.
  await panel.getByTestId('tab-leaks').press('ArrowRight');
  await expect(panel.getByTestId('tab-detached')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('tab-detached')).toBeFocused();
  await panel.getByTestId('tab-detached').press('ArrowLeft');
  await expect(panel.getByTestId('tab-leaks')).toHaveAttribute('aria-selected', 'true');
});

test('fixed demo (?fixed=1): the same visits leave none of the seeded rows', async ({ page, openPanel }) => {
  await page.goto(`${demo.url}?fixed=1`);
  const panel = await openPanel(page);
  await visitAndSnapshot(page, panel);
  for (const [name, marker] of [
    ['listeners', 'listeners-window'],
    ['listeners', 'listeners-document'],
    ['connections', 'socket'],
    ['workers', 'worker'],
    ['workers', 'channel'],
    ['images', 'image-cache'],
    ['images', 'object-url'],
    ['observers', 'observer'],
    ['timers', 'timer'],
  ] as const) {
    const t = await table(panel, name);
    // As text, so that a failure shows the rows found.
    await expect(rows(t).filter({ hasText: leakMarker(marker).path }), `${name}: ${marker}`).toHaveText([]);
  }
  // On a loaded machine about one run in ten listed a removed view of the fixed demo alive in its snapshot (what
  // keeps it for a moment is not known: it outlasted a turn of the page's event loop and a second collection). A
  // view the page really keeps is listed by every snapshot (the leaky demo's test): up to two more are taken.
  const removedViews = async () =>
    rows(await table(panel, 'detached'))
      .filter({ hasText: `${leakMarker('detached').path}:` })
      .allTextContents();
  let found = await removedViews();
  for (let snapshot = 1; found.length > 0 && snapshot < 3; snapshot++) {
    console.log(`fixed demo, snapshot ${snapshot}: removed views listed: ${found.join(' | ')}`);
    const taken = await panel.getByTestId('snapshot-item').count();
    await panel.getByTestId('take-snapshot').click();
    await expect(panel.getByTestId('snapshot-item')).toHaveCount(taken + 1, { timeout: 30_000 });
    await expect(panel.getByTestId('take-snapshot')).toBeEnabled();
    found = await removedViews();
  }
  expect(found, "the fixed demo's removed views, listed by three snapshots in a row").toEqual([]);
});

test('stack frames: plain text with a hint in the pop-out tab; inside DevTools they call openResource with 0-based lines', async ({
  page,
  openPanel,
  ext,
  tabIdOf,
}) => {
  await page.goto(demo.url);
  await cycle(page, 'listeners');

  // The pop-out tab has no chrome.devtools: the frame is text that says where it can be opened.
  const tab = await openPanel(page);
  await expect(tab.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await tab.getByTestId('take-snapshot').click();
  const inTab = (await table(tab, 'listeners')).getByTestId('frame-link').filter({ hasText: at('listeners-window') });
  await expect(inTab).toHaveCount(1);
  await expect(inTab).toHaveAttribute('title', /Open Leakscope from DevTools/);
  expect(await inTab.evaluate((el) => el.tagName)).toBe('SPAN');
  await tab.close();

  // Inside DevTools: stand in for chrome.devtools.panels.openResource and record its calls.
  const tabId = await tabIdOf(page);
  const panel = await ext.context.newPage();
  await panel.addInitScript(() => {
    const calls: unknown[][] = [];
    (window as unknown as { openedResources: unknown[][] }).openedResources = calls;
    const c = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome;
    c.devtools = {
      panels: {
        openResource(url: string, line: number, column: number | undefined, callback: () => void) {
          calls.push([url, line, column]);
          callback();
        },
      },
    };
  });
  await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await page.bringToFront();
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await panel.getByTestId('take-snapshot').click();
  const link = (await table(panel, 'listeners')).getByTestId('frame-link').filter({ hasText: at('listeners-window') });
  await expect(link).toHaveCount(1);
  expect(await link.evaluate((el) => el.tagName)).toBe('BUTTON');
  await link.click();
  const marker = leakMarker('listeners-window');
  const calls = await panel.evaluate(() => (window as unknown as { openedResources: unknown[][] }).openedResources);
  expect(calls).toHaveLength(1);
  const [url, line, col] = calls[0] as [string, number, number];
  expect(url).toBe(new URL(marker.path, demo.url).href);
  expect(line).toBe(marker.line - 1);
  expect(col).toBeGreaterThanOrEqual(0);
  await panel.close();
});

test('hostile page: markup and script in URLs, class names, names and stack strings stay text in the tables', async ({
  fixturePage,
  openPanel,
  page,
}) => {
  // An event stream that ends at once and asks to be retried in ten minutes: the source stays CONNECTING, tracked.
  await fixturePage('blank.html');
  await page.route(`${FIXTURE_ORIGIN}/events/**`, (route) =>
    route.fulfill({ contentType: 'text/event-stream', body: 'retry: 600000\ndata: hi\n\n' }),
  );
  await fixturePage('hostile.html');
  // Both scripts ran to their end (a syntax slip in the page would otherwise just mean fewer rows).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as unknown as { hostileResources?: boolean; hostileReady?: boolean }).hostileResources === true &&
          (window as unknown as { hostileReady?: boolean }).hostileReady === true,
      ),
    )
    .toBe(true);

  const panel = await openPanel(page);
  const errors: string[] = [];
  panel.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  panel.on('pageerror', (e) => errors.push(e.message));
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await panel.getByTestId('take-snapshot').click();
  await expect(panel.getByTestId('resource-tabs')).toBeVisible();

  const payload = '<img src=x onerror=window.hostilePwned=1>';
  const listeners = await table(panel, 'listeners');
  await expect(rows(listeners).filter({ hasText: `div#${payload}` })).toHaveCount(1);
  // The listener added by a script whose sourceURL is markup: the frame shows that URL as text.
  const fromSourceUrl = rows(listeners).filter({ hasText: '<svg/onload=window.hostilePwned=2>.js' });
  await expect(fromSourceUrl).toHaveCount(1);
  await fromSourceUrl.getByTestId('row-toggle').click();
  await expect(listeners.getByTestId('row-details')).toContainText('hostileHandler');

  const connections = await table(panel, 'connections');
  await expect(rows(connections).filter({ hasText: payload })).toHaveCount(1); // a BroadcastChannel's name
  await expect(rows(connections).filter({ hasText: `/events/'onmouseover='window.hostilePwned=3'` })).toHaveCount(1);

  const images = await table(panel, 'images');
  await expect(rows(images).filter({ hasText: 'data:image/svg+xml,<svg>"<script>window.hostilePwned=4</script>' })).toHaveCount(1);

  const observers = await table(panel, 'observers');
  await expect(rows(observers).filter({ hasText: payload })).toHaveCount(1);

  const timers = await table(panel, 'timers');
  await expect(rows(timers).filter({ hasText: '<b onmouseover=window.hostilePwned=5>tick</b>' })).toHaveCount(1);

  const detached = await table(panel, 'detached');
  const root = rows(detached).filter({ hasText: `section#${payload}` });
  await expect(root).toHaveCount(1);
  await root.getByTestId('row-toggle').click();
  await expect(detached.getByTestId('row-details')).toContainText(`on section#${payload}`);

  // Nothing from those strings became an element, and nothing ran.
  for (const selector of ['img[src="x"]', 'img', 'svg', 'script:not([src])', 'b', '[onerror]', '[onload]', '[onmouseover]']) {
    await expect(panel.locator(`#root ${selector}`), selector).toHaveCount(0);
  }
  expect(await panel.evaluate(() => (window as unknown as { hostilePwned?: number }).hostilePwned)).toBeUndefined();
  expect(errors).toEqual([]);
});
