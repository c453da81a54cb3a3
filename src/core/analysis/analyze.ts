/**
 * From snapshots to a report: build one track per group (and for the documents and heap counters), let the
 * rules decide, apply the budget, and describe each leak.
 */
import type { Budget } from '../budget/schema.ts';
import { diffIndexed, snapshotRef } from '../diff/diff.ts';
import { compareGroups, indexGroups, type GroupIndex, type ResourceGroup } from '../diff/groups.ts';
import { InvalidInputError } from '../errors.ts';
import { shorten } from '../input/printable.ts';
import { COUNTER_NAMES, RESOURCE_KINDS, kindOrder, type ResourceKind } from '../../shared/kinds.ts';
import { LIMITS } from '../limits.ts';
import { suggestFix } from '../report/fixes.ts';
import { REPORT_SCHEMA_ID, type Leak, type Report } from '../report/schema.ts';
import { decideTrack, LEAK_RULES, type LeakRule, type RuledDecision, type Track } from '../rules/index.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { formatBytes } from '../units.ts';
import { LEAKSCOPE_VERSION } from '../version.ts';

/**
 * Smallest heap noise allowance per iteration, in bytes.
 *
 * @example
 * analyzeSeries(snapshots, { heapNoiseBytes: 4 * MIN_HEAP_NOISE_BYTES }); // a noisier app
 */
export const MIN_HEAP_NOISE_BYTES = 256 * 1024;
/**
 * Smallest heap noise allowance for a pair of snapshots without iteration numbers (taken by hand, in the panel): any
 * amount of work ran between them, and what the engine compiled and optimized meanwhile (hundreds of KB on an app's
 * first few visits) is not a leak. Leaks of resources are found by their own counts, whatever this allowance.
 */
export const PAIR_MIN_HEAP_NOISE_BYTES = 1024 * 1024;
/** Heap noise allowance per iteration as a fraction of the first snapshot's used heap. */
export const HEAP_NOISE_FRACTION = 0.01;

/** Options for {@link analyzeSeries} and {@link analyzePair}. */
export interface AnalyzeOptions {
  /** Accepted growth per iteration, per kind. Kinds without an entry accept no leak. */
  budget?: Budget;
  /**
   * Heap growth per iteration treated as measurement noise, in bytes. Default: the larger of 256 KiB and 1% of the
   * first snapshot's used heap.
   */
  heapNoiseBytes?: number;
  /** The rules to run; default {@link LEAK_RULES}. */
  rules?: readonly LeakRule[];
}

/** Iterations between consecutive snapshots: from `meta.iteration` when every snapshot has one, increasing. */
function stepsOf(snapshots: readonly Snapshot[]): { steps: number[]; fromMeta: boolean } {
  const its = snapshots.map((s) => s.meta.iteration);
  const usable = its.every((it, i) => it !== undefined && (i === 0 || it > (its[i - 1] ?? Infinity)));
  if (usable) return { steps: its.slice(1).map((it, i) => (it ?? 0) - (its[i] ?? 0)), fromMeta: true };
  return { steps: snapshots.slice(1).map(() => 1), fromMeta: false };
}

/** Live resources of the last snapshot by creation iteration, when the epochs allow it (see {@link Track.survivors}). */
function survivorsOf(group: ResourceGroup, epochBounds: readonly number[] | undefined): number[] | undefined {
  if (!epochBounds) return undefined;
  const known = group.epochs.reduce((sum, e) => sum + e.count, 0);
  if (known !== group.count) return undefined;
  const survivors = epochBounds.slice(1).map(() => 0);
  for (const { epoch, count } of group.epochs) {
    for (let i = 1; i < epochBounds.length; i++) {
      if (epoch > (epochBounds[i - 1] ?? 0) && epoch <= (epochBounds[i] ?? 0)) {
        survivors[i - 1] = (survivors[i - 1] ?? 0) + count;
        break;
      }
    }
  }
  return survivors;
}

