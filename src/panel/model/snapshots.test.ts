import { describe, expect, it, vi } from 'vitest';
import { analyzePair } from '../../core/analysis/analyze.ts';
import { diffSnapshots } from '../../core/diff/diff.ts';
import { REPORT_SCHEMA_ID } from '../../core/report/schema.ts';
import type { Snapshot } from '../../core/snapshot/schema.ts';
import { snapshot } from '../../core/testing/builder.ts';
import { diffFile, fileLabel, reportFile, snapshotFile } from './exports.ts';
import type { Importer } from './import-client.ts';
import { readSnapshot } from './import-snapshot.ts';
import { MAX_IMPORT_BYTES, SnapshotStore, kindCounts, type SnapshotEntry, type SnapshotPersistence } from './snapshots.ts';

/** A store whose "Take snapshot" hands out `snapshots` in order, with ids e1, e2, ... */
function storeOf(snapshots: Snapshot[] = [], persistence?: SnapshotPersistence) {
  let n = 0;
  const queue = [...snapshots];
  const takeSnapshot = vi.fn(async (label: string) => {
    const next = queue.shift();
    if (!next) throw new Error('The debugger is not attached.\nmore detail');
    return { ...next, meta: { ...next.meta, label } };
  });
  return new SnapshotStore({ takeSnapshot, newId: () => `e${++n}`, ...(persistence ? { persistence } : {}) });
}

const leaky = (listeners: number, minute: number) =>
  snapshot()
    .meta({ iteration: undefined, time: new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString() })
    .group({ kind: 'listener', type: 'resize', target: 'window', count: listeners })
    .build();

