/**
 * The panel's colours follow DevTools' theme, not the system's: DevTools dark on a light system draws the dark
 * palette (page and timeline alike), DevTools' default theme on a dark system the light one, and a theme change in
 * DevTools redraws in the other. `chrome.devtools.panels` is stood in for (the panel opened as a tab has none), as
 * DevTools gives it to a panel page: `themeName` and `setThemeChangeHandler`. Without it, the system decides.
 */
import type { Page } from '@playwright/test';
import { PALETTES, type Palette, type Theme } from '../src/panel/model/theme.ts';
import { SERIES } from '../src/panel/model/series.ts';
import { expect, test } from './fixtures.ts';

/** `#rrggbb` as getComputedStyle reports it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** What the panel drew with: the root's theme, the page's background, the chart's palette, each line's colour in the legend, a card's swatch. */
async function drawn(panel: Page) {
  return panel.evaluate(() => {
    const lines: Record<string, string> = {};
    for (const row of document.querySelectorAll('.timeline .u-legend .u-series')) {
      const label = row.querySelector('.u-label')?.textContent ?? '';
      const marker = row.querySelector<HTMLElement>('.u-marker');
      if (marker && label !== 'Time') lines[label] = getComputedStyle(marker).borderTopColor;
    }
    const swatch = document.querySelector('[data-testid="card-listeners"] .live-card-swatch');
    return {
      theme: document.documentElement.dataset.theme,
      background: getComputedStyle(document.body).backgroundColor,
      chart: document.querySelector<HTMLElement>('[data-testid="timeline"]')?.dataset.palette,
      lines,
      swatch: swatch ? getComputedStyle(swatch).backgroundColor : undefined,
    };
  });
}

function expected(palette: Palette) {
  return {
    theme: palette.theme,
    background: rgb(palette.ui.bg),
    chart: palette.theme,
    lines: Object.fromEntries(SERIES.map((d) => [d.label, rgb(palette.series[d.key])])),
    swatch: rgb(palette.series.listeners),
  };
}

/** Opens the panel for `page` as DevTools would show it (`themeName`), under the system's `colorScheme`. */
async function openInDevtools(page: Page, panel: Page, extensionId: string, tabId: number, themeName: string | undefined) {
  if (themeName !== undefined) {
    await panel.addInitScript((name) => {
      const api = {
        themeName: name,
        setThemeChangeHandler(fn?: (theme: string) => void) {
          (window as unknown as { themeChanged?: (theme: string) => void }).themeChanged = fn;
        },
      };
      (globalThis as unknown as { chrome: Record<string, unknown> }).chrome.devtools = { panels: api };
    }, themeName);
  }
  await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await expect(panel.getByTestId('status')).toContainText('Live');
  await page.bringToFront();
  await expect(panel.locator('.timeline .u-legend .u-series')).toHaveCount(SERIES.length + 1);
}

for (const [themeName, system, shown] of [
  ['dark', 'light', 'dark'],
  ['default', 'dark', 'light'],
] as const satisfies readonly (readonly [string, 'light' | 'dark', Theme])[]) {
  test(`DevTools theme "${themeName}" on a ${system} system: the ${shown} palette, page and timeline; a theme change in DevTools redraws`, async ({
    fixturePage,
    ext,
    tabIdOf,
  }) => {
    const page = await fixturePage('blank.html');
    const tabId = await tabIdOf(page);
    const panel = await ext.context.newPage();
    await panel.emulateMedia({ colorScheme: system });
    await openInDevtools(page, panel, ext.extensionId, tabId, themeName);
    expect(await drawn(panel)).toEqual(expected(PALETTES[shown]));
    // Not the system's: its palette differs line by line (the unit tests check the two palettes apart).
    expect((await drawn(panel)).lines['Listeners']).not.toBe(rgb(PALETTES[system].series.listeners));

    // The user switches DevTools' theme: DevTools calls the panel's change handler with the new name.
    const other: Theme = shown === 'dark' ? 'light' : 'dark';
    await panel.evaluate(
      (name) => (window as unknown as { themeChanged: (theme: string) => void }).themeChanged(name),
      other === 'dark' ? 'dark' : 'default',
    );
    await expect.poll(() => drawn(panel)).toEqual(expected(PALETTES[other]));
    await panel.close();
  });
}

test('outside DevTools (the pop-out tab): the system colour scheme decides, and changes with it', async ({ fixturePage, ext, tabIdOf }) => {
  const page = await fixturePage('blank.html');
  const tabId = await tabIdOf(page);
  const panel = await ext.context.newPage();
  await panel.emulateMedia({ colorScheme: 'dark' });
  await openInDevtools(page, panel, ext.extensionId, tabId, undefined);
  expect(await drawn(panel)).toEqual(expected(PALETTES.dark));
  await panel.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => drawn(panel)).toEqual(expected(PALETTES.light));
  await panel.close();
});
