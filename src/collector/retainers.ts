/**
 * What keeps a detached DOM subtree alive, from a V8 heap snapshot of the page: this takes the snapshot over CDP;
 * reading it and naming the chain is pure code (src/core/heap).
 *
 * Heap snapshots exist over a Playwright CDP session only (extensions get no HeapProfiler), take up to a second
 * for a small page, and are asked for on a detached-DOM leak only (`retainers` option, `--retainers`).
 */
import { cut, formatBytes, HeapGraph, keptBy, LIMITS, type Report } from '../core/index.ts';
import type { Connection } from './connection.ts';

/** A heap larger than this is not snapshotted: its snapshot, several times the heap, is read as one string here. */
export const MAX_HEAP_BYTES = 100 * 1024 * 1024;

/** No heap snapshot could be had; `message` says why in one line. */
export class HeapSnapshotUnavailable extends Error {
  override readonly name = 'HeapSnapshotUnavailable';
}

/**
 * Takes a heap snapshot of the page behind the connection (Playwright transport), streamed in chunks, and indexes it.
 * Throws a {@link HeapSnapshotUnavailable} when the transport has no heap profiler or the heap is too large, a
 * `HeapSnapshotError` when what came back is not a heap snapshot, and what CDP throws.
 */
export async function takeHeapSnapshot(connection: Connection): Promise<HeapGraph> {
  const { cdp } = connection;
  if (cdp.transport !== 'playwright')
    throw new HeapSnapshotUnavailable('heap snapshots need a Playwright CDP session (extensions get no HeapProfiler)');
  const text = await connection.oneAtATime(async () => {
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    if (usedSize > MAX_HEAP_BYTES)
      throw new HeapSnapshotUnavailable(
        `the page's heap (${formatBytes(usedSize)}) is larger than the ${formatBytes(MAX_HEAP_BYTES)} Leakscope snapshots`,
      );
    const chunks: string[] = [];
    const off = cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk));
    try {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    } finally {
      off();
      // Once the snapshot is in hand, a profiler left on costs the page nothing; a failure here is not the snapshot's.
      await cdp.send('HeapProfiler.disable').catch(() => undefined);
    }
    return chunks.join('');
  });
  return HeapGraph.parse(text);
}

/** Adds a note to the report, within the report's limits. */
function note(report: Report, text: string): void {
  if (report.notes.length < LIMITS.maxWarnings) report.notes.push(cut(`retainers: ${text}`, LIMITS.maxText));
}

/**
 * Adds to each detached-DOM leak of `report` what keeps its root alive, from a heap snapshot. What could not be
 * named, and why (no snapshot, a snapshot that does not read, roots not in it), is said in the report's notes: the
 * leaks stand as found, and the user learns why they are not explained.
 *
 * @example
 * const report = analyzeSeries(snapshots);
 * await nameRetainers(connection, report);
 * report.leaks[0].detached?.attribution.keptBy; // -> { path: 'renderedLists[0]', script: 'https://app.test/list.js' }
 */
export async function nameRetainers(connection: Connection, report: Report): Promise<void> {
  const leaks = [...report.leaks, ...report.allowed].filter((l) => l.kind === 'detached-dom' && l.detached);
  if (leaks.length === 0) return;
  let found;
  try {
    found = keptBy(
      await takeHeapSnapshot(connection),
      leaks.map((l) => l.detached!),
    );
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    note(report, `the variables that keep the detached DOM alive could not be named: ${why}`);
    return;
  }
  leaks.forEach((leak, i) => {
    const kept = found[i];
    if (kept) leak.detached!.attribution.keptBy = kept;
  });
  const missing = found.filter((k) => k === undefined).length;
  if (missing > 0)
    note(report, `${missing} of ${leaks.length} detached roots were not found alive in the heap snapshot (collected since, or kept only weakly)`);
}
