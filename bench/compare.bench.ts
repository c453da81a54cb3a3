/**
 * Benchmark (not a test): Leakscope, memlab and fuite on the demo app, measured in one run. For each route, leaky
 * and fixed (`?fixed=1`), each tool runs the same scenario (home, into the route, back home; five iterations) and the
 * table says what it reported, whether it named the seeded leak's source line, and how long it took (wall time of
 * the whole command, browser start included).
 *
 * memlab and fuite are not Leakscope dependencies (each brings its own Puppeteer). Install them apart and point
 * LEAKSCOPE_COMPARE_TOOLS at that folder; without it only Leakscope runs:
 *
 *   PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix /tmp/leak-tools memlab fuite
 *   LEAKSCOPE_COMPARE_TOOLS=/tmp/leak-tools npm run bench -- compare
 *
 * They use the browser Leakscope resolves (LEAKSCOPE_CHROMIUM, Playwright's, the system's). memlab takes minutes
 * per run: it runs on the routes in LEAKSCOPE_COMPARE_MEMLAB_ROUTES (default `listeners,detached`); the others on
 * LEAKSCOPE_COMPARE_ROUTES (default: every route).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ROUTES, findSeeded, SEEDED } from '../demo/scenario.ts';
import { startDemoServer } from '../demo/server.ts';
import type { Report } from '../src/core/report/schema.ts';
import { resolveChromium } from '../src/playwright/browser.ts';

type Route = (typeof DEMO_ROUTES)[number];
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ITERATIONS = 5;
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
  const r = await run(process.execPath, [join(ROOT, 'bin/leakscope.mjs'), 'run', join(ROOT, `demo/scenarios/${route}.ts`), '--iterations', String(ITERATIONS), '--json', json], { LEAKSCOPE_DEMO_URL: appUrl(base, fixed) }, ROOT);
  if (r.code === 2 || !existsSync(json)) return { verdict: `error: ${r.out.trim().split('\n').at(-1) ?? ''}`, named: '', line: 'n/a', seconds: r.seconds };
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
  writeFileSync(memlab, `module.exports = { url: () => process.env.APP_URL, action: async (page) => { ${steps} }, back: async (page) => { ${back} }, repeat: () => ${ITERATIONS - 1} };\n`);
  return { fuite, memlab };
}

async function fuite(tools: string, base: string, route: Route, fixed: boolean, work: string, chromium: string): Promise<Outcome> {
  const out = join(work, `fuite-${route}-${fixed}.json`);
  const { fuite: scenario } = writeScenarios(work, route);
  const r = await run(join(tools, 'node_modules/.bin/fuite'), [appUrl(base, fixed), '--scenario', scenario, '-i', String(ITERATIONS), '-b', '--no-sandbox', '-o', out], { PUPPETEER_EXECUTABLE_PATH: chromium }, work);
  if (!existsSync(out)) return { verdict: `error: ${r.out.trim().split('\n').slice(-3).join(' ').slice(0, 120)}`, named: '', line: 'n/a', seconds: r.seconds };
  const leaks = (JSON.parse(readFileSync(out, 'utf8')) as { result: { leaks: { detected: boolean; eventListeners: { type: string }[]; objects: unknown[]; collections: unknown[]; domNodes: { delta: number } } } }[])[0]!.result.leaks;
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
  const r = await run(join(tools, 'node_modules/.bin/memlab'), ['run', '--scenario', scenario, '--chromium-binary', chromium, '--work-dir', join(work, `memlab-${route}-${fixed}`)], { APP_URL: appUrl(base, fixed) }, work);
  const found = /MemLab found (\d+) leak/.exec(r.out);
  const none = /No leaks? (?:was |were )?found|found 0 leak/i.test(r.out);
  if (!found && !none) return { verdict: `error: ${r.out.trim().split('\n').slice(-2).join(' ').slice(0, 120)}`, named: '', line: 'n/a', seconds: r.seconds };
  const n = found ? Number(found[1]) : 0;
  return { verdict: n > 0 ? 'leak' : 'clean', named: n > 0 ? `${n} leak trace clusters` : '', line: fixed ? 'n/a' : 'no', seconds: r.seconds };
}

async function main(): Promise<void> {
  const tools = process.env.LEAKSCOPE_COMPARE_TOOLS;
  const listed = (name: string, fallback: readonly string[]) => (process.env[name] ? process.env[name]!.split(',').map((s) => s.trim()) : fallback) as Route[];
  const routes = listed('LEAKSCOPE_COMPARE_ROUTES', DEMO_ROUTES).filter((r) => r in SEEDED);
  const memlabRoutes = listed('LEAKSCOPE_COMPARE_MEMLAB_ROUTES', ['listeners', 'detached']);
  const chromium = resolveChromium({ requireExtensions: false }).executablePath;
  if (!tools) console.log('LEAKSCOPE_COMPARE_TOOLS is not set: Leakscope only (see the comment at the top of bench/compare.bench.ts)');
  const has = (bin: string) => tools !== undefined && existsSync(join(tools, 'node_modules/.bin', bin));
  const demo = await startDemoServer();
  const work = mkdtempSync(join(tmpdir(), 'leakscope-compare-'));
  const rows: string[][] = [];
  try {
    for (const route of routes) {
      for (const fixed of [false, true]) {
        const variant = fixed ? 'fixed' : 'leaky';
        const outcomes: [string, Outcome][] = [['leakscope', await leakscope(demo.url, route, fixed, work)]];
        if (has('fuite')) outcomes.push(['fuite', await fuite(tools!, demo.url, route, fixed, work, chromium)]);
        if (has('memlab') && memlabRoutes.includes(route)) outcomes.push(['memlab', await memlab(tools!, demo.url, route, fixed, work, chromium)]);
        for (const [tool, o] of outcomes) {
          const row = [route, variant, tool, o.verdict, o.named, o.line, o.seconds.toFixed(1)];
          rows.push(row);
          console.error(`  ${row.join(' | ')}`);
        }
      }
    }
  } finally {
    await demo.close();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${ITERATIONS} iterations each; "right" = the verdict a user wants (leak on the leaky app, clean on the fixed one)`);
  console.log('| route | app | tool | verdict | right | what it named | source line | seconds |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [route, variant, tool, verdict, named, line, seconds] of rows) {
    const right = verdict === (variant === 'leaky' ? 'leak' : 'clean') ? 'yes' : 'no';
    console.log(`| ${route} | ${variant} | ${tool} | ${verdict} | ${right} | ${named} | ${line} | ${seconds} |`);
  }
}

await main();
