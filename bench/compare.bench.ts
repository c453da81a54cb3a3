/**
 * Benchmark (not a test): Leakscope, memlab and fuite on the demo app, measured in one run. For each route, leaky
 * and fixed (`?fixed=1`), each tool runs the same scenario (home, into the route, back home) and the table says what
 * it reported, whether it named the seeded leak's source line, and how long it took: the wall time of the whole
 * command, node's and the browser's start included. A summary then gives each tool's wall times over all the runs
 * (median and range) and on how many of them Leakscope was the faster of Leakscope and fuite.
 *
 * Iterations are aligned with `npm run bench -- run`: `leakscope run --iterations 7 --warmup 1`, and `fuite -i 7`,
 * which runs one throwaway iteration of its own before the seven (it has no warm-up option) and, when it found a
 * growing collection, one more to take its stacks. memlab's scenario repeats action and back 7 times in its one
 * measured round (`repeat: () => 6`). fuite gets the Chromium flags Leakscope launches with (BASE_ARGS). Which of
 * Leakscope and fuite runs first alternates from one run to the next.
 *
 * memlab and fuite are not Leakscope dependencies (each brings its own Puppeteer). Install them apart and point
 * LEAKSCOPE_COMPARE_TOOLS at that folder; without it only Leakscope runs:
 *
 *   PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix /tmp/leak-tools memlab fuite
 *   LEAKSCOPE_COMPARE_TOOLS=/tmp/leak-tools npm run bench -- compare
 *
 * They use the browser Leakscope resolves (LEAKSCOPE_CHROMIUM, Playwright's, the system's). memlab takes minutes
 * per run: it runs on the routes in LEAKSCOPE_COMPARE_MEMLAB_ROUTES (default `listeners,detached`; empty: none); the others on
 * LEAKSCOPE_COMPARE_ROUTES (default: every route). LEAKSCOPE_COMPARE_ROUNDS (default 1) repeats every run; the table
 * then gives each verdict of the rounds (when they differ) and the median wall time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ROUTES, findSeeded, SEEDED } from '../demo/scenario.ts';
import { startDemoServer } from '../demo/server.ts';
import type { Report } from '../src/core/index.ts';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';

type Route = (typeof DEMO_ROUTES)[number];
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ITERATIONS = 7;
const WARMUP = 1;
const ROUNDS = Math.max(1, Number(process.env.LEAKSCOPE_COMPARE_ROUNDS ?? 1));
const TIMEOUT_MS = 10 * 60_000;

interface Outcome {
  /** What the tool concluded: `leak`, `clean`, or `error: …`. */
  verdict: string;
  /** What it named, in a few words. */
  named: string;
  /** Whether it named the seeded leak's source line (n/a for a fixed route). */
  line: 'yes' | 'no' | 'n/a';
  seconds: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; out: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const appUrl = (base: string, fixed: boolean) => (fixed ? `${base}?fixed=1` : base);

async function leakscope(base: string, route: Route, fixed: boolean, work: string): Promise<Outcome> {
  const json = join(work, `leakscope-${route}-${fixed}.json`);
  rmSync(json, { force: true });
  const r = await run(
    process.execPath,
    [
      join(ROOT, 'bin/leakscope.mjs'),
      'run',
      join(ROOT, `demo/scenarios/${route}.ts`),
      '--iterations',
      String(ITERATIONS),
      '--warmup',
      String(WARMUP),
      '--json',
      json,
    ],
    { LEAKSCOPE_DEMO_URL: appUrl(base, fixed) },
    ROOT,
  );
  if (r.code === 2 || !existsSync(json))
    return { verdict: `error: ${r.out.trim().split('\n').at(-1) ?? ''}`, named: '', line: 'n/a', seconds: r.seconds };
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  const found = fixed ? [] : findSeeded(report, route);
  return {
    verdict: report.leaks.length > 0 ? 'leak' : 'clean',
    named: [...new Set(report.leaks.map((l) => l.kind))].join(', '),
    line: fixed ? 'n/a' : found.length > 0 && found.every((f) => f.matched) ? 'yes' : 'no',
    seconds: r.seconds,
  };
}

