/**
 * `npm start`, the main job on the bundled demo (after `npm run build`): serves the demo, runs the demo's leak-check
 * scenarios (demo/scenarios/*.ts, the same code path as `leakscope run`) against the leaky app and the fixed app
 * (`?fixed=1`), and prints which leaks were found, each seeded kind with the source line Leakscope attributes it to
 * and whether that is the line the demo marks with `// LEAK:<name>`.
 *
 * Exit codes: 0 when every seeded leak is found where the demo marks it and the fixed app is clean, 1 otherwise,
 * 2 when it could not run (no browser, no build).
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_ROUTES, findSeeded, type FoundLeak } from '../demo/scenario.ts';
import { startDemoServer } from '../demo/server.ts';
import type { Leak, Report } from '../src/core/index.ts';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { LeakscopeError } from '../src/playwright/errors.ts';
import { leakStack, userFrame } from '../src/playwright/frames.ts';
import { runScenario } from '../src/playwright/runner.ts';
import { loadScenario } from '../src/playwright/scenario.ts';

const ITERATIONS = 5;
const WARMUP = 1;
/** Runs at a time: a run mostly waits on the browser, so three share two cores well. */
const CONCURRENCY = 3;

type Route = (typeof DEMO_ROUTES)[number];

async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Runs every demo scenario against the app at `url`. `LEAKSCOPE_DEMO_URL` is how the scenarios find it. */
async function runAll(browser: Browser, url: string): Promise<Map<Route, Report>> {
  process.env.LEAKSCOPE_DEMO_URL = url;
  const reports = await pool(DEMO_ROUTES, CONCURRENCY, async (route) => {
    const scenario = await loadScenario(fileURLToPath(new URL(`../demo/scenarios/${route}.ts`, import.meta.url)));
    const { report } = await runScenario(scenario, { browser, iterations: ITERATIONS, warmup: WARMUP, retainers: true });
    return report;
  });
  return new Map(DEMO_ROUTES.map((route, i) => [route, reports[i]!]));
}

function where(leak: Leak): string {
  const frame = userFrame(leakStack(leak));
  if (frame) return `${new URL(frame.url).pathname}:${frame.line}`;
  // Chrome's counters (documents, heap) grow with no registry entry to name a line.
  return leak.kind === 'document' || leak.kind === 'heap' ? "Chrome's counter" : '(no source line)';
}

function title(leak: Leak): string {
  if (leak.kind === 'listener') return `"${leak.type}" on ${leak.target}`;
  if (leak.kind === 'detached-dom') return leak.target;
  // The documents counter: SVG images, for one, are documents of their own.
  if (leak.kind === 'document' && leak.type === 'documents') return 'count';
  return leak.type;
}

function seededLine(found: FoundLeak): string {
  const { seeded, marker, leak } = found;
  const head = `${seeded.kind.padEnd(12)} ${(leak ? title(leak) : '').padEnd(28).slice(0, 28)}`;
  if (!leak) return `${head} NOT FOUND (expected at ${marker.path}:${marker.line}, LEAK:${seeded.marker})`;
  const growth = `+${Math.round(leak.perIteration * 100) / 100}/iteration`.padEnd(15);
  const at = (found.at ?? '(no source line)').padEnd(32);
  if (!found.matched) return `${head} ${growth} ${at} ✗ expected ${marker.path}:${marker.line} (LEAK:${seeded.marker})`;
  if (seeded.match === 'file') {
    const kept = leak.detached?.attribution.keptBy;
    const keeps = kept ? `kept by ${kept.path}, ` : '';
    return `${head} ${growth} ${at} ✓ same file as LEAK:${seeded.marker} (${keeps}line ${marker.line} keeps the nodes; reported: where they were removed)`;
  }
  return `${head} ${growth} ${at} ✓ LEAK:${seeded.marker}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const resolved = resolveChromium({ requireExtensions: false });
  const demo = await startDemoServer();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: resolved.executablePath, headless: true, args: BASE_ARGS });
  } catch (err) {
    await demo.close();
    throw new LeakscopeError(`could not start ${resolved.executablePath}: ${String((err as Error).message).split('\n')[0]}`);
  }
  try {
    console.log(`Leakscope demo at ${demo.url} in ${resolved.version}`);
    console.log(`Each route: ${WARMUP} warm-up visit, then ${ITERATIONS} visits with a snapshot after each (leakscope run demo/scenarios/ROUTE.ts)`);
    let ok = true;

    const leaky = await runAll(browser, demo.url);
    console.log(`\nLeaky app (${demo.url}): what grows with every visit, and the line that made it`);
    for (const route of DEMO_ROUTES) {
      const report = leaky.get(route)!;
      const found = findSeeded(report, route);
      ok &&= found.every((f) => f.matched);
      const seededLeaks = new Set(found.map((f) => f.leak));
      const others = report.leaks.filter((l) => !seededLeaks.has(l));
      found.forEach((f, i) => console.log(`  ${(i === 0 ? `/${route}` : '').padEnd(11)} ${seededLine(f)}`));
      if (others.length > 0) {
        const list = others.map((l) => `${l.kind} ${title(l)} (${where(l)})`).join(', ');
        console.log(`  ${''.padEnd(11)} ${`+ ${others.length} more kept alive with it:`} ${list}`);
      }
    }

    const fixedUrl = `${demo.url}?fixed=1`;
    const fixed = await runAll(browser, fixedUrl);
    console.log(`\nFixed app (${fixedUrl}):`);
    for (const route of DEMO_ROUTES) {
      const report = fixed.get(route)!;
      ok &&= report.leaks.length === 0;
      const verdict =
        report.leaks.length === 0
          ? 'clean'
          : `${report.leaks.length} leak(s): ${report.leaks.map((l) => `${l.kind} ${title(l)} (${where(l)})`).join(', ')}`;
      console.log(`  /${route.padEnd(10)} ${verdict}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\n${ok ? 'Every seeded leak found at its line; the fixed app is clean' : 'Not as expected: see above'} (${seconds} s).`);
    return ok ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    await demo.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`leakscope: ${err instanceof LeakscopeError ? err.message : String((err as Error)?.stack ?? err)}`);
    process.exit(err instanceof LeakscopeError ? err.exitCode : 1);
  },
);
