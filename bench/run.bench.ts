/**
 * Benchmark (not a test): what a whole `leakscope run` costs, start-up included, against the same cycles driven by
 * a bare Playwright script. Every figure is a whole child process timed from spawn to exit, as a user sees it:
 *
 * - For the demo's listener and detached-DOM routes (leaky app), in alternating rounds:
 *   `node bin/leakscope.mjs run demo/scenarios/ROUTE.ts --iterations 7 --warmup 1` (the scenario loaded through
 *   tsx), the same with an equivalent self-contained `.mjs` scenario (so the cost of loading TypeScript shows: all of
 *   tsx's when loadScenario imports a `.mjs` directly, the compilation alone when it goes through tsx too), and
 *   `node bench/bare-cycles.mjs` (playwright-core only, Chromium with Leakscope's BASE_ARGS, headless: launch, load,
 *   8 cycles that wait for the views and for idle as the scenario and `leakscope run` do, close). Printed per route:
 *   medians and ranges, the ratio of the medians (goal: under 1.5x) and, from the times at which the progress lines
 *   reach this process, where the time goes (start-up to the loaded page, the cycles, the end).
 * - With GNU time (/usr/bin/time), the CPU time (user + system) of each run, the browser's processes included:
 *   another user of the machine moves it far less than the wall time, so its ratio is the steadier figure.
 * - `node bin/leakscope.mjs --help` against `node -e 0`, alternating, 20 runs each: the CLI's own share of its
 *   process (goal: the whole process under 150 ms).
 * - The peak RSS of the Node process of one more `leakscope run` and bare run per route.
 *
 * For the steps inside one run (module loading, tsx, browser start, page load, each snapshot and its CDP commands,
 * analysis, browser close), see bench/phases.mjs.
 *
 * The in-process comparison this file used to make (runScenario against the same cycles in this process) is gone:
 * it left out node's start, module loading, tsx and the scenario's import, which are part of what a user waits for,
 * and the phase split above shows the snapshots' share anyway.
 *
 * Others may use the machine meanwhile: each kind of run alternates with the others (the order turns every round,
 * LEAKSCOPE_BENCH_ROUNDS rounds, default 6), and the figures are medians with their range, and the ratio also round
 * by round (runs next to each other in time share the machine's load). A slow round is reported, never a failure.
 * Run with `npm run bench -- run` after `npm run build` (the CLI runs from dist/).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../demo/server.ts';
import { BASE_ARGS, resolveChromium } from '../src/playwright/browser.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ROUTES = ['listeners', 'detached'] as const;
const ITERATIONS = 7;
const WARMUP = 1;
/** A multiple of the three kinds of run, so that each is first, second and third equally often. */
const ROUNDS = Number(process.env.LEAKSCOPE_BENCH_ROUNDS ?? 6);
const HELP_RUNS = 20;
const GOAL_RATIO = 1.5;
const GOAL_HELP_MS = 150;
const TIMEOUT_MS = 5 * 60_000;
const RSS_HOOK = `data:text/javascript,process.on('exit', () => process.stderr.write('bench-maxrss ' + process.resourceUsage().maxRSS + '\\n'))`;

interface Timed {
  ms: number;
  /** CPU time (user + system) of the process and the children it waited for (the browser's), in ms; NaN without GNU time. */
  cpu: number;
  code: number | null;
  /** When each stderr line reached this process, in ms after the spawn. */
  lines: { at: number; text: string }[];
}

/** GNU time, when there is one: the CPU time of a run, which another user of the machine changes far less than its wall time. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs a command to its exit; stdout is discarded, stderr lines are kept with their arrival time. Under GNU time
 * (one fork and exec more, the same for every kind of run) when there is one.
 */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'bench-cpu %U %S', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const lines: Timed['lines'] = [];
    let pending = '';
    child.stderr.on('data', (d: Buffer) => {
      const at = performance.now() - started;
      const parts = (pending + d.toString('utf8')).split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) lines.push({ at, text });
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const used = lines.map((l) => /^bench-cpu ([\d.]+) ([\d.]+)$/.exec(l.text)).find(Boolean);
      resolve({ ms, cpu: used ? (Number(used[1]) + Number(used[2])) * 1000 : NaN, code, lines });
    });
  });
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const spread = (xs: number[], f: (n: number) => string) => `${f(median(xs))} (${f(sorted(xs)[0]!)}–${f(sorted(xs).at(-1)!)})`;
const msec = (xs: number[]) => `${spread(xs, (n) => n.toFixed(0))} ms`;

/** The time a line matching `re` arrived, or NaN. */
const mark = (t: Timed, re: RegExp) => t.lines.find((l) => re.test(l.text))?.at ?? NaN;