/** A fuite scenario (and a memlab one) for `route`: the same clicks as demo/scenarios. */
function writeScenarios(work: string, route: Route): { fuite: string; memlab: string } {
  const steps = `await page.click('nav a[data-route="${route}"]'); await page.waitForSelector('[data-view="${route}"]', { visible: true });`;
  const back = `await page.click('nav a[data-route="home"]'); await page.waitForSelector('[data-view="home"]', { visible: true });`;
  const fuite = join(work, `fuite-${route}.mjs`);
  writeFileSync(fuite, `export async function iteration(page) { ${steps} ${back} }\n`);
  const memlab = join(work, `memlab-${route}.cjs`);
  writeFileSync(
    memlab,
    `module.exports = { url: () => process.env.APP_URL, action: async (page) => { ${steps} }, back: async (page) => { ${back} }, repeat: () => ${ITERATIONS - 1} };\n`,
  );
  return { fuite, memlab };
}

async function fuite(tools: string, base: string, route: Route, fixed: boolean, work: string, chromium: string): Promise<Outcome> {
  const out = join(work, `fuite-${route}-${fixed}.json`);
  const { fuite: scenario } = writeScenarios(work, route);
  rmSync(out, { force: true });
  const r = await run(
    join(tools, 'node_modules/.bin/fuite'),
    [appUrl(base, fixed), '--scenario', scenario, '-i', String(ITERATIONS), ...BASE_ARGS.map((a) => `--browser-arg=${a}`), '-o', out],
    { PUPPETEER_EXECUTABLE_PATH: chromium },
    work,
  );
  if (!existsSync(out))
    return { verdict: `error: ${r.out.trim().split('\n').slice(-3).join(' ').slice(0, 120)}`, named: '', line: 'n/a', seconds: r.seconds };
  const leaks = (
    JSON.parse(readFileSync(out, 'utf8')) as {
      result: {
        leaks: { detected: boolean; eventListeners: { type: string }[]; objects: unknown[]; collections: unknown[]; domNodes: { delta: number } };
      };
    }[]
  )[0]!.result.leaks;
  const named = [
    leaks.eventListeners.length > 0 ? `listeners (${leaks.eventListeners.map((e) => e.type).join(', ')})` : '',
    leaks.objects.length > 0 ? `${leaks.objects.length} object types` : '',
    leaks.collections.length > 0 ? `${leaks.collections.length} collections` : '',
    leaks.domNodes.delta > 0 ? `+${leaks.domNodes.delta} DOM nodes` : '',
  ].filter(Boolean);
  return { verdict: leaks.detected ? 'leak' : 'clean', named: named.join(', '), line: fixed ? 'n/a' : 'no', seconds: r.seconds };
}

async function memlab(tools: string, base: string, route: Route, fixed: boolean, work: string, chromium: string): Promise<Outcome> {
  const { memlab: scenario } = writeScenarios(work, route);
  const r = await run(
    join(tools, 'node_modules/.bin/memlab'),
    ['run', '--scenario', scenario, '--chromium-binary', chromium, '--work-dir', join(work, `memlab-${route}-${fixed}`)],
    { APP_URL: appUrl(base, fixed) },
    work,
  );
  const found = /MemLab found (\d+) leak/.exec(r.out);
  const none = /No leaks? (?:was |were )?found|found 0 leak/i.test(r.out);
  if (!found && !none)
    return { verdict: `error: ${r.out.trim().split('\n').slice(-2).join(' ').slice(0, 120)}`, named: '', line: 'n/a', seconds: r.seconds };
  const n = found ? Number(found[1]) : 0;
  return { verdict: n > 0 ? 'leak' : 'clean', named: n > 0 ? `${n} leak trace clusters` : '', line: fixed ? 'n/a' : 'no', seconds: r.seconds };
}

