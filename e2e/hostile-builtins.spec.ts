/**
 * Pages that change built-ins after Leakscope installed (hardened apps freeze Error; odd or hostile pages replace
 * `Array.prototype.push`, `Map.prototype.get`, iterators, `Function.prototype.call`…): the leak is still found at
 * its line, the clean twin is still clean, and the page's own calls behave as without Leakscope. A page whose
 * changes do make the instrumentation fail is told "could not watch this page reliably" (exit 4), never "clean"
 * (e2e/frames-forged.spec.ts).
 * Both ways of instrumenting: the init script and the extension.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { parseReport } from '../src/core/report/parse.ts';
import type { Report } from '../src/core/report/schema.ts';
import { spawnCli } from '../src/cli/testing/cli.ts';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { WORLD_NAME, waitForIdle } from '../src/playwright/idle.ts';
import { instrumentContext } from '../src/playwright/inject.ts';
import { readListenerCount, readStats, readSummary } from '../src/playwright/readout.ts';

test.describe.configure({ mode: 'parallel' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = readFileSync(fileURLToPath(new URL('./pages/builtins.html', import.meta.url)), 'utf8');
const LEAK_LINE = PAGE.split('\n').findIndex((l) => l.includes('// LEAK: builtins')) + 1;

let server: Server;
let base: string;
let dir: string;
test.beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/builtins.html`;
  dir = mkdtempSync(join(tmpdir(), 'leakscope-builtins-'));
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function run(query: string, mode: readonly string[]) {
  const json = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const url = `${base}?${query}`;
  const result = await spawnCli(['run', url, '--click', '#open', '--back', '#close', '--iterations', '3', ...mode, '--json', json], { cwd: ROOT });
  let report: Report | undefined;
  try {
    report = parseReport(readFileSync(json, 'utf8'), json);
  } catch {
    report = undefined;
  }
  return { ...result, report };
}

/** What each page changes; all of these leave our tracking whole. */
const TAMPERS = ['freeze-error', 'prepare-stack', 'array-push', 'map-throw', 'collections', 'weakrefs', 'iterators', 'promises'];
/**
 * Changes that break what Playwright's `page.evaluate` runs in the page's main world (its glue calls `slice`, `bind`
 * and `Object.is` there), and a replaced `Promise`: the run still judges the page, as its waits run in an isolated
 * world (src/playwright/idle.ts) and its reads over CDP.
 */
const GLUE_TAMPERS = ['array-slice', 'function-bind', 'object-global', 'promise-global'];

/**
 * The leaky page finds its leak (at its line, unless the page formats its own stacks), the clean twin is clean.
 * @param tampers applied together, in one page.
 */
async function leakFoundCleanTwinClean(tampers: readonly string[], mode: readonly string[]) {
  const query = tampers.map((t) => `tamper=${t}`).join('&');
  const leaky = await run(`leak=1&${query}`, mode);
  expect(leaky.code, leaky.stderr).toBe(1);
  const leak = leaky.report!.leaks.find((l) => l.kind === 'listener' && l.type === 'resize');
  expect(leak, leaky.stdout).toBeDefined();
  expect(leak!.perIteration).toBe(1);
  // The page's own stack format (prepareStackTrace on a frozen Error) is the page's to choose: no line then.
  if (!tampers.includes('prepare-stack')) expect(leak!.stack[0]?.line).toBe(LEAK_LINE);
  expect(leaky.report!.snapshots.length).toBe(4);

  const clean = await run(query, mode);
  expect(clean.report?.leaks, clean.stdout).toEqual([]);
  expect(clean.report?.verdict).toBe('clean');
  expect(clean.code, clean.stderr).toBe(0);
}

for (const tamper of [...TAMPERS, ...GLUE_TAMPERS]) {
  test(`tamper=${tamper}: the leak is found, the clean twin is clean`, async () => {
    await leakFoundCleanTwinClean([tamper], []);
  });
}

// The extension installs the same page script another way (a content script in the page's world): there, every
// change at once in one page, and the page that formats its own stacks on its own (it takes the line away).
test('extension, every tamper at once but prepare-stack: the leak is found at its line, the clean twin is clean', async () => {
  await leakFoundCleanTwinClean(
    [...TAMPERS, ...GLUE_TAMPERS].filter((t) => t !== 'prepare-stack'),
    ['--extension'],
  );
});
test('extension, tamper=prepare-stack: the leak is found, the clean twin is clean', async () => {
  await leakFoundCleanTwinClean(['prepare-stack'], ['--extension']);
});

test('the page behaves as without Leakscope: its own spoiled built-ins throw for it, and only for it', async () => {
  const browser = await chromium.launch({ executablePath: resolveChromium({ requireExtensions: false }).executablePath, args: BASE_ARGS });
  // The same page with and without the init script: the page's calls see the same results and errors.
  const probe = async (instrument: boolean) => {
    const context = await browser.newContext();
    if (instrument) await instrumentContext(context);
    const page = await context.newPage();
    await page.goto(`${base}?tamper=map-throw`);
    const outcome = await page.evaluate(() => {
      const results: string[] = [];
      const target = new EventTarget();
      try {
        target.addEventListener('x', () => results.push('fired'));
        target.dispatchEvent(new Event('x'));
        results.push('added');
      } catch (e) {
        results.push(`threw ${(e as Error).message}`);
      }
      try {
        new Map().get(1);
      } catch (e) {
        results.push(`map ${(e as Error).message}`);
      }
      return results.join('; ');
    });
    await context.close();
    return outcome;
  };
  const [without, withLeakscope] = [await probe(false), await probe(true)];
  expect(without).toBe('fired; added; map the page broke Map.get');
  expect(withLeakscope).toBe(without);
  await browser.close();
});

test('the library on a page that broke page.evaluate: waits and reads work, in one isolated world per document', async () => {
  const browser = await chromium.launch({ executablePath: resolveChromium({ requireExtensions: false }).executablePath, args: BASE_ARGS });
  try {
    const context = await browser.newContext();
    await instrumentContext(context);
    const page = await context.newPage();
    // Another session lists the worlds created in the page: one per document, however many waits.
    const spy = await context.newCDPSession(page);
    const worlds: string[] = [];
    spy.on('Runtime.executionContextCreated', ({ context: c }) => {
      if (c.name === WORLD_NAME) worlds.push(c.origin);
    });
    await spy.send('Runtime.enable');
    const query = GLUE_TAMPERS.filter((t) => t !== 'promise-global')
      .map((t) => `tamper=${t}`)
      .join('&');
    // The second origin is another site: its document is in another renderer process, where context ids start over.
    const origins = [base, base.replace('127.0.0.1', 'localhost')];
    for (const [i, url] of origins.entries()) {
      await page.goto(`${url}?leak=1&${query}`);
      await expect(page.evaluate(() => 1)).rejects.toThrow();
      await waitForIdle(page);
      const before = (await readStats(page))!.listeners;
      for (let n = 0; n < 3; n++) {
        await page.click('#open');
        await waitForIdle(page);
        await page.click('#close');
        await waitForIdle(page);
      }
      expect((await readStats(page))!.listeners).toBe(before + 3);
      expect(await readListenerCount(page.mainFrame())).toBe(before + 3);
      const resize = (await readSummary(page))!.groups.filter((g) => g.kind === 'listener' && g.type === 'resize');
      expect(resize.map((g) => [g.count, g.stack[0]?.line])).toEqual([[3, LEAK_LINE]]);
      await expect.poll(() => worlds.length).toBe(i + 1);
    }
    expect(worlds).toEqual(origins.map((u) => new URL(u).origin));
  } finally {
    await browser.close();
  }
});