describe('SnapshotStore: import', () => {
  const good = JSON.stringify(leaky(1, 0));

  it('imports a valid snapshot file as an entry named by its label and file', () => {
    const store = storeOf();
    const entry = store.importFile('before.json', good) as SnapshotEntry;
    expect(entry).toMatchObject({ origin: 'imported', fileName: 'before.json', label: 'baseline' });
    expect(store.state.entries).toHaveLength(1);
    expect(kindCounts(entry.snapshot)).toMatchObject({ listener: 1, 'detached-dom': 0 });
    expect(store.state.importErrors).toEqual([]);
  });

  const report = JSON.stringify({ schema: REPORT_SCHEMA_ID, verdict: 'clean' });
  const diff = JSON.stringify({ from: {}, to: {}, entries: [], counters: [], summary: {} });
  const wrongVersion = good.replace('"leakscope/snapshot@1"', '"leakscope/snapshot@9"');
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'hello, world', /^a\.json is not a Leakscope snapshot: not valid JSON/],
    ['empty', '', /^a\.json is not a Leakscope snapshot: the file is empty$/],
    ['only whitespace', ' \n\t', /the file is empty$/],
    [
      'truncated',
      good.slice(0, good.length / 2),
      /^a\.json is not a Leakscope snapshot: not valid JSON: the text ends too early \(truncated file\?\)$/,
    ],
    ['an array', '[1,2,3]', /expected a Leakscope snapshot \(a JSON object with "schema": "leakscope\/snapshot@1"\), got an array of 3 items$/],
    ['JSON of the wrong shape', '{"name":"x"}', /\$\.schema: missing; expected "leakscope\/snapshot@1"/],
    ['another schema version', wrongVersion, /\$\.schema: unsupported version "leakscope\/snapshot@9"/],
    ['a report', report, /\$\.schema: this is a Leakscope report, expected a snapshot/],
    ['a diff', diff, /this is a Leakscope diff/],
    ['a snapshot with a bad field', good.replace('"count":1', '"count":-1'), /\$\.groups\[0\]\.count: too small/],
  ];
  for (const [what, text, expected] of cases) {
    it(`refuses ${what} with one line naming the file`, () => {
      const store = storeOf();
      const result = store.importFile('a.json', text);
      expect(result).toMatch(expected);
      expect(store.state.importErrors).toEqual([result]);
      expect(result as string).not.toContain('\n');
      expect(store.state.entries).toEqual([]);
    });
  }

  it('keeps one line per refused file, and importing goes on after a refusal', async () => {
    const store = storeOf();
    const file = (name: string, text: string, size = text.length) => ({ name, size, text: async () => text });
    const huge = { name: 'huge.json', size: MAX_IMPORT_BYTES + 1, text: vi.fn(async () => good) };
    await store.importFiles([file('a.json', 'nope'), huge, file('b.json', good), file('c.json', '')]);
    expect(store.state.importErrors).toHaveLength(3);
    expect(store.state.importErrors[1]).toMatch(/^huge\.json is not a Leakscope snapshot: too large \(100 MB; the limit is 100 MB\)$/);
    expect(huge.text).not.toHaveBeenCalled();
    expect(store.state.entries.map((e) => e.fileName)).toEqual(['b.json']);
    store.dismissImportErrors();
    expect(store.state.importErrors).toEqual([]);
  });

  it('hands Blobs to the importer, shows its progress, and a cancel keeps the entries as they were', async () => {
    const seen: unknown[] = [];
    let release!: () => void;
    const importer: Importer = async ({ name, blob }, onProgress, signal) => {
      onProgress({ stage: 'reading', loaded: blob.size / 2, total: blob.size });
      if (name === 'slow.json') {
        await new Promise<void>((resolve, reject) => {
          release = resolve;
          signal.addEventListener('abort', () => reject(signal.reason as Error));
        });
      }
      onProgress({ stage: 'parsing', loaded: blob.size, total: blob.size });
      return readSnapshot(name, await blob.text());
    };
    const store = new SnapshotStore({ takeSnapshot: vi.fn(), newId: () => 'e1', importer });
    store.subscribe(() => seen.push(store.state.importing));
    await store.importFiles([new File([good], 'a.json'), new File(['{'], 'b.json')]);
    expect(store.state.entries.map((e) => e.fileName)).toEqual(['a.json']);
    expect(store.state.importErrors).toEqual([expect.stringMatching(/^b\.json is not a Leakscope snapshot: not valid JSON/)]);
    expect(seen).toContainEqual({ name: 'a.json', stage: 'reading', loaded: good.length / 2, total: good.length });
    expect(seen).toContainEqual({ name: 'a.json', stage: 'parsing', loaded: good.length, total: good.length });
    expect(store.state.importing).toBeUndefined();

    // Cancelled mid-file: no entry, no error line, and the files after it are not imported.
    const importing = store.importFiles([new File([good], 'slow.json'), new File([good], 'after.json')]);
    await vi.waitFor(() => expect(store.state.importing?.name).toBe('slow.json'));
    store.cancelImport();
    await importing;
    expect(release).toBeTypeOf('function');
    expect(store.state.entries.map((e) => e.fileName)).toEqual(['a.json']);
    expect(store.state.importErrors).toHaveLength(1);
    expect(store.state.importing).toBeUndefined();
  });

  it('shows control characters in file names as escapes', () => {
    const store = storeOf();
    expect(store.importFile('a\u001b[31m.json', '')).toBe('a\\u001b[31m.json is not a Leakscope snapshot: the file is empty');
  });

  it('an exported snapshot imports back to the same data', () => {
    const store = storeOf();
    const entry = store.importFile('x.json', good) as SnapshotEntry;
    const file = snapshotFile(entry);
    expect(file.name).toMatch(/^leakscope-baseline-\d{8}-\d{6}\.json$/);
    const again = store.importFile(file.name, file.text) as SnapshotEntry;
    expect(again.snapshot).toEqual(entry.snapshot);
  });
});

