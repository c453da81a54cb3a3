/**
 * The panel's live graphs on the demo app: the timeline grows by a point a second and marks every navigation, the
 * Listeners card shows what each visit of the leaky route left behind (and nothing on the fixed twin), and the
 * cards and the chart's legend show and hide the lines.
 */
import type { Locator, Page } from '@playwright/test';
import { cycle, type DemoRoute } from '../demo/driver.ts';
import { useDemoServer } from './support/demo-server.ts';
import { expect, test } from './fixtures.ts';

const demo = useDemoServer(test);

interface Hook {
  debugger: { setVisible(visible: boolean): void; takeSnapshot(label?: string): Promise<unknown> };
}

const attr = async (locator: Locator, name: string) => Number(await locator.getAttribute(name));
const number = async (locator: Locator) => Number((await locator.textContent())!.replace(/,/g, ''));

/** Opens the panel for `page` once its debugger is attached and the timeline has its first point. */
async function livePanel(openPanel: (p: Page) => Promise<Page>, page: Page): Promise<Page> {
  const panel = await openPanel(page);
  await expect(panel.getByTestId('debugger-status')).toHaveText('Debugger: attached');
  await expect.poll(() => attr(panel.getByTestId('timeline'), 'data-points')).toBeGreaterThan(0);
  return panel;
}

/**
 * One cycle through `route` that no sample falls inside, so that "since the last navigation" compares the home
 * view before the cycle with the home view after it. Sampling is paused (a snapshot first waits for a sample in
 * flight), the navigations' markers reach the panel, then sampling resumes. Returns the markers now shown.
 */
async function cycleBetweenSamples(panel: Page, page: Page, route: DemoRoute): Promise<number> {
  const timeline = panel.getByTestId('timeline');
  const markers = await attr(timeline, 'data-markers');
  await panel.evaluate(async () => {
    const session = (window as unknown as Record<symbol, Hook>)[Symbol.for('leakscope.panel')]!.debugger;
    session.setVisible(false);
    await session.takeSnapshot();
  });
  await cycle(page, route);
  // Into the route and back home: one marker each.
  await expect.poll(() => attr(timeline, 'data-markers')).toBe(markers + 2);
  const points = await attr(timeline, 'data-points');
  await panel.evaluate(() => (window as unknown as Record<symbol, Hook>)[Symbol.for('leakscope.panel')]!.debugger.setVisible(true));
  await expect.poll(() => attr(timeline, 'data-points')).toBeGreaterThan(points);
  return markers + 2;
}

test('leaky demo: the timeline grows and marks every navigation; the Listeners card rises by the two listeners each visit leaves', async ({
  page,
  openPanel,
}) => {
  await page.goto(demo.url);
  await cycle(page, 'listeners'); // warm-up: the route's module is loaded and its first render done
  const panel = await livePanel(openPanel, page);
  const timeline = panel.getByTestId('timeline');
  const value = panel.getByTestId('card-listeners-value');
  await expect(value).not.toHaveText('–');
  const startPoints = await attr(timeline, 'data-points');
  const counts = [await number(value)];
  for (let i = 1; i <= 3; i++) {
    const markers = await cycleBetweenSamples(panel, page, 'listeners');
    expect(markers).toBe(2 * i);
    await expect(value).toHaveText(String(counts.at(-1)! + 2));
    await expect(panel.getByTestId('card-listeners-nav-delta')).toHaveText('+2');
    counts.push(await number(value));
  }
  console.log(`leaky listeners card: ${counts.join(' -> ')}`);
  expect(await attr(timeline, 'data-points')).toBeGreaterThan(startPoints);
  // The epoch changes the samples found were the same navigations: still one marker each.
  const points = await attr(timeline, 'data-points');
  await expect.poll(() => attr(timeline, 'data-points')).toBeGreaterThan(points + 1);
  expect(await attr(timeline, 'data-markers')).toBe(6);
  // No baseline given: no "since baseline" figure.
  await expect(panel.getByTestId('card-listeners-baseline-delta')).toHaveCount(0);
});

test('fixed demo (?fixed=1): after warm-up the Listeners card shows no change since the previous navigation', async ({ page, openPanel }) => {
  await page.goto(`${demo.url}?fixed=1`);
  await cycle(page, 'listeners'); // warm-up
  const panel = await livePanel(openPanel, page);
  const value = panel.getByTestId('card-listeners-value');
  await expect(value).not.toHaveText('–');
  const start = await value.textContent();
  for (let i = 0; i < 3; i++) {
    await cycleBetweenSamples(panel, page, 'listeners');
    await expect(panel.getByTestId('card-listeners-nav-delta')).toHaveText('0');
    await expect(value).toHaveText(start!);
  }
});

