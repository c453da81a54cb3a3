/**
 * The timeline's data: the debugger session's 1 Hz samples laid out in columns, the shape uPlot draws from
 * (`[times, ...series]`), appended to one sample at a time and capped at an hour.
 *
 * uPlot wants plain arrays starting at index 0 (a typed array cannot hold the `null` that makes a gap), and
 * dropping the oldest row of a plain array moves all the others. So the columns grow to twice the cap and then
 * drop the older half in one go: one row moved per row appended, on average, instead of a whole hour per sample.
 * The rows before `start` stay in the columns until then; the view shows the window from `start` on (its x range).
 */
import type { LiveSample } from '../../collector/sample.ts';
import type { GroupKind } from '../../shared/kinds.ts';
import type { Snapshot } from '../../core/index.ts';
import type { DebuggerState, Marker } from './debugger-session.ts';
import { Store, type ReadableStore } from './store.ts';

/** One hour at 1 Hz: the most samples the timeline shows. */
export const MAX_POINTS = 3600;

export type SeriesKey =
  'detached' | 'listeners' | 'connections' | 'workers' | 'channels' | 'observers' | 'images' | 'imageBytes' | 'objectUrls' | 'timers' | 'heap';
export type SeriesUnit = 'count' | 'bytes';

export interface SeriesDef {
  key: SeriesKey;
  label: string;
  unit: SeriesUnit;
  /** The value in a sample; undefined (not read, or Leakscope not in the page) is a gap in the line. */
  read(sample: LiveSample): number | undefined;
}

/** The timeline's lines, in the order of the resource kinds (shared/kinds.ts), the JS heap last. */
export const SERIES: readonly SeriesDef[] = [
  { key: 'detached', label: 'Detached DOM', unit: 'count', read: (s) => s.detachedNodes },
  { key: 'listeners', label: 'Listeners', unit: 'count', read: (s) => s.registry?.listeners },
  { key: 'connections', label: 'Connections', unit: 'count', read: (s) => s.registry?.connections },
  { key: 'workers', label: 'Workers', unit: 'count', read: (s) => s.registry?.workers },
  { key: 'channels', label: 'Message channels', unit: 'count', read: (s) => s.registry?.channels },
  { key: 'images', label: 'Images', unit: 'count', read: (s) => s.registry?.images },
  { key: 'imageBytes', label: 'Image bytes', unit: 'bytes', read: (s) => s.registry?.imageBytes },
  { key: 'objectUrls', label: 'Object URLs', unit: 'count', read: (s) => s.registry?.objectUrls },
  { key: 'observers', label: 'Observers', unit: 'count', read: (s) => s.registry?.observers },
  { key: 'timers', label: 'Timers', unit: 'count', read: (s) => s.registry?.timers },
  { key: 'heap', label: 'JS heap', unit: 'bytes', read: (s) => s.counters.jsHeapUsedSize },
];

/** Columns as uPlot takes them: times in seconds (uPlot's time unit), then one column per series. */
export type Columns = [times: number[], ...values: (number | null)[][]];

/**
 * A capped, columnar store of samples.
 *
 * @example
 * const store = new SeriesStore();
 * store.append(sample);
 * chart.setData(store.columns); // and show x from store.time(0) on
 * store.latest('listeners'); // 88
 */
export class SeriesStore {
  /** The backing columns; the shown window is the rows from `start` on. */
  readonly columns: Columns;
  private first = 0;
  private readonly index = new Map<SeriesKey, number>();
  /** Rows moved while dropping old ones, over the store's life (for the tests of the amortised cost). */
  moved = 0;

  constructor(
    readonly defs: readonly SeriesDef[] = SERIES,
    readonly capacity: number = MAX_POINTS,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
    this.columns = [[], ...defs.map(() => [])];
    defs.forEach((d, i) => this.index.set(d.key, i + 1));
  }

  /** Index in `columns` of the window's first row. */
  get start(): number {
    return this.first;
  }

  /** Samples in the window (at most `capacity`). */
  get length(): number {
    return this.columns[0].length - this.first;
  }

  /** Appends a sample; amortised O(1) per sample (see the module comment). */
  append(sample: LiveSample): void {
    const [times, ...values] = this.columns;
    times.push(sample.time / 1000);
    this.defs.forEach((d, i) => values[i]!.push(d.read(sample) ?? null));
    if (times.length - this.first > this.capacity) this.first++;
    if (times.length >= 2 * this.capacity) {
      for (const column of this.columns) column.splice(0, this.first);
      this.moved += times.length;
      this.first = 0;
    }
  }

  /** Time of the i-th sample of the window, in ms. */
  time(i: number): number | undefined {
    const t = this.columns[0][this.first + i];
    return t === undefined ? undefined : t * 1000;
  }

  /** Time of the window's last sample, in ms. */
  lastTime(): number | undefined {
    return this.length === 0 ? undefined : this.time(this.length - 1);
  }

