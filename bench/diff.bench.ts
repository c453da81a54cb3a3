/**
 * Benchmark (not a test): diff two synthetic snapshots with 100,000 groups each, and report time and peak memory
 * against the goals (under 1 s, under 300 MB). Run with `npm run bench -- diff`.
 *
 * Also times the steps around the diff that `leakscope diff` runs: validating the snapshot JSON and the full pair
 * analysis (rules + diff), for context.
 */
import { analyzePair, diffSnapshots, type Group, parseSnapshot, type Snapshot, SNAPSHOT_SCHEMA_ID } from '../src/core/index.ts';
import { GROUP_KINDS } from '../src/shared/kinds.ts';
import { makeSignature } from '../src/shared/signature.ts';

const GROUPS = 100_000;
const GOAL_MS = 1000;
const GOAL_BYTES = 300 * 1024 * 1024;
const MB = 1024 * 1024;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function group(i: number, count: number): Group {
  const kind = GROUP_KINDS[i % GROUP_KINDS.length] ?? 'listener';
  const stack = [
    { functionName: `handler${i}`, url: `https://app.test/assets/chunk-${i % 500}.js`, line: 1 + (i % 4000), column: 1 + (i % 120) },
    { functionName: 'mount', url: 'https://app.test/assets/vendor.js', line: 2, column: 30_000 + (i % 1000) },
    { functionName: 'render', url: 'https://app.test/assets/vendor.js', line: 2, column: 90_000 },
  ];
  const type = kind === 'listener' ? (['click', 'resize', 'scroll', 'keydown'][i % 4] ?? 'click') : kind;
  const target = `div#item-${i}.row`;
  return {
    kind,
    signature: `${makeSignature({ kind, type, target, stack })}#${i}`,
    type,
    target,
    count,
    bytes: count * 64,
    epochs: [{ epoch: 0, count }],
    samples: [{ description: `${type} on ${target}`, state: 'active' }],
    stack,
  };
}

/**
 * `shift` moves the window of signatures, so the two snapshots share 90% of their groups. Each group goes through
 * JSON text and back, so its strings are flat, as in a snapshot read from a file.
 */
function synthetic(shift: number, grow: (i: number) => number, iteration: number): Snapshot {
  const groups: Group[] = [];
  for (let i = shift; i < shift + GROUPS; i++) {
    groups.push(JSON.parse(JSON.stringify(group(i, 1 + grow(i)))) as Group);
    // Collect the construction garbage as we go, so the peak RSS below is the diff's, not the set-up's.
    if (i % 10_000 === 0) gc();
  }
  const time = new Date(Date.UTC(2025, 0, 1, 0, iteration)).toISOString();
  return {
    schema: SNAPSHOT_SCHEMA_ID,
    meta: {
      url: 'https://app.test/',
      title: 'bench',
      time,
      userAgent: 'bench',
      leakscopeVersion: '0.1.0',
      epoch: iteration * 2,
      label: `iteration ${iteration}`,
      iteration,
    },
    counters: { nodes: 10_000, jsEventListeners: 5_000, documents: 1, frames: 1, jsHeapUsedSize: 80 * MB, jsHeapTotalSize: 120 * MB },
    groups,
    detached: [],
    navigations: [{ epoch: 0, url: 'https://app.test/', time, type: 'load' }],
    health: { instrumented: true, patched: [], tracked: GROUPS, dropped: 0, wrapperErrors: 0, warnings: [] },
  };
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const a = synthetic(0, () => 0, 0);
const b = synthetic(GROUPS / 10, (i) => (i % 7 === 0 ? 3 : 0), 5);
gc();
const inputs = process.memoryUsage();
const rssBefore = process.resourceUsage().maxRSS * 1024;

// The first run is what `leakscope diff` does: strings are fresh (their hashes not yet cached).
const first = time(() => diffSnapshots(a, b));
const afterFirst = process.memoryUsage();
const peakRss = process.resourceUsage().maxRSS * 1024;
const runs = [first.ms];
for (let r = 0; r < 4; r++) runs.push(time(() => diffSnapshots(a, b)).ms);
const analysis = time(() => analyzePair(a, b));
gc();
const text = JSON.stringify(b);
const parse = time(() => parseSnapshot(text, 'b.json'));

const pct = (x: number) => `${Math.round(x * 100)}%`;
const mb = (x: number) => `${(x / MB).toFixed(0)} MB`;
console.log(`diff of two snapshots, ${GROUPS.toLocaleString('en')} groups each (${first.value.entries.length.toLocaleString('en')} changed entries)`);
console.log(
  `  time: first run ${first.ms.toFixed(0)} ms (goal < ${GOAL_MS} ms: ${pct(first.ms / GOAL_MS)} of the goal); median of ${runs.length} runs ${median(runs).toFixed(0)} ms`,
);
console.log(
  `  memory: peak RSS ${mb(peakRss)} (goal < ${mb(GOAL_BYTES)}: ${pct(peakRss / GOAL_BYTES)} of the goal); ${mb(rssBefore)} before the diff,`,
);
console.log(
  `          with the two input snapshots holding ${mb(inputs.heapUsed)} of heap; the diff allocated ${mb(afterFirst.heapUsed - inputs.heapUsed)}`,
);
console.log(
  `context: analyzePair (rules + diff) ${analysis.ms.toFixed(0)} ms; parseSnapshot of a ${mb(text.length)} JSON text ${parse.ms.toFixed(0)} ms`,
);
console.log(
  first.ms < GOAL_MS && peakRss < GOAL_BYTES
    ? 'within both goals'
    : `outside a goal (time ${pct(first.ms / GOAL_MS)}, memory ${pct(peakRss / GOAL_BYTES)})`,
);