/** A `.mjs` scenario doing what demo/scenarios/ROUTE.ts does, with no import (so nothing for tsx to compile). */
function mjsScenario(dir: string, route: string): string {
  const file = join(dir, `${route}.mjs`);
  writeFileSync(
    file,
    [
      `// What demo/scenarios/${route}.ts does (demo/scenario.ts, demo/driver.ts), as plain JavaScript.`,
      'async function visit(page, route) {',
      '  await page.locator(`nav a[data-route="${route}"]`).click();',
      '  await page.locator(`[data-view="${route}"]`).waitFor({ state: \'visible\' });',
      '}',
      'export default {',
      "  url: () => process.env.LEAKSCOPE_DEMO_URL ?? 'http://127.0.0.1:4173/',",
      `  action: (page) => visit(page, '${route}'),`,
      "  back: (page) => visit(page, 'home'),",
      '};',
      '',
    ].join('\n'),
  );
  return file;
}

type Kind = 'bare' | 'ts' | 'mjs';
const LABEL: Record<Kind, string> = {
  bare: 'bare Playwright script',
  ts: 'leakscope run (.ts scenario)',
  mjs: 'leakscope run (.mjs scenario)',
};

interface Phases {
  total: number;
  cpu: number;
  /** Spawn to the loaded page. */
  start: number;
  /** The loaded page to the end of the last cycle (Leakscope: and its snapshot). */
  cycles: number;
  /** From there to the exit: analysis and report (Leakscope), closing the browser, node's exit. */
  end: number;
}

function phases(kind: Kind, t: Timed): Phases {
  const loaded = mark(t, kind === 'bare' ? /^bench: loaded/ : /^leakscope: loaded /);
  const done = mark(t, kind === 'bare' ? /^bench: cycles/ : new RegExp(`^leakscope: iteration ${ITERATIONS}/${ITERATIONS}:`));
  return { total: t.ms, cpu: t.cpu, start: loaded, cycles: done - loaded, end: t.ms - done };
}

const { executablePath, version } = resolveChromium({ requireExtensions: false });
const leakscopeBin = join(ROOT, 'bin/leakscope.mjs');
if (!existsSync(join(ROOT, 'dist/lib/cli.mjs'))) {
  console.error('dist/lib/cli.mjs is missing: run `npm run build` first');
  process.exit(2);
}
const demo = await startDemoServer();
const work = mkdtempSync(join(tmpdir(), 'leakscope-bench-run-'));
const command = (kind: Kind, route: string, scenarioMjs: string): [string, string[]] =>
  kind === 'bare'
    ? [process.execPath, [join(ROOT, 'bench/bare-cycles.mjs'), demo.url, route, String(WARMUP + ITERATIONS), executablePath, ...BASE_ARGS]]
    : [
        process.execPath,
        [
          leakscopeBin,
          'run',
          kind === 'ts' ? join(ROOT, `demo/scenarios/${route}.ts`) : scenarioMjs,
          '--iterations',
          String(ITERATIONS),
          '--warmup',
          String(WARMUP),
        ],
      ];
// Leakscope finds the same Chromium by itself (resolveChromium, as above).
const env = { LEAKSCOPE_DEMO_URL: demo.url };