  /** The i-th value of the window (negative: from the end); undefined for a gap. */
  value(key: SeriesKey, i: number): number | undefined {
    const at = i < 0 ? this.columns[0].length + i : this.first + i;
    if (at < this.first) return undefined;
    return this.columns[this.index.get(key)!]![at] ?? undefined;
  }

  latest(key: SeriesKey): number | undefined {
    return this.value(key, -1);
  }

  /** The value in the last sample of the window taken strictly before `time` (ms); binary search. */
  before(key: SeriesKey, time: number): number | undefined {
    const times = this.columns[0];
    const t = time / 1000;
    let lo = this.first;
    let hi = times.length; // first index with times[i] >= t
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.first ? undefined : this.value(key, lo - 1 - this.first);
  }
}

/**
 * How close (ms) an `epoch` marker must be to a navigation the browser reported, to the same URL, to be that
 * navigation seen again. A sample finds the page's epoch moved up to a second after the browser reported it
 * (longer on a busy page), so every SPA route change would otherwise show twice.
 */
const SAME_NAVIGATION_MS = 5000;

/**
 * The navigations to mark on the timeline, in time order: the browser's reports, and the epoch changes that no
 * report explains (a panel that missed the browser's event).
 *
 * @example
 * navigationMarkers([{ time: 1000, kind: 'history', url: '/a' }, { time: 1800, kind: 'epoch', url: '/a' }]); // the first only
 */
export function navigationMarkers(markers: readonly Marker[]): Marker[] {
  const reported = markers.filter((m) => m.kind !== 'epoch');
  const unexplained = (m: Marker) => !reported.some((r) => r.url === m.url && Math.abs(r.time - m.time) <= SAME_NAVIGATION_MS);
  return markers.filter((m) => m.kind !== 'epoch' || unexplained(m)).sort((a, b) => a.time - b.time);
}

export interface LiveSeriesState {
  /** Changes whenever samples were appended (the store is mutated in place). */
  version: number;
  /** Samples in the store's window. */
  points: number;
  markers: readonly Marker[];
}

/** What LiveSeries reads from a DebuggerSession. */
export type SampleSource = ReadableStore<Pick<DebuggerState, 'samples' | 'markers'>>;

/**
 * The session's samples as series, kept up to date: only the samples newer than the last one appended are
 * read on each change of the session.
 *
 * @example
 * const live = new LiveSeries(session);
 * const disconnect = live.connect(); // in an effect
 * live.store.latest('heap');
 */
export class LiveSeries extends Store<LiveSeriesState> {
  readonly store: SeriesStore;
  private sourceMarkers: readonly Marker[] | undefined;

  constructor(
    private readonly source: SampleSource,
    capacity: number = MAX_POINTS,
  ) {
    super({ version: 0, points: 0, markers: [] });
    this.store = new SeriesStore(SERIES, capacity);
  }

  /** Follows the source until the returned disposer is called; can be called again after that. */
  connect(): () => void {
    this.sync();
    return this.source.subscribe(() => this.sync());
  }

  /** Appends the source's new samples and takes its markers. */
  sync(): void {
    const { samples, markers } = this.source.state;
    const last = this.store.lastTime() ?? -Infinity;
    let from = samples.length;
    while (from > 0 && samples[from - 1]!.time > last) from--;
    for (let i = from; i < samples.length; i++) this.store.append(samples[i]!);
    const appended = samples.length - from;
    const markersChanged = markers !== this.sourceMarkers;
    if (appended === 0 && !markersChanged) return;
    this.sourceMarkers = markers;
    this.set({
      version: this.current.version + (appended > 0 ? 1 : 0),
      points: this.store.length,
      markers: markersChanged ? navigationMarkers(markers) : this.current.markers,
    });
  }
}

/**
 * A snapshot's counts in the terms of the series, for the cards' "since baseline": groups summed per kind, the
 * detached roots' nodes, the JS heap. A snapshot is taken after a garbage collection and samples are not, so
 * garbage not yet collected shows as a little growth.
 *
 * @example
 * baselineValues(snapshot).listeners; // 12
 */
export function baselineValues(snapshot: Snapshot): Record<SeriesKey, number> {
  const sum = (kind: GroupKind, field: 'count' | 'bytes' = 'count') =>
    snapshot.groups.reduce((n, g) => (g.kind === kind ? n + (g[field] ?? 0) : n), 0);
  return {
    detached: snapshot.detached.reduce((n, d) => n + d.nodeCount, 0),
    listeners: sum('listener'),
    connections: sum('websocket'),
    workers: sum('worker'),
    channels: sum('message-port'),
    images: sum('image'),
    imageBytes: sum('image', 'bytes'),
    objectUrls: sum('object-url'),
    observers: sum('observer'),
    timers: sum('timer'),
    heap: snapshot.counters.jsHeapUsedSize,
  };
}
