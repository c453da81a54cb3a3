/**
 * A real framework app: e2e/pages/react-app, React 19 (production build, made here with Vite) with hooks whose
 * effects add listeners, observers and a timer and clean them up. A leak check of its route must be silent, in
 * both instrumentation modes; the same app missing one cleanup, or keeping its rendered lists, must be reported
 * with exactly that leak, at the line of the served bundle that made it where the leak has a creation line.
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
/**
 * Each leak the app can be asked for (`?leak=NAME`): the one leak the report must list, and the code its headline
 * frame must point at, as it reads in the bundle (not minified; comments are not kept).
 */
const LEAKS = {
  listener: { leak: 'listener resize on window', code: 'window.addEventListener("resize", onResize)' },
  timer: { leak: 'timer setInterval on every 1000 ms', code: 'setInterval(() => void 0, 1e3)' },
  // Detached DOM has no creation line; the line that removed it is React's own (its commit), not the app's.
  detached: { leak: 'detached-dom ul on ul.rows', code: undefined },
} as const;

let out: string;
let server: Server;
let origin: string;
let bundle: { name: string; lineOf(code: string): number };

test.beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'leakscope-react-'));
  await build({ configFile: false, root: APP, base: './', logLevel: 'silent', build: { outDir: out, emptyOutDir: true, minify: false } });
  const name = readdirSync(join(out, 'assets')).find((f) => f.endsWith('.js'))!;
  const lines = readFileSync(join(out, 'assets', name), 'utf8').split('\n');
  bundle = {
    name,
    lineOf(code) {
      const at = lines.flatMap((l, i) => (l.includes(code) ? [i + 1] : []));
      expect(at, `the bundle has ${code} on one line`).toHaveLength(1);
      return at[0]!;
    },
  };
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
function rowsScenario(leak?: keyof typeof LEAKS): Scenario {
  return {
    url: `${origin}/${leak ? `?leak=${leak}` : ''}#/`,
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
    const { report } = await runScenario(rowsScenario(), { iterations: 5, extension });
    expect(report.leaks).toEqual([]);
  });

  for (const [name, expected] of Object.entries(LEAKS) as [keyof typeof LEAKS, (typeof LEAKS)[keyof typeof LEAKS]][]) {
    test(`React app, ${mode}: ?leak=${name} is the one leak${expected.code ? ', at its line of the bundle' : ''}`, async () => {
      const { report } = await runScenario(rowsScenario(name), { iterations: 5, extension });
      expect(report.leaks.map((l) => `${l.kind} ${l.type} on ${l.target}`)).toEqual([expected.leak]);
      if (expected.code)
        expect(report.leaks[0]!.stack[0]).toMatchObject({ url: `${origin}/assets/${bundle.name}`, line: bundle.lineOf(expected.code) });
    });
  }
}

test('React app: with retainers, the kept lists are named by the module variable that keeps them', async () => {
  const { report } = await runScenario(rowsScenario('detached'), { iterations: 3, retainers: true });
  expect(report.leaks.map((l) => l.kind)).toEqual(['detached-dom']);
  expect(report.leaks[0]!.detached!.attribution.keptBy).toEqual({
    path: expect.stringMatching(/^rendered\[\d+\]$/),
    script: `${origin}/assets/${bundle.name}`,
  });
});