console.log(
  `Whole processes, start-up included: leakscope run (${WARMUP} warm-up + ${ITERATIONS} iterations) against a bare Playwright script ` +
    `doing the same ${WARMUP + ITERATIONS} cycles; ${ROUNDS} alternating rounds; ${version}; node ${process.version}`,
);
const verdicts: string[] = [];
try {
  for (const route of ROUTES) {
    const scenarioMjs = mjsScenario(work, route);
    const runs: Record<Kind, Phases[]> = { bare: [], ts: [], mjs: [] };
    // Per round, Leakscope's time over the bare script's of the same round (neighbours in time share the load).
    const paired: Record<'ts' | 'mjs', number[]> = { ts: [], mjs: [] };
    const codes = new Set<string>();
    const order: Kind[] = ['bare', 'ts', 'mjs'];
    for (let round = 0; round < ROUNDS; round++) {
      const thisRound: Partial<Record<Kind, number>> = {};
      // Each kind takes each place in the round in turn (a run may slow down the next one, the browser's exit for one).
      for (const kind of [...order.slice(round % order.length), ...order.slice(0, round % order.length)]) {
        const [cmd, args] = command(kind, route, scenarioMjs);
        const t = await timed(cmd, args, env);
        const expected = kind === 'bare' ? 0 : 1; // the leaky app: leakscope exits 1 (leaks found)
        if (t.code !== expected) {
          codes.add(
            `${kind} exited ${t.code}: ${
              t.lines
                .map((l) => l.text)
                .filter(Boolean)
                .at(-1) ?? ''
            }`,
          );
          continue;
        }
        runs[kind].push(phases(kind, t));
        thisRound[kind] = t.ms;
      }
      for (const kind of ['ts', 'mjs'] as const) if (thisRound.bare && thisRound[kind]) paired[kind].push(thisRound[kind] / thisRound.bare);
    }
    const cols = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(31) : c.padEnd(i === cells.length - 1 ? 0 : 22))).join('');
    console.log(`\n/${route}: seconds, median (range) of ${ROUNDS} rounds`);
    for (const problem of codes) console.log(`  ! ${problem}`);
    console.log(
      `  ${cols(['', 'whole process', 'to the loaded page', 'cycles (+ snapshots)', 'then to the exit', ...(GNU_TIME ? ['CPU (node + browser)'] : [])])}`,
    );
    for (const kind of order) {
      const r = runs[kind];
      if (r.length === 0) continue;
      const of = (pick: (p: Phases) => number) => spread(r.map(pick), seconds);
      console.log(
        `  ${cols([LABEL[kind], of((p) => p.total), of((p) => p.start), of((p) => p.cycles), of((p) => p.end), ...(GNU_TIME ? [of((p) => p.cpu)] : [])])}`,
      );
    }
    const bare = median(runs.bare.map((p) => p.total));
    for (const kind of ['ts', 'mjs'] as const) {
      const ratio = median(runs[kind].map((p) => p.total)) / bare;
      const met = ratio < GOAL_RATIO;
      const cpu = GNU_TIME ? ` · CPU time ${(median(runs[kind].map((p) => p.cpu)) / median(runs.bare.map((p) => p.cpu))).toFixed(2)}x` : '';
      console.log(
        `  ${LABEL[kind].padEnd(31)}${ratio.toFixed(2)}x the bare script's wall time (medians; goal < ${GOAL_RATIO}x): ${met ? 'met' : 'missed'}` +
          ` · round by round ${spread(paired[kind], (n) => n.toFixed(2))}x${cpu}`,
      );
      verdicts.push(`/${route} ${kind}: ${ratio.toFixed(2)}x ${met ? 'met' : 'missed'}`);
    }
    const perSnapshot = (median(runs.ts.map((p) => p.cycles)) - median(runs.bare.map((p) => p.cycles))) / (ITERATIONS + 1);
    console.log(`  the cycles' difference over ${ITERATIONS + 1} snapshots: ${perSnapshot.toFixed(0)} ms a snapshot`);
  }

  // The peak RSS of the Node process of each (the browser's processes are not counted): one more run, with a
  // hook that reports it at exit.
  console.log('\nPeak RSS of the Node process (one more run each; the browser not counted)');
  for (const route of ROUTES) {
    for (const kind of ['bare', 'ts'] as const) {
      const [cmd, args] = command(kind, route, mjsScenario(work, route));
      const t = await timed(cmd, ['--import', RSS_HOOK, ...args], env);
      const kb = Number(/^bench-maxrss (\d+)/m.exec(t.lines.map((l) => l.text).join('\n'))?.[1]);
      console.log(`  /${route.padEnd(10)} ${LABEL[kind].padEnd(30)} ${(kb / 1024).toFixed(0)} MB`);
    }
  }
} finally {
  await demo.close();
  rmSync(work, { recursive: true, force: true });
}

// `leakscope --help` against the same node start doing nothing.
const help: number[] = [];
const bareNode: number[] = [];
const helpCpu: number[] = [];
const bareNodeCpu: number[] = [];
for (let i = 0; i < HELP_RUNS; i++) {
  for (const which of i % 2 === 0 ? ['help', 'node'] : ['node', 'help']) {
    const t = which === 'help' ? await timed(process.execPath, [leakscopeBin, '--help']) : await timed(process.execPath, ['-e', '0']);
    (which === 'help' ? help : bareNode).push(t.ms);
    (which === 'help' ? helpCpu : bareNodeCpu).push(t.cpu);
  }
}
const share = median(help) - median(bareNode);
const pairs = help.map((h, i) => h - bareNode[i]!);
console.log(`\nleakscope --help, ${HELP_RUNS} runs each, alternating with node -e 0`);
console.log(`  node bin/leakscope.mjs --help ${msec(help)}`);
console.log(`  node -e 0                     ${msec(bareNode)}`);
console.log(`  the CLI's own share: ${share.toFixed(0)} ms (difference of the medians); pair by pair ${msec(pairs)}`);
if (GNU_TIME) console.log(`  CPU time: --help ${msec(helpCpu)}, node -e 0 ${msec(bareNodeCpu)} (GNU time counts in 10 ms steps)`);
const helpMet = median(help) < GOAL_HELP_MS;
console.log(`  goal: the whole process under ${GOAL_HELP_MS} ms: ${helpMet ? 'met' : 'missed'}`);
verdicts.push(`--help: ${median(help).toFixed(0)} ms ${helpMet ? 'met' : 'missed'}`);
console.log(`\n${verdicts.join(' · ')}`);
