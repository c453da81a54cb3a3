/**
 * Benchmark (not a test): what `leakscope run` costs over running the same scenario without Leakscope. For the
 * demo's listener and detached-DOM routes (leaky app): wall time of `leakscope run` with 1 warm-up and 5 iterations
 * (browser start, page load, cycles, a snapshot after each, the analysis) against the same browser start, page load
 * and 1 + 5 cycles with no instrumentation at all; the ratio's goal is under 1.5x. Also the peak RSS of this
 * process (the Node side of `leakscope run`; the browser's processes are not counted).
 *
 * Native and Leakscope runs alternate, several rounds; medians are reported. Run with `npm run bench -- run`
 * (after `npm run build`: the page script is the built bundle).
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../demo/server.ts';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { waitForIdle } from '../src/playwright/idle.ts';
import { runScenario } from '../src/playwright/runner.ts';
import { loadScenario, type Scenario } from '../src/playwright/scenario.ts';

const ROUTES = ['listeners', 'detached'] as const;
const ITERATIONS = 5;
const WARMUP = 1;
const ROUNDS = 5;
const GOAL_RATIO = 1.5;
const MB = 1024 * 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The same scenario with no Leakscope at all: no page script, no CDP session, no snapshots. */
async function native(scenario: Scenario, executablePath: string): Promise<number> {
  const started = performance.now();
  const browser = await chromium.launch({ executablePath, headless: true, args: BASE_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(typeof scenario.url === 'function' ? await scenario.url() : scenario.url, { waitUntil: 'load' });
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      await scenario.action(page);
      await waitForIdle(page);
      await scenario.back(page);
      await waitForIdle(page);
    }
  } finally {
    await browser.close();
  }
  return performance.now() - started;
}

async function leakscope(scenario: Scenario, executablePath: string): Promise<{ ms: number; leaks: number }> {
  const started = performance.now();
  const { report } = await runScenario(scenario, { iterations: ITERATIONS, warmup: WARMUP, browserPath: executablePath });
  return { ms: performance.now() - started, leaks: report.leaks.length };
}

const { executablePath, version } = resolveChromium({ requireExtensions: false });
const demo = await startDemoServer();
process.env.LEAKSCOPE_DEMO_URL = demo.url;
console.log(`leakscope run vs the same cycles without Leakscope, ${WARMUP} warm-up + ${ITERATIONS} iterations, ${ROUNDS} rounds, ${version}`);
let worst = 0;
try {
  for (const route of ROUTES) {
    const scenario = await loadScenario(fileURLToPath(new URL(`../demo/scenarios/${route}.ts`, import.meta.url)));
    const plain: number[] = [];
    const measured: number[] = [];
    let leaks = 0;
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await native(scenario, executablePath));
      const r = await leakscope(scenario, executablePath);
      measured.push(r.ms);
      leaks = r.leaks;
    }
    const ratio = median(measured) / median(plain);
    worst = Math.max(worst, ratio);
    console.log(
      `  /${route.padEnd(10)} native ${(median(plain) / 1000).toFixed(2)} s, leakscope run ${(median(measured) / 1000).toFixed(2)} s: ` +
        `${ratio.toFixed(2)}x (goal < ${GOAL_RATIO}x) · ${leaks} ${leaks === 1 ? 'leak' : 'leaks'} found`,
    );
  }
} finally {
  await demo.close();
}
const peak = process.resourceUsage().maxRSS * 1024;
console.log(`  peak RSS of this process (both kinds of run): ${(peak / MB).toFixed(0)} MB`);
console.log(worst < GOAL_RATIO ? 'within the goal' : `outside the goal (worst ${worst.toFixed(2)}x)`);
