/**
 * `leakscope run SCENARIO`: load a page in Chromium, repeat a scenario's action and back, snapshot after each
 * iteration, and report what grows with the iterations.
 *
 * The browser driver, the analysis and the renderers are imported when the command runs.
 */
import { resolve } from 'node:path';
import { formatBytes, printable, type Snapshot } from '../../core/index.ts';
import { LeakscopeError } from '../../playwright/errors.ts';
import { clickScenario, looksLikeUrl, quickUrl } from '../../playwright/quick.ts';
import type { RunProgress } from '../../playwright/runner.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT, exitCodeOf, type Command } from '../command.ts';
import { wantsColor, type CliIo } from '../io.ts';
import { budgetOf, formatOf, render, writeFile } from '../report-output.ts';

const OPTIONS = {
  iterations: { type: 'string', short: 'n' },
  warmup: { type: 'string', short: 'w' },
  json: { type: 'string' },
  format: { type: 'string', short: 'f' },
  budget: { type: 'string', short: 'b' },
  allow: { type: 'string', multiple: true },
  headed: { type: 'boolean' },
  extension: { type: 'boolean' },
  retainers: { type: 'boolean' },
  browser: { type: 'string' },
  snapshots: { type: 'string' },
  timeout: { type: 'string', short: 't' },
  click: { type: 'string' },
  back: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A whole-number flag from `min` to `max`; `unit` names what it counts in the error (`of milliseconds`). */
function countOf(flag: string, value: string | undefined, fallback: number, min: number, max = 1000, unit = ''): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new LeakscopeError(
      `--${flag} must be a whole number${unit ? ` ${unit}` : ''} from ${min} to ${max}, got "${printable(value.slice(0, 20))}"`,
    );
  }
  return Number(value);
}

/**
 * --timeout: the runner's DEFAULT_STEP_TIMEOUT when not given (written out here so that the command's module does
 * not load the runner; run.test.ts checks they agree), at most an hour per step.
 */
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 3_600_000;

/** One progress line: what the page holds now, by the kinds a leak check watches. */
export function progressLine(event: RunProgress): string {
  switch (event.phase) {
    case 'loaded':
      return `loaded ${printable(event.url)} in ${printable(event.browser)}`;
    case 'warmup':
      return `warm-up ${event.index}/${event.of}`;
    case 'baseline':
      return `baseline: ${liveLine(event.snapshot)}`;
    case 'iteration':
      return `iteration ${event.index}/${event.of}: ${liveLine(event.snapshot)}`;
  }
}