interface Found {
  track: Track;
  decision: RuledDecision;
  group?: ResourceGroup;
  first?: ResourceGroup;
}

function leakOf(found: Found, iterations: number): Leak {
  const { track, decision, group, first } = found;
  const total = (track.values[track.values.length - 1] ?? 0) - (track.values[0] ?? 0);
  const root = group?.roots?.[0];
  const bytes = track.kind === 'heap' ? total : group?.bytes !== undefined ? group.bytes - (first?.bytes ?? 0) : undefined;
  const type = group?.type ?? (track.kind === 'heap' ? 'jsHeapUsedSize' : 'documents');
  return {
    kind: track.kind,
    signature: track.signature,
    type,
    target: group?.target ?? 'page',
    values: [...track.values],
    perIteration: total / iterations,
    total,
    ...(bytes !== undefined ? { bytes } : {}),
    ...(group?.samples[0] ? { sample: group.samples[0] } : {}),
    stack: group?.stack ?? [],
    ...(root ? { detached: root } : {}),
    rule: decision.rule,
    reason: decision.reason,
    fix: suggestFix(track.kind, type, root),
  };
}

function compareLeaks(a: Leak, b: Leak): number {
  return kindOrder(a.kind) - kindOrder(b.kind) || b.total - a.total || compareGroups(a, b);
}

function notesOf(snapshots: readonly Snapshot[], mode: Report['mode'], fromMeta: boolean): string[] {
  const notes: string[] = [];
  const warned = new Set<string>();
  if (!fromMeta && snapshots.some((s) => s.meta.iteration !== undefined)) {
    notes.push('iteration numbers are missing or not increasing, so each snapshot counts as one iteration after the previous one');
  } else if (!fromMeta && mode === 'pair') {
    notes.push('the snapshots carry no iteration numbers, so the diff counts as one iteration');
  }
  for (const s of snapshots) {
    const h = s.health;
    const label = shorten(s.meta.label, 80);
    const lines = impairmentLines(s);
    if (!h.instrumented) notes.push(lines.notInstalled);
    if (h.dropped > 0) notes.push(lines.dropped);
    if (h.droppedStacks) notes.push(`"${label}": ${h.droppedStacks} creation stacks were not recorded (stack table full)`);
    if (h.droppedGroups)
      notes.push(`"${label}": ${h.droppedGroups} new groups did not fit the group table; their resources are counted in "(other)" groups`);
    if (h.wrapperErrors > 0) notes.push(lines.wrapperErrors);
    notes.push(...lines.impaired);
    // Frames whose registry was not read (cross-origin ad frames are normal): said, not a verdict.
    const notCovered = h.coverage?.notCovered ?? [];
    if (notCovered.length > 0) {
      const reasons = new Map<string, number>();
      for (const f of notCovered) reasons.set(f.reason, (reasons.get(f.reason) ?? 0) + 1);
      const why = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
      notes.push(`"${label}": ${notCovered.length} frame${notCovered.length === 1 ? '' : 's'} not covered: ${why}`);
    }
    // The collector's own warnings (a read-out the page spoiled, for one), once each; "not installed" is said above.
    for (const w of h.instrumented ? h.warnings : []) {
      if (warned.has(w)) continue;
      warned.add(w);
      notes.push(`"${label}": ${shorten(w, 2000)}`);
    }
  }
  const origins = new Set(snapshots.map((s) => originOf(s.meta.url)));
  if (origins.size > 1) {
    const shown = [...origins].slice(0, 3).map((o) => shorten(o, 100));
    const more = origins.size > 3 ? `, and ${origins.size - 3} more` : '';
    notes.push(`the snapshots come from different origins (${shown.join(', ')}${more}); compare snapshots of the same app`);
  }
  return notes.slice(0, LIMITS.maxWarnings);
}