describe('SnapshotStore: pairs', () => {
  it('compares the first (baseline) with the latest by default, and follows new snapshots', async () => {
    const store = storeOf([leaky(1, 0), leaky(3, 1), leaky(5, 2)]);
    expect(store.pair()).toBeUndefined();
    expect(store.comparison()).toBeUndefined();
    await store.take('');
    expect(store.state.entries[0]!.label).toBe('baseline');
    expect(store.pair()).toBeUndefined();
    await store.take('after 5x');
    expect(store.pair()).toMatchObject({ a: { id: 'e1' }, b: { id: 'e2', label: 'after 5x' } });
    await store.take();
    expect(store.state.entries[2]!.label).toBe('snapshot 3');
    expect(store.pair()).toMatchObject({ a: { id: 'e1' }, b: { id: 'e3' } });
    const comparison = store.comparison()!;
    expect(comparison.report!.verdict).toBe('leaks');
    expect(comparison.report!.leaks.map((l) => [l.kind, l.total])).toEqual([['listener', 4]]);
    expect(comparison.diff!.entries.map((e) => [e.change, e.before, e.after])).toEqual([['grew', 1, 5]]);
  });

  it('keeps a chosen side, falls back to the default when its entry is removed, and memoises per pair', async () => {
    const store = storeOf([leaky(1, 0), leaky(3, 1), leaky(5, 2)]);
    await store.take('a');
    await store.take('b');
    await store.take('c');
    store.choose('b', 'e2');
    expect(store.pair()).toMatchObject({ a: { id: 'e1' }, b: { id: 'e2' } });
    const first = store.comparison();
    expect(store.comparison()).toBe(first);
    store.choose('a', 'e3');
    expect(store.pair()).toMatchObject({ a: { id: 'e3' }, b: { id: 'e2' } });
    expect(store.comparison()!.report!.verdict).toBe('clean');
    store.choose('a', 'nope');
    expect(store.state.chosen).toEqual({ b: 'e2' });
    store.remove('e2');
    expect(store.pair()).toMatchObject({ a: { id: 'e1' }, b: { id: 'e3' } });
    store.remove('e1');
    expect(store.pair()).toBeUndefined();
  });

  it('a failed snapshot is one line in takeError, and the next one works', async () => {
    const store = storeOf([]);
    expect(await store.take('x')).toBeUndefined();
    expect(store.state.takeError).toBe('Snapshot failed: The debugger is not attached.');
    expect(store.state.taking).toBe(false);
  });
});

describe('SnapshotStore: persistence', () => {
  it('restores saved entries in time order, saves new ones, deletes removed ones, and survives a failing storage', async () => {
    const saved: SnapshotEntry = { id: 'old', label: 'old', takenAt: Date.UTC(2025, 0, 1, 11), origin: 'taken', snapshot: leaky(1, 0) };
    const persistence = {
      load: vi.fn(async () => [saved]),
      put: vi.fn(async () => undefined),
      delete: vi.fn(async () => {
        throw new Error('disk full');
      }),
    };
    const store = storeOf([leaky(2, 1)], persistence);
    await store.take('new');
    await store.restore();
    expect(store.state.entries.map((e) => e.id)).toEqual(['old', 'e1']);
    expect(persistence.put).toHaveBeenCalledWith(expect.objectContaining({ id: 'e1' }));
    store.remove('old');
    await vi.waitFor(() => expect(store.state.storageError).toMatch(/disk full/));
    expect(store.state.entries.map((e) => e.id)).toEqual(['e1']);
  });
});

describe('export file names', () => {
  it('are made of the label and the time', () => {
    expect(fileLabel('After 5× listeners / socket!')).toBe('after-5-listeners-socket');
    expect(fileLabel('…')).toBe('snapshot');
    const a: SnapshotEntry = {
      id: 'a',
      label: 'baseline',
      takenAt: new Date(2025, 0, 31, 12, 3, 1).getTime(),
      origin: 'taken',
      snapshot: leaky(1, 0),
    };
    const b: SnapshotEntry = { ...a, id: 'b', label: 'after 5x', snapshot: leaky(3, 1) };
    expect(snapshotFile(a).name).toBe('leakscope-baseline-20250131-120301.json');
    const comparison = { a, b, report: analyzePair(a.snapshot, b.snapshot), diff: diffSnapshots(a.snapshot, b.snapshot) };
    expect(diffFile(comparison)!.name).toBe('leakscope-baseline-vs-after-5x-20250131-120301-diff.json');
    const html = reportFile(comparison)!;
    expect(html.name).toBe('leakscope-baseline-vs-after-5x-20250131-120301-report.html');
    expect(html.text).toMatch(/^<!doctype html>/i);
  });
});