function liveLine(s: Snapshot): string {
  const byKind = new Map<string, number>();
  for (const g of s.groups) byKind.set(g.kind, (byKind.get(g.kind) ?? 0) + g.count);
  const parts = [...byKind].filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${n}`);
  parts.push(`detached roots ${s.detached.length}`, `heap ${formatBytes(s.counters.jsHeapUsedSize)}`);
  return parts.join(', ');
}

/** `--snapshots DIR`: checks (or creates) the folder before the browser starts; returns what writes each snapshot. */
async function snapshotWriter(dir: string, shown: string): Promise<(iteration: number, snapshot: Snapshot) => void> {
  const { prepareSnapshotDir, writeRunSnapshot } = await import('../snapshot-dir.ts');
  prepareSnapshotDir(dir, shown);
  return (iteration, snapshot) => writeRunSnapshot(dir, iteration, snapshot);
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario in Chromium, repeat it, and report what leaks',
  usage: 'leakscope run SCENARIO [options], or leakscope run URL --click SELECTOR [--back SELECTOR] [options]',
  help: [
    'SCENARIO is a module (.js, .mjs or .ts) whose default export is { url, setup?, action, back, repeat? }:',
    '  url      the page to load (a string, or a function returning one)',
    '  setup    async (page) => ...   runs once after the page has loaded',
    '  action   async (page) => ...   the interaction under test',
    '  back     async (page) => ...   undoes it (may navigate, also with a full page load)',
    '  repeat   () => N               extra action/back rounds per iteration (default 0)',
    'Leakscope loads the page, runs setup and the warm-up cycles, takes a baseline snapshot, then runs N',
    'action/back cycles with a snapshot (after a forced garbage collection) after each. What grows with the',
    'cycles is a leak. Progress goes to stderr, the report to stdout.',
    '',
    'Quick mode, without a scenario file: leakscope run URL --click SELECTOR [--back SELECTOR]',
    '  URL (http:, https: or file:) is loaded; the action clicks SELECTOR; the back clicks the --back selector or,',
    '  without one, goes back in the history (and must land where the click started).',
    '',
    'Options:',
    '      --click SELECTOR  quick mode: what the action clicks (a Playwright selector: CSS, text=…, role=…)',
    '      --back SELECTOR   quick mode: what the back clicks (default: history back)',
    '  -n, --iterations N    measured cycles (default 5, at least 2)',
    '  -w, --warmup N        cycles before the baseline (default 1)',
    '      --json FILE       also write the report as JSON (leakscope/report@1) to FILE',
    '      --snapshots DIR   also write every snapshot (leakscope/snapshot@1) into DIR, created if missing:',
    '                        baseline.json, iteration-1.json … iteration-N.json (leakscope diff reads them)',
    '  -t, --timeout MS      the time limit of each step: loading the URL, setup, each action and back, and each',
    `                        wait for the page to settle (default ${DEFAULT_TIMEOUT_MS}); a step over it fails the run`,
    '  -f, --format FORMAT   text (default), markdown, json or html, on stdout',
    '  -b, --budget FILE     accepted growth per iteration, per kind (JSON or YAML)',
    '      --allow KIND=N    the same for one kind, overriding the file (repeatable)',
    '      --headed          show the browser window',
    '      --extension       load the built extension (dist/) instead of injecting the page script',
    '      --retainers       on a detached-DOM leak, name the variable that keeps it alive (one heap snapshot at',
    '                        the end: up to a second on a small page)',
    "      --browser PATH    the Chromium binary (default: LEAKSCOPE_CHROMIUM, Playwright's, the system's)",
    '  -h, --help            this help',
    '',
    'Colour: the text report is coloured on a terminal; NO_COLOR (set and not empty) turns colour off, FORCE_COLOR',
    '(set, not empty, not 0 or false) turns it on for any output, FORCE_COLOR=0 or false off; FORCE_COLOR wins.',
  ].join('\n'),

  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, 'run');
    if (values.help) {
      io.stdout.write(`Usage: ${this.usage}\n\n${this.help}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      throw new LeakscopeError(`run needs one scenario file or URL (got ${positionals.length}); usage: ${this.usage}`);
    }
    const target = positionals[0]!;
    const quick = looksLikeUrl(target);
    if (quick && values.click === undefined) {
      throw new LeakscopeError(`run URL needs --click SELECTOR, what the action clicks (and --back SELECTOR, what undoes it; default: history back)`);
    }
    if (!quick && (values.click !== undefined || values.back !== undefined)) {
      throw new LeakscopeError(
        `--${values.click !== undefined ? 'click' : 'back'} is for a URL (leakscope run URL --click SELECTOR); with a scenario file, the scenario's action and back do the clicking`,
      );
    }
    const url = quick ? quickUrl(target) : undefined;
    const format = formatOf(values.format);
    const iterations = countOf('iterations', values.iterations, 5, 2);
    const warmup = countOf('warmup', values.warmup, 1, 0);
    const timeout = countOf('timeout', values.timeout, DEFAULT_TIMEOUT_MS, 100, MAX_TIMEOUT_MS, 'of milliseconds');
    const at = (p: string) => resolve(io.cwd, p);
    const budget = await budgetOf(values.budget, values.allow, at);
    const [{ loadScenario }, { runScenario }] = await Promise.all([import('../../playwright/scenario.ts'), import('../../playwright/runner.ts')]);
    const scenario = url !== undefined ? clickScenario(url, values.click!, values.back) : await loadScenario(target, io.cwd);
    const writeSnapshot = values.snapshots === undefined ? undefined : await snapshotWriter(at(values.snapshots), values.snapshots);
    const { report } = await runScenario(scenario, {
      iterations,
      warmup,
      budget,
      timeout,
      ...(values.headed ? { headed: true } : {}),
      ...(values.extension ? { extension: true } : {}),
      ...(values.retainers ? { retainers: true } : {}),
      ...(values.browser !== undefined ? { browserPath: at(values.browser) } : {}),
      onProgress: (event) => {
        if (event.phase === 'baseline') writeSnapshot?.(0, event.snapshot);
        if (event.phase === 'iteration') writeSnapshot?.(event.index, event.snapshot);
        io.stderr.write(`leakscope: ${progressLine(event)}\n`);
      },
    });
    if (values.json !== undefined) {
      const { renderJson } = await import('../../core/index.ts');
      writeFile(at(values.json), renderJson(report));
    }
    io.stdout.write(await render(report, format, format === 'text' && wantsColor(io)));
    if (!values.retainers && report.leaks.some((l) => l.kind === 'detached-dom')) {
      io.stderr.write('leakscope: run again with --retainers to name the variable that keeps the detached DOM alive\n');
    }
    return exitCodeOf(report);
  },
};
