#!/usr/bin/env node
/**
 * After `npm install`: make sure a Chromium that can load the extension is there. When none is found, try
 * Playwright's browser download; when that fails too (closed networks), say how to get one. Never fails the
 * install: a missing browser is reported again, clearly, by whatever needs it.
 */
import { spawnSync } from 'node:child_process';

const say = (line) => console.log(`leakscope: ${line}`);

async function findBrowser() {
  const { tsImport } = await import('tsx/esm/api');
  const { resolveChromium } = await tsImport('../src/playwright/browser.ts', import.meta.url);
  return resolveChromium();
}

async function main() {
  try {
    const found = await findBrowser();
    say(`using ${found.version} at ${found.executablePath}`);
    return;
  } catch (err) {
    say(String(err?.message ?? err));
  }
  if (process.env.LEAKSCOPE_SKIP_BROWSER_DOWNLOAD) return;
  say('trying `playwright install chromium`…');
  const r = spawnSync(process.execPath, ['node_modules/playwright-core/cli.js', 'install', 'chromium'], { stdio: 'inherit', timeout: 10 * 60_000 });
  if (r.status === 0) {
    try {
      const found = await findBrowser();
      say(`using ${found.version} at ${found.executablePath}`);
      return;
    } catch {
      // fall through to the advice below
    }
  }
  say('no Chromium yet. On Debian/Ubuntu: `sudo apt-get install chromium`; elsewhere `npx playwright install chromium`, or set LEAKSCOPE_CHROMIUM to a Chromium or Chrome for Testing binary.');
}

main().catch((err) => say(`browser check skipped: ${err?.message ?? err}`));
