/**
 * Benchmark (not a test): what the page-side instrumentation costs the page. One Chromium, two contexts: native,
 * and instrumented through the init script (the built bundle: run `npm run build` first). Each operation is timed
 * inside the page with performance.now() around a loop; native and instrumented runs alternate, several rounds,
 * and the medians are reported as µs per operation with their ratio. Goal: the page-level workload (build and
 * tear down a 10,000-node list with a listener on each node, 20 times) costs under 10% more instrumented.
 *
 * Run with `npm run bench -- instrument`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { startDemoServer } from '../demo/server.ts';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';
import { LeakscopeError } from '../src/playwright/errors.ts';
import { instrumentSource } from '../src/playwright/inject.ts';
import { MIXES, PAGE_MIX, type Workload } from './mixes.ts';

const ROUNDS = 11;
const PAGE_GOAL = 0.1;
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><div id="host"></div></body></html>';

/** Goals of the realistic mixes (./mixes.ts): each one, the page-level mix of them all, two types interleaved. */
const MIX_GOAL = 1.25;
const PAGE_MIX_GOAL = 1.1;
const INTERLEAVED = 'listener add+remove, two types interleaved on one element';
const INTERLEAVED_GOAL_US = 1.5;

/** The workload whose ratio is printed with its range on a line of its own. */
const DISTINCT_GROUPS = 'distinct groups: 100,000 rows of distinct ids, a listener each';

const WORKLOADS: Workload[] = [
  {
    name: 'listener add+remove pair',
    n: 100_000,
    run: (n) => {
      const el = document.getElementById('host')!;
      const fns = Array.from({ length: 1000 }, () => () => undefined);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const f = fns[i % 1000]!;
        el.addEventListener('click', f);
        el.removeEventListener('click', f);
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'observe+disconnect (MutationObserver)',
    n: 50_000,
    run: (n) => {
      const el = document.getElementById('host')!;
      const mo = new MutationObserver(() => undefined);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        mo.observe(el, { attributes: true });
        mo.disconnect();
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'new Image()',
    n: 50_000,
    run: (n) => {
      const keep: unknown[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) keep.push(new Image());
      const ms = performance.now() - t0;
      keep.length = 0;
      return ms;
    },
  },
  {
    name: 'new WebSocket (local /ws) + close',
    n: 200,
    run: (n, wsUrl) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) new WebSocket(wsUrl).close();
      return performance.now() - t0;
    },
  },
  {
    name: 'setInterval+clearInterval',
    n: 100_000,
    run: (n) => {
      const f = () => undefined;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) clearInterval(setInterval(f, 1000));
      return performance.now() - t0;
    },
  },
  {
    // Every row a group of its own (ids of letters only: targets that differ in numbers share a group), more than
    // the group table holds: past it, rows join their kind's "(other)" group. Fresh ids on every run.
    name: DISTINCT_GROUPS,
    n: 100_000,
    run: (n) => {
      const w = window as unknown as { benchRun?: number };
      const letters = (i: number) => {
        let s = '';
        do {
          s = String.fromCharCode(97 + (i % 26)) + s;
          i = Math.floor(i / 26);
        } while (i > 0);
        return s;
      };
      const prefix = `row${letters((w.benchRun = (w.benchRun ?? 0) + 1))}x`;
      const host = document.getElementById('host')!;
      const onClick = () => undefined;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const row = document.createElement('div');
        row.id = prefix + letters(i);
        row.addEventListener('click', onClick);
        host.appendChild(row);
      }
      for (let row = host.firstChild; row; row = row.nextSibling) row.removeEventListener('click', onClick);
      host.textContent = '';
      return performance.now() - t0;
    },
  },
  {
    name: 'page: 10,000-node list with a listener each, built and torn down',
    n: 20,
    run: (n) => {
      const host = document.getElementById('host')!;
      const onClick = (e: Event) => (e.currentTarget as HTMLElement).classList.toggle('on');
      const t0 = performance.now();
      for (let cycle = 0; cycle < n; cycle++) {
        const list = document.createElement('ul');
        const items: HTMLElement[] = [];
        for (let i = 0; i < 10_000; i++) {
          const li = document.createElement('li');
          li.className = 'row';
          li.textContent = `row ${i}`;
          li.addEventListener('click', onClick);
          list.appendChild(li);
          items.push(li);
        }
        host.appendChild(list);
        // Make the browser lay the list out, as showing it would.
        void host.offsetHeight;
        for (const li of items) li.removeEventListener('click', onClick);
        list.remove();
      }
      return performance.now() - t0;
    },
  },
];

/** Not compared: the cost of one creation stack, the floor of every tracked call that takes one. */
const STACK_COST: Workload = {
  name: 'new Error().stack',
  n: 20_000,
  run: (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) void new Error().stack;
    return performance.now() - t0;
  },
};