/** What a snapshot's health says against its counts being complete, as the notes (and `unreliable`) say it. */
function impairmentLines(s: Snapshot) {
  const h = s.health;
  const label = `"${shorten(s.meta.label, 80)}"`;
  return {
    notInstalled: `${label}: the page instrumentation was not installed; only counters and detached DOM are reliable`,
    dropped: `${label}: ${h.dropped} resources were not tracked (registry full); counts are lower bounds`,
    wrapperErrors: `${label}: ${h.wrapperErrors} errors inside the instrumentation were swallowed`,
    impaired: (h.impaired ?? []).map((reason) => `${label}: ${shorten(reason, 500)}`),
  };
}

/**
 * Why the snapshots cannot show that nothing leaked: the instrumentation was missing, failed inside (errors the
 * page's changes to built-ins caused), was full, or found the page forging it. Leaks found stand all the same
 * (what was counted was there); only "clean" needs complete counts.
 */
export function unreliableReasons(snapshots: readonly Snapshot[]): string[] {
  const reasons = new Set<string>();
  for (const s of snapshots) {
    const h = s.health;
    const lines = impairmentLines(s);
    if (!h.instrumented) reasons.add(lines.notInstalled);
    if (h.wrapperErrors > 0) reasons.add(lines.wrapperErrors);
    if (h.dropped > 0) reasons.add(lines.dropped);
    for (const line of lines.impaired) reasons.add(line);
  }
  return [...reasons].slice(0, LIMITS.maxWarnings);
}

function originOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return m ? m[0] : url.slice(0, 40);
}

function analyze(snapshots: readonly Snapshot[], opts: AnalyzeOptions, mode: Report['mode']): Report {
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  if (snapshots.length < 2 || !first || !last) {
    throw new InvalidInputError(
      'analysis',
      undefined,
      `needs at least two snapshots (a baseline and one after the iterations), got ${snapshots.length}`,
    );
  }
  if (snapshots.length > LIMITS.maxSnapshots) throw new InvalidInputError('analysis', undefined, `at most ${LIMITS.maxSnapshots} snapshots`);
  const rules = opts.rules ?? LEAK_RULES;
  const budget = opts.budget ?? {};
  const { steps, fromMeta } = stepsOf(snapshots);
  const iterations = steps.reduce((a, b) => a + b, 0);
  const epochs = snapshots.map((s) => s.meta.epoch);
  const epochBounds = steps.every((s) => s === 1) && epochs.every((e, i) => i === 0 || e > (epochs[i - 1] ?? Infinity)) ? epochs : undefined;
  const indexes = snapshots.map(indexGroups);
  const lastIndex = indexes[indexes.length - 1] as GroupIndex;
  const firstIndex = indexes[0] as GroupIndex;

  const found: Found[] = [];
  // Only groups alive in the last snapshot can have grown; the others are at 0 there.
  for (const group of lastIndex.groups()) {
    const values = indexes.map((ix) => ix.get(group.kind, group.signature)?.count ?? 0);
    const track: Track = { kind: group.kind, signature: group.signature, source: 'group', values, steps, threshold: 1 };
    const survivors = survivorsOf(group, epochBounds);
    if (survivors) track.survivors = survivors;
    const decision = decideTrack(track, { explainingLeaks: 0 }, rules);
    if (!decision.leak) continue;
    const before = firstIndex.get(group.kind, group.signature);
    found.push(before ? { track, decision, group, first: before } : { track, decision, group });
  }

  const counterTrack = (kind: ResourceKind, values: number[], threshold: number): Track => ({
    kind,
    signature: `${kind}|${kind === 'heap' ? 'jsHeapUsedSize' : 'documents'}|page|`,
    source: 'counter',
    values,
    steps,
    threshold,
  });
  const documents = counterTrack(
    'document',
    snapshots.map((s) => s.counters.documents),
    1,
  );
  const documentDecision = decideTrack(documents, { explainingLeaks: found.filter((f) => f.track.kind === 'document').length }, rules);
  if (documentDecision.leak) found.push({ track: documents, decision: documentDecision });

  const minHeapNoise = mode === 'pair' && !fromMeta ? PAIR_MIN_HEAP_NOISE_BYTES : MIN_HEAP_NOISE_BYTES;
  const heapNoise = opts.heapNoiseBytes ?? Math.max(minHeapNoise, Math.round(first.counters.jsHeapUsedSize * HEAP_NOISE_FRACTION));
  const heap = counterTrack(
    'heap',
    snapshots.map((s) => s.counters.jsHeapUsedSize),
    Math.max(1, heapNoise),
  );
  const heapDecision = decideTrack(heap, { explainingLeaks: found.length }, rules);
  if (heapDecision.leak) found.push({ track: heap, decision: heapDecision });

  const leaks: Leak[] = [];
  const allowed: Leak[] = [];
  const all = found.map((f) => leakOf(f, iterations));
  for (const kind of RESOURCE_KINDS) {
    const ofKind = all.filter((l) => l.kind === kind);
    if (ofKind.length === 0) continue;
    const perIteration = ofKind.reduce((sum, l) => sum + l.perIteration, 0);
    const allowance = budget[kind];
    (allowance !== undefined && perIteration <= allowance ? allowed : leaks).push(...ofKind);
  }
  leaks.sort(compareLeaks);
  allowed.sort(compareLeaks);

  const notes = notesOf(snapshots, mode, fromMeta);
  const unreliable = unreliableReasons(snapshots);
  if ((heap.values[heap.values.length - 1] ?? 0) > (heap.values[0] ?? 0)) {
    notes.push(`heap noise allowance: ${formatBytes(heap.threshold)} per iteration`);
  }
  return {
    schema: REPORT_SCHEMA_ID,
    leakscopeVersion: LEAKSCOPE_VERSION,
    mode,
    verdict: leaks.length > 0 ? 'leaks' : unreliable.length > 0 ? 'unreliable' : allowed.length > 0 ? 'within-budget' : 'clean',
    ...(unreliable.length > 0 && leaks.length === 0 ? { unreliable } : {}),
    iterations,
    snapshots: snapshots.map(snapshotRef),
    budget,
    leaks,
    allowed,
    counters: COUNTER_NAMES.map((name) => ({ name, values: snapshots.map((s) => s.counters[name]) })),
    notes: notes.slice(0, LIMITS.maxWarnings),
    diff: diffIndexed(first, last, firstIndex, lastIndex),
  };
}

