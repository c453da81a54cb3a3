/**
 * Renders icons/leakscope.svg to the PNGs the manifest names (icons/icon-16.png … icon-128.png), in headless
 * Chromium with a transparent background. The 128 px one has the artwork at 96 px with 16 px of transparent
 * margin, as the Chrome Web Store asks of it; the small ones use the whole square, so they stay legible.
 * The PNGs are committed; run this after changing the SVG:
 *
 *   npx tsx scripts/render-icons.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';

/** Each size, and the transparent margin around the artwork in it. */
const ICON_SIZES = [
  { size: 16, margin: 0 },
  { size: 32, margin: 0 },
  { size: 48, margin: 0 },
  { size: 128, margin: 16 },
] as const;

const ICONS = fileURLToPath(new URL('../icons/', import.meta.url));
const svg = readFileSync(`${ICONS}leakscope.svg`);
const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;

const browser = await chromium.launch({ executablePath: resolveChromium({ requireExtensions: false }).executablePath, args: BASE_ARGS });
try {
  for (const { size, margin } of ICON_SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size - 2 * margin}" height="${size - 2 * margin}" style="display:block;margin:${margin}px"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(`${ICONS}icon-${size}.png`, png);
    console.log(`icons/icon-${size}.png  ${png.length} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