for (const fixed of [false, true]) {
  test(`${fixed ? 'fixed' : 'leaky'} demo: the Workers and Message channels cards ${fixed ? 'stay at 0' : 'rise by one per visit'}`, async ({
    page,
    openPanel,
  }) => {
    await page.goto(fixed ? `${demo.url}?fixed=1` : demo.url);
    const panel = await livePanel(openPanel, page);
    const workers = panel.getByTestId('card-workers-value');
    const channels = panel.getByTestId('card-channels-value');
    await expect(workers).toHaveText('0');
    await expect(channels).toHaveText('0');
    for (let i = 1; i <= 2; i++) {
      await cycle(page, 'worker');
      await cycle(page, 'channel');
      // The cards follow the 1 Hz samples.
      await expect(workers).toHaveText(String(fixed ? 0 : i));
      await expect(channels).toHaveText(String(fixed ? 0 : i));
    }
  });
}

test('a card toggles its line in the chart, by click and by keyboard; the legend toggles the card; hover shows the values', async ({
  page,
  openPanel,
}) => {
  await page.goto(demo.url);
  const panel = await livePanel(openPanel, page);
  const card = panel.getByTestId('card-listeners');
  const timeline = panel.getByTestId('timeline');
  const legendRow = timeline.locator('.u-legend tr.u-series', { hasText: 'Listeners' });
  await expect(card).toHaveAttribute('aria-pressed', 'true');
  await expect(legendRow).not.toHaveClass(/u-off/);

  await card.click();
  await expect(card).toHaveAttribute('aria-pressed', 'false');
  await expect(legendRow).toHaveClass(/u-off/);
  await expect(timeline).toHaveAttribute('data-hidden', 'listeners');

  await card.focus();
  await panel.keyboard.press('Space');
  await expect(card).toHaveAttribute('aria-pressed', 'true');
  await expect(legendRow).not.toHaveClass(/u-off/);
  await expect(timeline).toHaveAttribute('data-hidden', '');

  // The chart's own legend: clicking a series' label hides it, and its card follows.
  await legendRow.locator('th').click();
  await expect(legendRow).toHaveClass(/u-off/);
  await expect(card).toHaveAttribute('aria-pressed', 'false');
  await legendRow.locator('th').click();
  await expect(card).toHaveAttribute('aria-pressed', 'true');

  // The Images card shows and hides both image lines, the count and the bytes.
  await panel.getByTestId('card-images').click();
  await expect(timeline).toHaveAttribute('data-hidden', 'images imageBytes');
  await expect(timeline.locator('.u-legend tr.u-series', { hasText: 'Image bytes' })).toHaveClass(/u-off/);

  // Hovering the plot shows the values at that second in the legend.
  await expect.poll(() => attr(timeline, 'data-points')).toBeGreaterThan(2);
  const over = timeline.locator('.u-over');
  const box = (await over.boundingBox())!;
  await over.hover({ position: { x: box.width - 2, y: box.height / 2 } });
  await expect(legendRow.locator('.u-value')).toHaveText(/^\d[\d,]*$/);
  await expect(timeline.locator('.u-legend tr.u-series', { hasText: 'JS heap' }).locator('.u-value')).toHaveText(/^[\d.]+ (KB|MB|GB)$/);
});

for (const fixed of [false, true]) {
  test(`${fixed ? 'fixed' : 'leaky'} demo: the cards count from the first snapshot taken, the baseline`, async ({ page, openPanel }) => {
    await page.goto(fixed ? `${demo.url}?fixed=1` : demo.url);
    await cycle(page, 'listeners'); // warm-up
    const panel = await livePanel(openPanel, page);
    const delta = panel.getByTestId('card-listeners-baseline-delta');
    await expect(delta).toHaveCount(0);
    await panel.getByTestId('take-snapshot').click();
    await expect(panel.getByTestId('snapshot-item')).toHaveCount(1);
    await expect(delta).toHaveText('0');
    for (let i = 0; i < 2; i++) await cycle(page, 'listeners');
    // Two visits, two listeners each on the leaky demo; none on the fixed one.
    await expect(delta).toHaveText(fixed ? '0' : '+4');
    if (fixed) {
      // Still 0 once a sample after the visits is in, not just before it.
      const points = await attr(panel.getByTestId('timeline'), 'data-points');
      await expect.poll(() => attr(panel.getByTestId('timeline'), 'data-points')).toBeGreaterThan(points + 1);
      await expect(delta).toHaveText('0');
    }
  });
}
