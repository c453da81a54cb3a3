import { COUNTER_NAMES } from '../../shared/kinds.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { RESOURCE_KINDS } from '../../shared/kinds.ts';
import { compareSignatures, indexGroups, type GroupIndex, type ResourceGroup } from './groups.ts';
import type { Change, CounterDelta, DiffEntry, SnapshotDiff, SnapshotRef } from './schema.ts';

/**
 * The identifying part of a snapshot's meta, as reports and diffs cite it.
 *
 * @example
 * snapshotRef(snapshot); // { label: 'baseline', url: 'https://app.test/', time: '2025-01-01T00:00:00.000Z', epoch: 0, iteration: 0 }
 */
export function snapshotRef(snapshot: Snapshot): SnapshotRef {
  const { label, url, time, epoch, iteration } = snapshot.meta;
  return { label, url, time, epoch, ...(iteration !== undefined ? { iteration } : {}) };
}

function changeOf(before: ResourceGroup | undefined, after: ResourceGroup | undefined): Change | undefined {
  const b = before?.count ?? 0;
  const a = after?.count ?? 0;
  if (!before || b === 0) return a > 0 ? 'appeared' : undefined;
  if (!after || a === 0) return 'disappeared';
  if (a !== b) return a > b ? 'grew' : 'shrank';
  const bb = before.bytes ?? 0;
  const ab = after.bytes ?? 0;
  if (ab !== bb) return ab > bb ? 'grew' : 'shrank';
  return undefined;
}

function entryOf(before: ResourceGroup | undefined, after: ResourceGroup | undefined, change: Change): DiffEntry {
  // Both are defined or one is; the descriptive fields come from the newer side when it exists.
  const shown = (after ?? before) as ResourceGroup;
  const frame = shown.stack[0];
  return {
    kind: shown.kind,
    signature: shown.signature,
    type: shown.type,
    target: shown.target,
    change,
    before: before?.count ?? 0,
    after: after?.count ?? 0,
    ...(before?.bytes !== undefined ? { bytesBefore: before.bytes } : {}),
    ...(after?.bytes !== undefined ? { bytesAfter: after.bytes } : {}),
    ...(frame ? { frame } : {}),
  };
}

/**
 * Counter deltas, all counters in {@link COUNTER_NAMES} order.
 *
 * @example
 * diffCounters(before, after).find((c) => c.name === 'documents')?.delta; // e.g. 2
 */
export function diffCounters(a: Snapshot, b: Snapshot): CounterDelta[] {
  return COUNTER_NAMES.map((name) => ({ name, before: a.counters[name], after: b.counters[name], delta: b.counters[name] - a.counters[name] }));
}

/**
 * What changed from snapshot `a` to snapshot `b`, per kind and signature: groups that appeared, disappeared,
 * grew or shrank (by count; by bytes when the count is equal). Groups are matched by signature, never by
 * object identity, so snapshots from different runs and reloads compare. Unchanged groups are left out.
 *
 * Entries are ordered by kind ({@link RESOURCE_KINDS} order), then signature (by code units), so the same two
 * snapshots always give the same output. `diffSnapshots(b, a)` mirrors `diffSnapshots(a, b)`.
 *
 * @example
 * const diff = diffSnapshots(before, after);
 * for (const e of diff.entries) console.log(e.change, e.kind, e.signature, e.before, '->', e.after);
 */
export function diffSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  return diffIndexed(a, b, indexGroups(a), indexGroups(b));
}

/** {@link diffSnapshots} for snapshots already indexed with {@link indexGroups}. */
export function diffIndexed(a: Snapshot, b: Snapshot, before: GroupIndex, after: GroupIndex): SnapshotDiff {
  const entries: DiffEntry[] = [];
  const summary = { appeared: 0, disappeared: 0, grew: 0, shrank: 0 };
  for (const kind of RESOURCE_KINDS) {
    const from = before.ofKind(kind);
    const to = after.ofKind(kind);
    const changed: DiffEntry[] = [];
    const visit = (fromGroup: ResourceGroup | undefined, toGroup: ResourceGroup | undefined) => {
      const change = changeOf(fromGroup, toGroup);
      if (change === undefined) return;
      summary[change]++;
      changed.push(entryOf(fromGroup, toGroup, change));
    };
    for (const [signature, g] of from) visit(g, to.get(signature));
    for (const [signature, g] of to) if (!from.has(signature)) visit(undefined, g);
    changed.sort((x, y) => compareSignatures(x.signature, y.signature));
    for (const e of changed) entries.push(e);
  }
  return { from: snapshotRef(a), to: snapshotRef(b), entries, counters: diffCounters(a, b), summary };
}
