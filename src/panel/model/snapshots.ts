/**
 * The panel's snapshots of one tab: the ones taken over the debugger and the ones imported from files, the pair
 * chosen for comparison, and that pair's report (the core's leak verdicts) and diff. Views read `state` through
 * `useStore` (store.ts) and call the methods; nothing here touches the DOM, so it runs in Node for the unit tests.
 *
 * Everything a file brings is untrusted: it goes through the core's parser, and any failure becomes one plain line
 * for the panel ("a.json is not a Leakscope snapshot: <reason>"), never an exception that could blank the view.
 * Files are read, parsed and checked by an `Importer` (in the panel, a Web Worker: import-client.ts) while the
 * store shows their progress; a refused or cancelled file changes no entry.
 */
import { analyzePair, diffSnapshots, type Report, shorten, type Snapshot, type SnapshotDiff } from '../../core/index.ts';
import { GROUP_KINDS } from '../../shared/kinds.ts';
import type { Importer } from './import-client.ts';
import { type ImportOutcome, type ImportProgress, MAX_IMPORT_BYTES, message, readSnapshot, shownName, tooLarge } from './import-snapshot.ts';
import { Store } from './store.ts';

export { MAX_IMPORT_BYTES } from './import-snapshot.ts';
/** Import errors kept on screen: one line per refused file, the oldest dropped first. */
const MAX_IMPORT_ERRORS = 20;

export interface SnapshotEntry {
  id: string;
  label: string;
  /** When the snapshot was taken (its `meta.time`), in ms since the epoch. */
  takenAt: number;
  origin: 'taken' | 'imported';
  /** For imported entries: the file's name, as the user's system gave it. */
  fileName?: string;
  snapshot: Snapshot;
}

/** The two snapshots compared, A (before) and B (after). */
export interface SnapshotPair {
  a: SnapshotEntry;
  b: SnapshotEntry;
}

/** A pair with what the core makes of it; `error` when the analysis itself failed. */
export interface Comparison extends SnapshotPair {
  report?: Report;
  diff?: SnapshotDiff;
  error?: string;
}

export interface SnapshotStoreState {
  entries: readonly SnapshotEntry[];
  /** The ids the user picked for A and B; an unpicked side follows the default (A: the first, B: the latest). */
  chosen: { a?: string; b?: string };
  /** The entry selected in the list (what "Export snapshot" writes); none: the latest. */
  selected: string | undefined;
  /** One line per refused file, until dismissed. */
  importErrors: readonly string[];
  /** The file being imported and how far it is, while one is. */
  importing: ({ name: string } & ImportProgress) | undefined;
  taking: boolean;
  /** Why the last "Take snapshot" failed, in one line. */
  takeError: string | undefined;
  /** Why saving or restoring failed; the snapshots still work for the panel's life. */
  storageError: string | undefined;
}

/**
 * Where entries survive a panel reload (see snapshot-db.ts). Every method may reject: the store keeps working in
 * memory and says so in `storageError`.
 */