/**
 * Finds the leaks in a series of snapshots taken after repeated navigation cycles: a baseline, then one snapshot
 * after each of N iterations. A group that grows with the iterations is a leak; one that plateaus (a bounded
 * cache), grows once at warm-up, or whose extra resources are collected a cycle late is not. The documents counter
 * and the JS heap (with a noise allowance) are verdicts only when no more specific leak explains them; the other
 * counters are context.
 *
 * @param snapshots baseline first, in order. Iterations between snapshots come from `meta.iteration` when every
 *   snapshot carries one (increasing), else one per snapshot.
 * @throws InvalidInputError with fewer than two snapshots.
 * @example
 * const report = analyzeSeries([baseline, ...afterEachIteration], { budget: { listener: 2 } });
 * console.log(renderText(report, { color: false }));
 */
export function analyzeSeries(snapshots: readonly Snapshot[], opts: AnalyzeOptions = {}): Report {
  return analyze(snapshots, opts, 'series');
}

/**
 * Compares two snapshots (`leakscope diff A B`): a group that grew from A to B by at least one resource per
 * iteration is a leak, the heap only beyond its noise allowance. The growth is scaled per iteration when both
 * snapshots carry an iteration number, else the pair counts as one iteration.
 *
 * @example
 * const report = analyzePair(readSnapshotFile('before.json'), readSnapshotFile('after.json'), { budget });
 * process.exitCode = report.leaks.length > 0 ? 1 : 0;
 */
export function analyzePair(a: Snapshot, b: Snapshot, opts: AnalyzeOptions = {}): Report {
  return analyze([a, b], opts, 'pair');
}
