/**
 * A real framework app: e2e/pages/react-app, React 19 (production build, made here with Vite) with hooks whose
 * effects add listeners, observers and a timer and clean them up. A leak check of its route must be silent, in
 * both instrumentation modes; the same app missing one cleanup (`?leak=1`) must be reported with exactly that
 * listener, at the line of the served bundle that added it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import { runScenario } from '../src/playwright/runner.ts';
import type { Scenario } from '../src/playwright/scenario.ts';

const APP = fileURLToPath(new URL('./pages/react-app/', import.meta.url));
/** What the app's leaky line compiles to (the bundle is not minified; comments are not kept). */
const LEAKY_CODE = 'window.addEventListener("resize", onResize)';

let out: string;
let server: Server;
let origin: string;
let bundle: { name: string; leakyLine: number };

test.beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'leakscope-react-'));
  await build({ configFile: false, root: APP, base: './', logLevel: 'silent', build: { outDir: out, emptyOutDir: true, minify: false } });
  const name = readdirSync(join(out, 'assets')).find((f) => f.endsWith('.js'))!;
  const lines = readFileSync(join(out, 'assets', name), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes(LEAKY_CODE));
  expect(at, `the bundle contains ${LEAKY_CODE} once`).toBeGreaterThan(0);
  expect(lines.filter((l) => l.includes(LEAKY_CODE))).toHaveLength(1);
  bundle = { name, leakyLine: at + 1 };
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      const body = readFileSync(join(out, path === '/' ? 'index.html' : path.replace(/^\/+/, '').replace(/\.\.+/g, '')));
      res.writeHead(200, { 'Content-Type': extname(path) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Home, into the rows route (200 rows with a click handler each, effects), back home: as a user clicks. */
function rowsScenario(leak: boolean): Scenario {
  return {
    url: `${origin}/${leak ? '?leak=1' : ''}#/`,
    action: async (page) => {
      await page.click('#rows');
      await page.locator('ul.rows li').nth(199).waitFor();
    },
    back: async (page) => {
      await page.click('#home');
      await page.locator('#home-view').waitFor();
    },
  };
}

for (const extension of [false, true]) {
  const mode = extension ? 'extension' : 'init script';
  test(`React app, ${mode}: a route whose effects clean up is reported clean`, async () => {
    const { report } = await runScenario(rowsScenario(false), { iterations: 5, extension });
    expect(report.leaks).toEqual([]);
  });

  test(`React app, ${mode}: the effect without its cleanup is the one leak, at its line of the bundle`, async () => {
    const { report } = await runScenario(rowsScenario(true), { iterations: 5, extension });
    expect(report.leaks.map((l) => `${l.kind} ${l.type} on ${l.target}`)).toEqual(['listener resize on window']);
    const [leak] = report.leaks;
    expect(leak!.stack[0]).toMatchObject({ url: `${origin}/assets/${bundle.name}`, line: bundle.leakyLine });
    expect(leak!.perIteration).toBe(1);
  });
}
