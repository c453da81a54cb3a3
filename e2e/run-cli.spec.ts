/**
 * `leakscope run` end to end: the real binary, a real headless Chromium. Every demo route leaks in the leaky app
 * (exit 1, the seeded kind at the demo's `// LEAK:` line) and is clean in the fixed app (exit 0); a bounded cache and
 * a one-off allocation pass while their unbounded twins fail; bad input exits 2 with one line naming the step.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { DEMO_ROUTES, findSeeded } from '../demo/scenario.ts';
import { leakMarker } from '../demo/markers.ts';
import { startDemoServer, type DemoServer } from '../demo/server.ts';
import { parseReport } from '../src/core/report/parse.ts';
import type { Report } from '../src/core/report/schema.ts';
import { spawnCli, type CliResult } from '../src/cli/testing/cli.ts';

test.describe.configure({ mode: 'parallel' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));

let demo: DemoServer;
let pages: Server;
let pagesUrl: string;
let dir: string;
/** A port nothing listens on: one the system just gave us and we closed again. */
let closedPort: number;

test.beforeAll(async () => {
  demo = await startDemoServer();
  pages = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '');
    // A page that never answers: for --timeout on loading the URL.
    if (name === 'never-answers') return;
    try {
      if (!/^run-[\w-]+\.(html|js)$/.test(name)) throw new Error('not a run fixture');
      const body = readFileSync(join(PAGES, name));
      res.writeHead(200, { 'Content-Type': extname(name) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
  dir = mkdtempSync(join(tmpdir(), 'leakscope-run-e2e-'));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
test.afterAll(async () => {
  await demo.close();
  pages.closeAllConnections();
  await new Promise((resolve) => pages.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a scenario module into the temp folder and returns its path. */
function scenario(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

async function run(args: string[], env: Record<string, string> = {}): Promise<CliResult & { report?: Report }> {
  const json = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const result = await spawnCli(['run', ...args, '--json', json], { cwd: ROOT, env });
  let report: Report | undefined;
  try {
    report = parseReport(readFileSync(json, 'utf8'), json);
  } catch {
    report = undefined;
  }
  return report ? { ...result, report } : result;
}

const clickScenario = (url: string) => `export default {
  url: ${JSON.stringify(url)},
  action: (page) => page.click('#open'),
  back: (page) => page.click('#close'),
};\n`;

// Every route through the CLI's own page script. With --extension, one route here (the test after this loop): every
// route with the extension loaded is run through the same engine by the library's suite (e2e/support/fixture-routes.ts).
for (const route of DEMO_ROUTES) {
  const named = `/${route}`;
  test(`${named}, leaky: exit 1, the seeded leak at the demo's line`, async () => {
    // Three iterations keep the suite short (npm start runs five); the rules need at least three to see a trend.
    const { code, stdout, stderr, report } = await run([`demo/scenarios/${route}.ts`, '--iterations', '3'], {
      LEAKSCOPE_DEMO_URL: demo.url,
    });
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/leakscope: iteration 3\/3: /);
    for (const found of findSeeded(report!, route)) {
      expect(found.matched, `${found.seeded.kind} expected at ${found.marker.path}:${found.marker.line}, reported at ${found.at}`).toBe(true);
      expect(stdout).toContain(`LEAK ${found.seeded.kind}`);
      expect(stdout).toContain(`${demo.url.slice(0, -1)}${found.marker.path}:${found.seeded.match === 'line' ? found.marker.line : ''}`);
    }
  });

  test(`${named}, fixed: exit 0, no leaks`, async () => {
    const { code, stdout, stderr, report } = await run([`demo/scenarios/${route}.ts`, '--iterations', '3'], {
      LEAKSCOPE_DEMO_URL: `${demo.url}?fixed=1`,
    });
    expect(report?.leaks, stdout).toEqual([]);
    expect(stdout).toMatch(/^Leakscope: no leaks found over 3 iterations/);
    expect(code, stderr).toBe(0);
  });
}

test('--extension: the built extension provides the page script; leaky exits 1 at the line, fixed exits 0', async () => {
  const leaky = await run(['demo/scenarios/listeners.ts', '--extension', '--iterations', '3'], { LEAKSCOPE_DEMO_URL: demo.url });
  expect(leaky.code, leaky.stderr).toBe(1);
  expect(findSeeded(leaky.report!, 'listeners').every((f) => f.matched)).toBe(true);
  expect(leaky.report!.notes.join(' ')).not.toContain('instrumentation was not installed');
  const fixed = await run(['demo/scenarios/listeners.ts', '--extension', '--iterations', '3'], { LEAKSCOPE_DEMO_URL: `${demo.url}?fixed=1` });
  expect(fixed.report?.leaks).toEqual([]);
  expect(fixed.code, fixed.stderr).toBe(0);
});

test('--retainers names the variable that keeps the detached DOM alive; without it, stderr says the flag exists', async () => {
  const named = await run(['demo/scenarios/detached.ts', '--iterations', '3', '--retainers'], { LEAKSCOPE_DEMO_URL: demo.url });
  expect(named.code, named.stderr).toBe(1);
  const [leak] = named.report!.leaks.filter((l) => l.kind === 'detached-dom');
  // demo/public/app/routes/detached.js keeps every list in its module-level `renderedLists`; the list keeps the
  // removed view it sits in (the detached root).
  expect(leak?.detached?.tag).toBe('section');
  expect(leak?.detached?.attribution.keptBy).toEqual({
    path: expect.stringMatching(/^renderedLists\[\d+\]$/),
    node: '<ul class="catalog">',
    script: `${demo.url}app/routes/detached.js`,
  });
  expect(named.stdout).toMatch(
    /kept by renderedLists\[\d+\] \(<ul class="catalog"> of the subtree\), a variable of http:\/\/127\.0\.0\.1:\d+\/app\/routes\/detached\.js/,
  );
  expect(named.stderr).not.toContain('--retainers');
  const plain = await run(['demo/scenarios/detached.ts', '--iterations', '3'], { LEAKSCOPE_DEMO_URL: demo.url });
  expect(plain.code, plain.stderr).toBe(1);
  expect(plain.report!.leaks.every((l) => l.detached?.attribution.keptBy === undefined)).toBe(true);
  expect(plain.stderr).toContain('run again with --retainers to name the variable that keeps the detached DOM alive');
  // Nothing detached leaks in the fixed app: no snapshot is taken, nothing is named, no hint.
  const fixed = await run(['demo/scenarios/detached.ts', '--iterations', '3', '--retainers'], { LEAKSCOPE_DEMO_URL: `${demo.url}?fixed=1` });
  expect(fixed.report?.leaks).toEqual([]);
  expect(fixed.code, fixed.stderr).toBe(0);
});

test('--snapshots writes every snapshot of the run; leakscope diff of the first and last names the leak at its line, and the fixed route diffs clean', async () => {
  const files = ['baseline.json', 'iteration-1.json', 'iteration-2.json', 'iteration-3.json'];
  const leakyDir = join(dir, 'snapshots-leaky', 'listeners');
  const leaky = await run(['demo/scenarios/listeners.ts', '--iterations', '3', '--snapshots', leakyDir], { LEAKSCOPE_DEMO_URL: demo.url });
  expect(leaky.code, leaky.stderr).toBe(1);
  expect(readdirSync(leakyDir).sort()).toEqual(files);
  const diff = await spawnCli(['diff', join(leakyDir, 'baseline.json'), join(leakyDir, 'iteration-3.json')], { cwd: ROOT });
  expect(diff.code, diff.stderr).toBe(1);
  for (const name of ['listeners-window', 'listeners-document']) {
    const marker = leakMarker(name);
    expect(diff.stdout).toContain(`${demo.url.slice(0, -1)}${marker.path}:${marker.line}`);
  }
  expect(diff.stdout).toContain('LEAK listener');

  const fixedDir = join(dir, 'snapshots-fixed');
  const fixed = await run(['demo/scenarios/listeners.ts', '--iterations', '3', '--snapshots', fixedDir], {
    LEAKSCOPE_DEMO_URL: `${demo.url}?fixed=1`,
  });
  expect(fixed.code, fixed.stderr).toBe(0);
  expect(readdirSync(fixedDir).sort()).toEqual(files);
  const clean = await spawnCli(['diff', join(fixedDir, 'baseline.json'), join(fixedDir, 'iteration-3.json')], { cwd: ROOT });
  expect(clean.stdout).toMatch(/^Leakscope: no leaks found/);
  expect(clean.code, clean.stderr).toBe(0);
});

test('a bounded cache (grows at first, then flat) passes; the same cache unbounded fails', async () => {
  const bounded = await run([scenario('bounded.mjs', clickScenario(`${pagesUrl}run-cache.html?max=3`))]);
  const listeners = (r: Report) => r.counters.find((c) => c.name === 'jsEventListeners')!.values;
  // It did grow after the baseline before it stopped: the plateau is what makes it pass, not a flat line.
  const values = listeners(bounded.report!);
  expect(values.at(-1)!).toBeGreaterThan(values[0]!);
  expect(bounded.report!.leaks).toEqual([]);
  expect(bounded.code, bounded.stderr).toBe(0);

  const unbounded = await run([scenario('unbounded.mjs', clickScenario(`${pagesUrl}run-cache.html?max=0`))]);
  expect(unbounded.code, unbounded.stderr).toBe(1);
  expect(unbounded.report!.leaks.map((l) => `${l.kind} ${l.type}`)).toContain('listener resize');
});

test('a one-off allocation on the first iteration passes; the same allocation on every iteration fails', async () => {
  const once = await run([scenario('once.mjs', clickScenario(`${pagesUrl}run-lazy.html`)), '--warmup', '0']);
  const timers = once.report!.diff.entries.filter((e) => e.kind === 'timer');
  expect(timers.map((e) => [e.before, e.after])).toEqual([[0, 1]]);
  expect(once.report!.leaks).toEqual([]);
  expect(once.code, once.stderr).toBe(0);

  const every = await run([scenario('every.mjs', clickScenario(`${pagesUrl}run-lazy.html?every=1`)), '--warmup', '0']);
  expect(every.code, every.stderr).toBe(1);
  const timer = every.report!.leaks.find((l) => l.kind === 'timer')!;
  expect(timer.stack[0]).toMatchObject({ functionName: 'startService', url: `${pagesUrl}run-lazy.js`, line: 5 });
});

test('full page loads in a cycle: compared across loads, the leaky listener route is clean when each visit reloads', async () => {
  const reload = await run([
    scenario(
      'reload.mjs',
      `export default {
  url: ${JSON.stringify(demo.url)},
  action: (page) => page.goto(${JSON.stringify(`${demo.url}listeners`)}),
  back: (page) => page.goto(${JSON.stringify(demo.url)}),
};\n`,
    ),
  ]);
  expect(reload.report!.leaks).toEqual([]);
  // Old documents are not piling up either: Chrome's document count is analysed like a group (kind `document`),
  // so a count growing with the visits would be a leak above. Its single values are not compared: the page being
  // left is still counted for a moment after each load, by one or two.
  expect(reload.report!.counters.find((c) => c.name === 'documents')!.values).toHaveLength(6);
  expect(reload.code, reload.stderr).toBe(0);
  // Its twin, the same visits by clicking (one document): the listeners pile up.
  const click = await run([
    scenario(
      'click.mjs',
      `export default {
  url: ${JSON.stringify(demo.url)},
  action: (page) => page.click('nav a[data-route="listeners"]'),
  back: (page) => page.click('nav a[data-route="home"]'),
};\n`,
    ),
    '--iterations',
    '3',
  ]);
  expect(click.code, click.stderr).toBe(1);
});

test.describe('bad input exits 2 with one line naming the step', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a URL that does not load',
      () => scenario('refused.mjs', `export default { url: 'http://127.0.0.1:${closedPort}/', action() {}, back() {} };\n`),
      /^leakscope: step "url" failed: http:\/\/127\.0\.0\.1:\d+\/ did not load \(net::ERR_CONNECTION_REFUSED\)$/,
    ],
    [
      'a URL that answers 404',
      () => scenario('missing.mjs', `export default { url: ${JSON.stringify(`${pagesUrl}nothing-here.html`)}, action() {}, back() {} };\n`),
      /^leakscope: step "url" failed: http:\/\/127\.0\.0\.1:\d+\/nothing-here\.html answered HTTP 404$/,
    ],
    [
      'an action that throws in iteration 2',
      () =>
        scenario(
          'throws.mjs',
          `let n = 0;\nexport default { url: ${JSON.stringify(`${pagesUrl}run-cache.html`)}, action() { if (++n === 3) throw new Error('the dialog did not open'); }, back() {} };\n`,
        ),
      /^leakscope: step "action \(iteration 2\)" failed: the dialog did not open$/,
    ],
    [
      'a setup that throws',
      () =>
        scenario(
          'setup.mjs',
          `export default { url: ${JSON.stringify(`${pagesUrl}run-cache.html`)}, setup: async () => { throw new TypeError('no user'); }, action() {}, back() {} };\n`,
        ),
      /^leakscope: step "setup" failed: no user$/,
    ],
  ];
  for (const [what, make, message] of cases) {
    test(what, async () => {
      const { code, stdout, stderr } = await run([make()]);
      const lines = stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(lines.filter((l) => !/^leakscope: (loaded |warm-up |baseline: |iteration \d+\/\d+: )/.test(l))).toHaveLength(1);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    });
  }
});

test.describe('--timeout: a step over the limit exits 2 with one line naming the step and what it waited for', () => {
  test('an action that clicks a selector that never appears, with --timeout 6000', async () => {
    // The third action (warm-up 1, iterations 1 and 2) clicks a link the demo does not have.
    const path = scenario(
      'never-appears.mjs',
      `let n = 0;
export default {
  url: ${JSON.stringify(demo.url)},
  action: (page) => page.click(++n === 3 ? 'nav a[data-route="nope"]' : 'nav a[data-route="listeners"]'),
  back: (page) => page.click('nav a[data-route="home"]'),
};\n`,
    );
    const started = Date.now();
    // 6 s, not less: on a loaded CI machine the demo's own load has taken over 2 s, and the limit covers every step.
    const { code, stdout, stderr } = await run([path, '--timeout', '6000']);
    const took = Date.now() - started;
    expect(stderr.trim().split('\n').at(-1)).toBe(
      `leakscope: step "action (iteration 2)" timed out after 6000 ms waiting for locator('nav a[data-route="nope"]')`,
    );
    expect(stderr).toMatch(/leakscope: iteration 1\/5: /);
    expect(stdout).toBe('');
    expect(code).toBe(2);
    // Short of Playwright's default 30 s for the click alone: the browser's start, two cycles and the 6 s limit.
    expect(took).toBeLessThan(28_000);
  });

  test('a URL that never answers, with --timeout 1000', async () => {
    const url = `${pagesUrl}never-answers`;
    const started = Date.now();
    const { code, stderr } = await run([
      scenario('never-answers.mjs', `export default { url: ${JSON.stringify(url)}, action() {}, back() {} };\n`),
      '--timeout',
      '1000',
    ]);
    expect(stderr.trim()).toBe(`leakscope: step "url" timed out after 1000 ms waiting for ${url} to load`);
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

test.describe('quick mode: leakscope run URL --click SELECTOR [--back SELECTOR], no scenario file', () => {
  const click = ['--click', 'nav a[data-route="listeners"]'];
  const back = ['--back', 'nav a[data-route="home"]'];

  test('clicking into /listeners and back home: leaky exits 1 with each listener at its line, fixed exits 0', async () => {
    const leaky = await run([demo.url, ...click, ...back, '--iterations', '3']);
    expect(leaky.code, leaky.stderr).toBe(1);
    for (const found of findSeeded(leaky.report!, 'listeners')) {
      expect(found.matched, `${found.seeded.kind} expected at ${found.marker.path}:${found.marker.line}, reported at ${found.at}`).toBe(true);
      expect(leaky.stdout).toContain(`${demo.url.slice(0, -1)}${found.marker.path}:${found.marker.line}`);
    }
    const fixed = await run([`${demo.url}?fixed=1`, ...click, ...back, '--iterations', '3']);
    expect(fixed.report?.leaks, fixed.stdout).toEqual([]);
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  test('without --back, history back undoes the click (the demo routes with pushState): the same leaks, and the fixed app clean', async () => {
    const leaky = await run([demo.url, ...click, '--iterations', '3']);
    expect(leaky.code, leaky.stderr).toBe(1);
    expect(leaky.stderr).toMatch(/leakscope: iteration 3\/3: /);
    expect(findSeeded(leaky.report!, 'listeners').every((f) => f.matched)).toBe(true);
    // Every back landed on home again (the run fails a back that does not): one leak per visit, no more.
    expect(leaky.report!.leaks.filter((l) => l.kind === 'listener').map((l) => [l.type, l.perIteration])).toEqual(
      expect.arrayContaining([
        ['resize', 1],
        ['keydown', 1],
      ]),
    );
    const fixed = await run([`${demo.url}?fixed=1`, ...click, '--iterations', '3']);
    expect(fixed.report?.leaks, fixed.stdout).toEqual([]);
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  test('a file: URL', async () => {
    const page = join(dir, 'quick-file.html');
    writeFileSync(
      page,
      `<!doctype html><button id="open">Open</button><button id="close">Close</button>
<script>
document.getElementById('open').addEventListener('click', () => {
  window.addEventListener('resize', () => {}); // never removed
});
</script>\n`,
    );
    const url = pathToFileURL(page).href;
    const { code, stderr, report } = await run([url, '--click', '#open', '--back', '#close', '--iterations', '3']);
    expect(code, stderr).toBe(1);
    const resize = report!.leaks.find((l) => l.kind === 'listener' && l.type === 'resize');
    expect(resize?.stack[0]).toMatchObject({ url, line: 4 });
  });
});