/** The page-level mix: every realistic mix, one after the other, in one timed run. */
const PAGE_LEVEL: Workload & { parts: Workload[] } = {
  name: PAGE_MIX,
  n: 1,
  ops: MIXES.reduce((total, m) => total + (m.ops ?? m.n), 0),
  parts: MIXES,
  run: () => 0,
};

/** Evaluates `fn(n, wsUrl)` in the page (each part's, summed, for the page-level mix). `__name`: what tsx wraps named functions in; a no-op in the page. */
async function timeIn(page: Page, w: Workload, wsUrl: string): Promise<number> {
  const ws = JSON.stringify(wsUrl);
  const call = (x: Workload) => `(${x.run.toString()})(${x.n}, ${ws})`;
  const body = w === PAGE_LEVEL ? PAGE_LEVEL.parts.map(call).join(' + ') : call(w);
  const result = await page.evaluate(`(() => { const __name = (f) => f; return ${body}; })()`);
  if (typeof result !== 'number') throw new Error(`${w.name} returned ${String(result)}`);
  return result;
}

/** Serves `html` at the root of a server on 127.0.0.1. */
async function servePage(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Row {
  name: string;
  /** Median µs per operation. */
  native: number;
  instrumented: number;
  /** Median ms of a native run. */
  nativeMs: number;
  ratio: number;
  best: number;
  range: [number, number];
}

/** Times a workload in both pages: a warm-up run each, then ROUNDS rounds that alternate who goes first. */
async function measure(pages: Record<'native' | 'instrumented', Page>, w: Workload, wsUrl: string): Promise<Row> {
  const times: Record<'native' | 'instrumented', number[]> = { native: [], instrumented: [] };
  for (const mode of ['native', 'instrumented'] as const) await timeIn(pages[mode], w, wsUrl);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so that neither always runs on a warmer (or hotter) machine.
    const order = round % 2 === 0 ? (['native', 'instrumented'] as const) : (['instrumented', 'native'] as const);
    for (const mode of order) times[mode].push(await timeIn(pages[mode], w, wsUrl));
  }
  // The ratio is the median of each round's own ratio: the two runs of a round are back to back, so a busy
  // machine slows both alike, where a ratio of medians would mix rounds run under different loads.
  const paired = times.native.map((native, i) => times.instrumented[i]! / native);
  // And the ratio of the best rounds: load on the machine only ever adds time, so each mode's fastest round is
  // its least disturbed one, the figure that moves least from run to run on a busy machine.
  const best = Math.min(...times.instrumented) / Math.min(...times.native);
  const ops = w.ops ?? w.n;
  return {
    name: w.name,
    native: (median(times.native) / ops) * 1000,
    instrumented: (median(times.instrumented) / ops) * 1000,
    nativeMs: median(times.native),
    ratio: median(paired),
    best,
    range: [Math.min(...paired), Math.max(...paired)],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  let source: string;
  try {
    source = instrumentSource();
  } catch (err) {
    if (err instanceof LeakscopeError) {
      console.error(`${err.message} (the benchmark injects dist/src/content/instrument/index.js)`);
      process.exit(2);
    }
    throw err;
  }
  const demo = await startDemoServer();
  // The page is served from 127.0.0.1 too: Chromium blocks pages of public-looking origins (a routed fake host)
  // from opening sockets to the local network.
  const pageServer = await servePage(PAGE);
  const wsUrl = `${demo.url.replace(/^http/, 'ws')}ws`;
  const chromiumBinary = resolveChromium({ requireExtensions: false });
  const browser = await chromium.launch({ executablePath: chromiumBinary.executablePath, args: BASE_ARGS });
  try {
    const pages: Record<'native' | 'instrumented', Page> = {} as Record<'native' | 'instrumented', Page>;
    for (const mode of ['native', 'instrumented'] as const) {
      const context = await browser.newContext();
      if (mode === 'instrumented') await context.addInitScript({ content: source });
      const page = await context.newPage();
      await page.goto(pageServer.url);
      const installed = await page.evaluate(() => Symbol.for('leakscope') in window);
      if (installed !== (mode === 'instrumented')) throw new Error(`the ${mode} page ${installed ? 'has' : 'lacks'} the instrumentation`);
      const opened = await page.evaluate(
        `new Promise((resolve) => { const ws = new WebSocket(${JSON.stringify(wsUrl)}); ws.onopen = () => { ws.close(); resolve(true); }; ws.onerror = () => resolve(false); })`,
      );
      if (opened !== true) throw new Error(`the ${mode} page cannot open a WebSocket to ${wsUrl}`);
      pages[mode] = page;
    }

    console.log(`instrumentation overhead, ${ROUNDS} alternating rounds after a warm-up, medians (${chromiumBinary.version})`);
    const rows: Row[] = [];
    for (const w of WORKLOADS) rows.push(await measure(pages, w, wsUrl));
    const width = Math.max(...rows.map((r) => r.name.length));
    console.log(`  (ratio: median of the rounds' instrumented/native ratios; best: ratio of each mode's fastest round)`);
    console.log(
      `  ${'operation'.padEnd(width)}  ${'native µs/op'.padStart(13)}  ${'instrumented µs/op'.padStart(19)}  ${'ratio'.padStart(6)}  ${'best'.padStart(6)}`,
    );
    for (const r of rows) {
      console.log(
        `  ${r.name.padEnd(width)}  ${r.native.toFixed(3).padStart(13)}  ${r.instrumented.toFixed(3).padStart(19)}  ${r.ratio.toFixed(2).padStart(6)}  ${r.best.toFixed(2).padStart(6)}`,
      );
    }
    // For context: what one creation stack costs the page, the floor of any tracked call that takes one. With a
    // debugger attached (DevTools, Playwright) V8 also records a detailed trace for every new Error.
    const stackUs = await timeIn(pages.native, STACK_COST, wsUrl);
    console.log(`context: \`new Error().stack\` in the native page costs ${((stackUs / STACK_COST.n) * 1000).toFixed(2)} µs`);
    const groupsRow = rows.find((r) => r.name === DISTINCT_GROUPS)!;
    console.log(
      `distinct groups, page time instrumented/native: median ${groupsRow.ratio.toFixed(2)}, range ${groupsRow.range[0].toFixed(2)} to ${groupsRow.range[1].toFixed(2)} over ${ROUNDS} rounds (a run: ${((groupsRow.native * 100_000) / 1000).toFixed(0)} ms native, ${((groupsRow.instrumented * 100_000) / 1000).toFixed(0)} ms instrumented, medians)`,
    );
    const pageRow = rows[rows.length - 1]!;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const verdict = (x: number) => (x < PAGE_GOAL ? `within the goal (< ${pct(PAGE_GOAL)})` : `outside the goal (< ${pct(PAGE_GOAL)})`);
    console.log(`page-level overhead, median of paired rounds: ${pct(pageRow.ratio - 1)}, ${verdict(pageRow.ratio - 1)}`);
    console.log(`page-level overhead, best rounds: ${pct(pageRow.best - 1)}, ${verdict(pageRow.best - 1)}`);

    // The realistic mixes, and the page-level mix of them all.
    console.log(`\nrealistic mixes (bench/mixes.ts), ${ROUNDS} alternating rounds; per operation: per watched call`);
    const mixes: Row[] = [];
    for (const w of [...MIXES, PAGE_LEVEL]) mixes.push(await measure(pages, w, wsUrl));
    const mixWidth = Math.max(...mixes.map((r) => r.name.length));
    console.log(
      `  ${'mix'.padEnd(mixWidth)}  ${'ratio'.padStart(6)}  ${'range'.padStart(11)}  ${'native ms'.padStart(10)}  ${'native µs/op'.padStart(13)}  ${'over native µs/op'.padStart(18)}  goal`,
    );
    for (const r of mixes) {
      const goal = r.name === PAGE_MIX ? PAGE_MIX_GOAL : MIX_GOAL;
      console.log(
        `  ${r.name.padEnd(mixWidth)}  ${r.ratio.toFixed(2).padStart(6)}  ${`${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}`.padStart(11)}  ${r.nativeMs.toFixed(1).padStart(10)}  ${r.native.toFixed(3).padStart(13)}  ${(r.instrumented - r.native).toFixed(3).padStart(18)}  ${r.ratio <= goal ? 'met' : 'not met'} (≤ ${goal.toFixed(2)}x)`,
      );
    }
    const within = mixes.filter((r) => r.name !== PAGE_MIX && r.ratio <= MIX_GOAL).length;
    const pageMix = mixes.find((r) => r.name === PAGE_MIX)!;
    const interleaved = mixes.find((r) => r.name === INTERLEAVED)!;
    // Two watched calls per pair.
    const pairOver = (interleaved.instrumented - interleaved.native) * 2;
    console.log(`mixes within ${MIX_GOAL}x: ${within} of ${MIXES.length}`);
    console.log(
      `page-level mix: ${pageMix.ratio.toFixed(2)}x (range ${pageMix.range[0].toFixed(2)}–${pageMix.range[1].toFixed(2)}), goal ≤ ${PAGE_MIX_GOAL}x: ${pageMix.ratio <= PAGE_MIX_GOAL ? 'met' : 'not met'}`,
    );
    console.log(
      `listener add+remove, two types interleaved: ${pairOver.toFixed(2)} µs over native per pair, goal < ${INTERLEAVED_GOAL_US} µs: ${pairOver < INTERLEAVED_GOAL_US ? 'met' : 'not met'}`,
    );
  } finally {
    await browser.close();
    await demo.close();
    await pageServer.close();
  }
}

await main();