export interface SnapshotPersistence {
  load(): Promise<SnapshotEntry[]>;
  put(entry: SnapshotEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A file as far as importing needs one (the DOM's `File` fits). */
export interface ImportableFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface SnapshotStoreOptions {
  /** Takes a snapshot of the inspected tab (DebuggerSession.takeSnapshot). */
  takeSnapshot: (label: string) => Promise<Snapshot>;
  persistence?: SnapshotPersistence;
  /** Entry ids; default `crypto.randomUUID`. */
  newId?: () => string;
  /** Reads, parses and checks files that are Blobs (off the main thread); without it, files are read in place. */
  importer?: Importer;
}

/** Live resources per kind: the groups' counts, and detached DOM roots. For the list's tooltips and the tests. */
export function kindCounts(snapshot: Snapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of GROUP_KINDS) out[kind] = 0;
  for (const g of snapshot.groups) out[g.kind] = (out[g.kind] ?? 0) + g.count;
  out['detached-dom'] = snapshot.detached.length;
  return out;
}

export class SnapshotStore extends Store<SnapshotStoreState> {
  /** Reports and diffs per pair of entry ids: entries never change, so a pair's result never does either. */
  private readonly comparisons = new Map<string, Comparison>();
  private readonly newId: () => string;
  /** The imports under way or waiting, one batch per `importFiles` call, and the chain that runs them in turn. */
  private readonly batches = new Set<AbortController>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SnapshotStoreOptions) {
    super({
      entries: [],
      chosen: {},
      selected: undefined,
      importErrors: [],
      importing: undefined,
      taking: false,
      takeError: undefined,
      storageError: undefined,
    });
    this.newId = opts.newId ?? (() => crypto.randomUUID());
  }

  /** Restores the entries kept for this tab (a panel reload); those taken meanwhile stay, in time order. */
  async restore(): Promise<void> {
    const persistence = this.opts.persistence;
    if (!persistence) return;
    try {
      const saved = await persistence.load();
      const known = new Set(this.current.entries.map((e) => e.id));
      const entries = [...saved.filter((e) => !known.has(e.id)), ...this.current.entries].sort((x, y) => x.takenAt - y.takenAt);
      this.update({ entries });
    } catch (error) {
      this.update({ storageError: `Saved snapshots could not be restored: ${message(error)}` });
    }
  }

  /** Takes a snapshot labelled `label` (default: "baseline" for the first, then "snapshot N"). Failures land in `takeError`. */
  take = async (label?: string): Promise<SnapshotEntry | undefined> => {
    if (this.current.taking) return undefined;
    const name = label?.trim() || (this.current.entries.length === 0 ? 'baseline' : `snapshot ${this.current.entries.length + 1}`);
    this.update({ taking: true, takeError: undefined });
    try {
      const snapshot = await this.opts.takeSnapshot(name);
      return this.add({ id: this.newId(), label: name, takenAt: Date.parse(snapshot.meta.time) || Date.now(), origin: 'taken', snapshot });
    } catch (error) {
      this.update({ takeError: `Snapshot failed: ${message(error)}` });
      return undefined;
    } finally {
      this.update({ taking: false });
    }
  };

  /**
   * Imports one file's text as a snapshot, in place. Returns the new entry, or the one-line reason it was refused
   * (also added to `importErrors`).
   */
  importFile(name: string, text: string): SnapshotEntry | string {
    return this.imported(name, readSnapshot(name, text));
  }

  /**
   * Imports files (the file input, a drop), one after the other: sizes are checked before reading, so a huge file is
   * never loaded. Blobs go to the importer, with their progress in `importing`; {@link cancelImport} stops them.
   */
  importFiles = async (files: Iterable<ImportableFile>): Promise<void> => {
    const list = [...files];
    const batch = new AbortController();
    // One import at a time: files dropped while others are read wait for them (and a cancel stops them too).
    const previous = this.queue;
    this.queue = (async () => {
      await previous;
      this.batches.add(batch);
      try {
        for (const file of list) {
          if (batch.signal.aborted) break;
          await this.importOne(file, batch.signal);
        }
      } finally {
        this.batches.delete(batch);
        this.update({ importing: undefined });
      }
    })();
    await this.queue;
  };

  /** Stops the import under way and those waiting; the entries stay as they were. */
  cancelImport = (): void => {
    for (const batch of this.batches) batch.abort(new DOMException('The import was cancelled', 'AbortError'));
  };

  private async importOne(file: ImportableFile, signal: AbortSignal): Promise<void> {
    const shown = shownName(file.name);
    if (file.size > MAX_IMPORT_BYTES) {
      this.refuse(`${shown} is not a Leakscope snapshot: ${tooLarge(file.size)}`);
      return;
    }
    const progress = (p: ImportProgress) => {
      if (!signal.aborted) this.update({ importing: { name: file.name, ...p } });
    };
    progress({ stage: 'reading', loaded: 0, total: file.size });
    let outcome: ImportOutcome;
    const importer = this.opts.importer;
    if (importer && typeof Blob !== 'undefined' && file instanceof Blob) {
      try {
        outcome = await importer({ name: file.name, blob: file }, progress, signal);
      } catch (error) {
        if (signal.aborted) return; // cancelled: nothing to say, nothing changed
        outcome = { unreadable: message(error) };
      }
    } else {
      try {
        const text = await file.text();
        progress({ stage: 'parsing', loaded: file.size, total: file.size });
        outcome = readSnapshot(file.name, text);
      } catch (error) {
        outcome = { unreadable: message(error) };
      }
    }
    if (signal.aborted) return;
    this.imported(file.name, outcome);
  }

  /** A file's outcome: an entry, or its one-line error. */
  private imported(name: string, outcome: ImportOutcome): SnapshotEntry | string {
    const shown = shownName(name);
    if ('unreadable' in outcome) return this.refuse(`${shown} could not be read: ${shorten(outcome.unreadable, 160)}`);
    if ('refused' in outcome) return this.refuse(`${shown} is not a Leakscope snapshot: ${outcome.refused}`);
    const { snapshot } = outcome;
    return this.add({
      id: this.newId(),
      label: snapshot.meta.label || shown,
      takenAt: Date.parse(snapshot.meta.time) || Date.now(),
      origin: 'imported',
      fileName: name,
      snapshot,
    });
  }

  dismissImportErrors = (): void => {
    this.update({ importErrors: [] });
  };

  remove = (id: string): void => {
    const entries = this.current.entries.filter((e) => e.id !== id);
    if (entries.length === this.current.entries.length) return;
    for (const key of this.comparisons.keys()) if (key.split('|').includes(id)) this.comparisons.delete(key);
    const { a, b } = this.current.chosen;
    const selected = this.current.selected === id ? undefined : this.current.selected;
    this.update({ entries, selected, chosen: { ...(a !== id && a !== undefined ? { a } : {}), ...(b !== id && b !== undefined ? { b } : {}) } });
    void this.opts.persistence
      ?.delete(id)
      .catch((error: unknown) => this.update({ storageError: `A deleted snapshot could not be removed from storage: ${message(error)}` }));
  };

  /** Picks A or B; `undefined` goes back to the default for that side. */
  choose = (side: 'a' | 'b', id: string | undefined): void => {
    const chosen = { ...this.current.chosen };
    if (id === undefined || !this.current.entries.some((e) => e.id === id)) delete chosen[side];
    else chosen[side] = id;
    this.update({ chosen });
  };

  /** Selects an entry in the list. */
  select = (id: string | undefined): void => {
    this.update({ selected: id !== undefined && this.current.entries.some((e) => e.id === id) ? id : undefined });
  };

  /** The selected entry, else the latest one. */
  selectedEntry(): SnapshotEntry | undefined {
    const { entries, selected } = this.current;
    return entries.find((e) => e.id === selected) ?? entries.at(-1);
  }

  /** The pair to compare: the chosen entries, else A = the first (the baseline) and B = the latest. Needs two entries. */
  pair(): SnapshotPair | undefined {
    const { entries, chosen } = this.current;
    if (entries.length < 2) return undefined;
    const find = (id: string | undefined) => (id === undefined ? undefined : entries.find((e) => e.id === id));
    const a = find(chosen.a) ?? entries[0]!;
    const b = find(chosen.b) ?? entries[entries.length - 1]!;
    return { a, b };
  }

  /** The chosen pair's report and diff, computed once per pair. */
  comparison(): Comparison | undefined {
    const pair = this.pair();
    if (!pair) return undefined;
    const key = `${pair.a.id}|${pair.b.id}`;
    let result = this.comparisons.get(key);
    if (!result) {
      try {
        result = { ...pair, report: analyzePair(pair.a.snapshot, pair.b.snapshot), diff: diffSnapshots(pair.a.snapshot, pair.b.snapshot) };
      } catch (error) {
        result = { ...pair, error: `These snapshots cannot be compared: ${message(error)}` };
      }
      this.comparisons.set(key, result);
    }
    return result;
  }

  dispose(): void {
    this.cancelImport();
    this.close();
  }

  private add(entry: SnapshotEntry): SnapshotEntry {
    this.update({ entries: [...this.current.entries, entry] });
    void this.opts.persistence
      ?.put(entry)
      .catch((error: unknown) =>
        this.update({ storageError: `"${shorten(entry.label, 80)}" is kept for this panel only; saving it failed: ${message(error)}` }),
      );
    return entry;
  }

  private refuse(line: string): string {
    this.update({ importErrors: [...this.current.importErrors, line].slice(-MAX_IMPORT_ERRORS) });
    return line;
  }
}
