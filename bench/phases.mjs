// Where the time of one `leakscope run` goes, step by step: what the compiled CLI's run command and runScenario do
// (src/cli/commands/run.ts, src/playwright/runner.ts), redone from dist/ with a timestamp after each step, and the
// time of every CDP command the snapshots send. A profiling aid next to `npm run bench -- run`, not a benchmark:
//
//   npm run build && npm run demo &
//   LEAKSCOPE_DEMO_URL=http://127.0.0.1:4173/ node bench/phases.mjs demo/scenarios/detached.ts 7 1
//
// It prints to stderr. Steps that runScenario takes and this script skips (the browser's --version, the URL and
// status checks) take a few ms; the timings are those of one run, so compare several.
const t = [];
const mark = (what) => t.push([what, performance.now()]);
mark('node start (process start to the first line of this script)');
const lib = new URL('../dist/lib/', import.meta.url);
await import(new URL('cli.mjs', lib).href);
mark('import dist/lib/cli.mjs');
// What the run command imports when it runs.
await Promise.all([import(new URL('scenario.mjs', lib).href), import(new URL('runner.mjs', lib).href)]);
mark('import scenario.mjs + runner.mjs (playwright-core)');
const { LeakSession, instrumentContext, loadScenario, resolveChromium, waitForIdle } = await import(new URL('playwright.mjs', lib).href);
const { chromium } = await import('playwright-core');
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];
t.push(['(import the public entry for its names; not counted)', performance.now()]);
const [file, iterations, warmup] = [process.argv[2], Number(process.argv[3] ?? 7), Number(process.argv[4] ?? 1)];
const scenario = await loadScenario(file);
mark('loadScenario (tsx)');
const url = typeof scenario.url === 'function' ? await scenario.url() : scenario.url;
const { executablePath } = resolveChromium({ requireExtensions: false, withVersion: false });
const browser = await chromium.launch({ executablePath, headless: true, args: BASE_ARGS });
mark('chromium.launch');
const context = await browser.newContext();
mark('newContext');
await instrumentContext(context);
mark('instrumentContext (addInitScript)');
const page = await context.newPage();
mark('newPage');
await page.goto(url, { waitUntil: 'load' });
mark('goto (load)');
await waitForIdle(page);
mark('waitForIdle after load');
// Time each CDP command of the snapshots (the cycles use no CDP session of their own).
const cdpTimes = new Map();
{
  const probe = await context.newCDPSession(page);
  const proto = Object.getPrototypeOf(probe);
  const send = proto.send;
  proto.send = async function (method, params) {
    const s = performance.now();
    let bytes = 0;
    try {
      const result = await send.call(this, method, params);
      bytes = JSON.stringify(result ?? null).length;
      return result;
    } finally {
      const e = cdpTimes.get(method) ?? { n: 0, ms: 0, bytes: 0 };
      e.n++;
      e.ms += performance.now() - s;
      e.bytes = Math.max(e.bytes, bytes);
      cdpTimes.set(method, e);
    }
  };
  await probe.detach();
  cdpTimes.clear();
}
const session = new LeakSession(page);
let cyclesMs = 0;
let lastEnd = 0;
const snaps = [];
const result = await session.cycle(
  async () => {
    const s = performance.now();
    await scenario.action(page);
    await waitForIdle(page);
    await scenario.back(page);
    await waitForIdle(page);
    lastEnd = performance.now();
    cyclesMs += lastEnd - s;
  },
  {
    iterations,
    warmup,
    settled: true,
    onProgress: (e) => {
      if (e.phase !== 'warmup') snaps.push(performance.now() - lastEnd);
    },
  },
);
mark(`cycles + snapshots + analysis`);
const analysis = performance.now() - lastEnd - snaps.at(-1);
await session.dispose();
const { t: renderText } = await import(new URL('text.mjs', lib).href);
const s = performance.now();
renderText(result.report, { color: false });
const render = performance.now() - s;
mark('dispose + import + render text');
await context.close();
await browser.close();
mark('close the browser');
let prev = 0;
let skipped = 0;
for (const [what, at] of t) {
  if (what.startsWith('(')) skipped = at - prev;
  else process.stderr.write(`${(at - prev).toFixed(0).padStart(6)} ms  ${what}\n`);
  prev = at;
}
prev -= skipped;
process.stderr.write(
  `   of which: ${warmup + iterations} cycles ${cyclesMs.toFixed(0)} ms, ${snaps.length} snapshots ${snaps.map((x) => x.toFixed(0)).join(' ')} ms, analysis ~${analysis.toFixed(0)} ms, render ${render.toFixed(0)} ms\n`,
);
process.stderr.write(`   CDP commands of the snapshots (total ms, count; concurrent ones overlap):\n`);
for (const [m, e] of [...cdpTimes].sort((a, b) => b[1].ms - a[1].ms))
  process.stderr.write(`${e.ms.toFixed(0).padStart(9)} ms ${String(e.n).padStart(4)}x  ${m} (largest answer ${(e.bytes / 1024).toFixed(0)} KB)\n`);
process.stderr.write(`${prev.toFixed(0).padStart(6)} ms  total to here; ${result.report.leaks.length} leaks\n`);