async function main(): Promise<void> {
  const tools = process.env.LEAKSCOPE_COMPARE_TOOLS;
  const listed = (name: string, fallback: readonly string[]) =>
    (process.env[name] !== undefined ? process.env[name].split(',').map((s) => s.trim()) : fallback) as Route[];
  const routes = listed('LEAKSCOPE_COMPARE_ROUTES', DEMO_ROUTES).filter((r) => r in SEEDED);
  const memlabRoutes = listed('LEAKSCOPE_COMPARE_MEMLAB_ROUTES', ['listeners', 'detached']);
  const chromium = resolveChromium({ requireExtensions: false }).executablePath;
  if (!tools) console.log('LEAKSCOPE_COMPARE_TOOLS is not set: Leakscope only (see the comment at the top of bench/compare.bench.ts)');
  const has = (bin: string) => tools !== undefined && existsSync(join(tools, 'node_modules/.bin', bin));
  const demo = await startDemoServer();
  const work = mkdtempSync(join(tmpdir(), 'leakscope-compare-'));
  const outcomes = new Map<string, { route: Route; variant: string; tool: string; runs: Outcome[] }>();
  const record = (route: Route, variant: string, tool: string, o: Outcome) => {
    const key = `${route}|${variant}|${tool}`;
    const entry = outcomes.get(key) ?? { route, variant, tool, runs: [] };
    entry.runs.push(o);
    outcomes.set(key, entry);
    console.error(`  ${[route, variant, tool, o.verdict, o.named, o.line, o.seconds.toFixed(1)].join(' | ')}`);
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [r, route] of routes.entries()) {
        for (const fixed of [false, true]) {
          const variant = fixed ? 'fixed' : 'leaky';
          // Leakscope first and fuite first alternate over routes, apps and rounds alike.
          const first = (r + Number(fixed) + round) % 2 === 0 ? 'leakscope' : 'fuite';
          for (const tool of first === 'leakscope' ? ['leakscope', 'fuite'] : ['fuite', 'leakscope']) {
            if (tool === 'leakscope') record(route, variant, tool, await leakscope(demo.url, route, fixed, work));
            else if (has('fuite')) record(route, variant, tool, await fuite(tools!, demo.url, route, fixed, work, chromium));
          }
          if (has('memlab') && memlabRoutes.includes(route))
            record(route, variant, 'memlab', await memlab(tools!, demo.url, route, fixed, work, chromium));
        }
      }
    }
  } finally {
    await demo.close();
    rmSync(work, { recursive: true, force: true });
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  };
  const spread = (xs: number[], digits: number) =>
    xs.length === 1
      ? xs[0]!.toFixed(digits)
      : `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
  const seconds = (xs: number[]) => spread(xs, 1);
  console.log(
    `\n${WARMUP} warm-up + ${ITERATIONS} iterations each (fuite: its throwaway iteration + ${ITERATIONS}); ${ROUNDS} ${ROUNDS === 1 ? 'round' : 'rounds'}; ` +
      '"right" = the verdict a user wants (leak on the leaky app, clean on the fixed one); seconds = wall time of the whole command',
  );
  console.log('| route | app | tool | verdict | right | what it named | source line | seconds |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const TOOLS = ['leakscope', 'fuite', 'memlab'];
  const rows = [...outcomes.values()].sort(
    (a, b) =>
      routes.indexOf(a.route) - routes.indexOf(b.route) ||
      (a.variant === 'leaky' ? 0 : 1) - (b.variant === 'leaky' ? 0 : 1) ||
      TOOLS.indexOf(a.tool) - TOOLS.indexOf(b.tool),
  );
  for (const { route, variant, tool, runs } of rows) {
    const verdicts = [...new Set(runs.map((o) => o.verdict))];
    const right = verdicts.every((v) => v === (variant === 'leaky' ? 'leak' : 'clean')) ? 'yes' : 'no';
    const named = [...new Set(runs.map((o) => o.named))].join(' / ');
    const line = [...new Set(runs.map((o) => o.line))].join(' / ');
    console.log(
      `| ${route} | ${variant} | ${tool} | ${verdicts.join(' / ')} | ${right} | ${named} | ${line} | ${seconds(runs.map((o) => o.seconds))} |`,
    );
  }

  // Wall time over every run of a tool, and Leakscope against fuite run by run (the two ran one after the other).
  console.log('\nWall time of the whole command, over all routes and both apps');
  const byTool = new Map<string, number[]>();
  for (const { tool, runs } of outcomes.values())
    byTool.set(tool, [...(byTool.get(tool) ?? []), ...runs.filter((o) => !o.verdict.startsWith('error')).map((o) => o.seconds)]);
  for (const [tool, xs] of byTool) if (xs.length > 0) console.log(`  ${tool.padEnd(10)} ${seconds(xs)} s, ${xs.length} runs`);
  const pairs: number[] = [];
  for (const { route, variant, tool, runs } of outcomes.values()) {
    if (tool !== 'leakscope') continue;
    const other = outcomes.get(`${route}|${variant}|fuite`);
    if (!other) continue;
    runs.forEach((o, i) => {
      const f = other.runs[i];
      if (f && !o.verdict.startsWith('error') && !f.verdict.startsWith('error')) pairs.push(o.seconds / f.seconds);
    });
  }
  if (pairs.length > 0) {
    const faster = pairs.filter((r) => r < 1).length;
    console.log(
      `  leakscope / fuite, run by run: ${spread(pairs, 2)}x; Leakscope the faster in ${faster} of ${pairs.length} (goal: faster than fuite): ${median(pairs) < 1 ? 'met' : 'missed'}`,
    );
  }
}

await main();
