/**
 * A small builder for synthetic snapshots, for tests (here and in the panel, collector and CLI tests).
 * Every snapshot it builds is validated against {@link SnapshotSchema}, so a test cannot silently use a
 * snapshot the real parser would refuse.
 *
 * @example
 * const snapshots = series(5, (b, i) => {
 *   b.group({ kind: 'listener', type: 'resize', target: 'window', count: i, createdIn: perIteration(i, 1) });
 *   b.counters({ jsHeapUsedSize: 10_000_000 + i * 1000 });
 * });
 * const report = analyzeSeries(snapshots);
 */
import type { GroupKind } from '../../shared/kinds.ts';
import { detachedRootSignature, makeSignature } from '../../shared/signature.ts';
import {
  SNAPSHOT_SCHEMA_ID,
  SnapshotSchema,
  type Counters,
  type DetachedRoot,
  type EpochCount,
  type Group,
  type Health,
  type Navigation,
  type Sample,
  type Snapshot,
  type SnapshotMeta,
  type StackFrame,
} from '../snapshot/schema.ts';

/** The app URL synthetic snapshots use. */
export const TEST_ORIGIN = 'https://app.test';

/**
 * A stack frame; `url` is resolved against {@link TEST_ORIGIN} when relative.
 *
 * @example
 * frame('mount', '/src/widget.js', 12, 7);
 */
export function frame(functionName: string, url: string, line: number, column: number): StackFrame {
  return { functionName, url: url.startsWith('/') ? `${TEST_ORIGIN}${url}` : url, line, column };
}

/** The navigation epoch synthetic snapshots carry after `iteration` cycles: two navigations (go, back) per cycle. */
export function epochOfSnapshot(iteration: number): number {
  return iteration * 2;
}

/** The epoch in which resources created during `iteration` are stamped (0 for the baseline). */
export function epochOfIteration(iteration: number): number {
  return iteration === 0 ? 0 : iteration * 2 - 1;
}

/**
 * `createdIn` for a group leaking `rate` resources in each of iterations 1..`iteration`.
 *
 * @example
 * perIteration(3, 1); // { 1: 1, 2: 1, 3: 1 }
 */
export function perIteration(iteration: number, rate: number): Record<number, number> {
  const out: Record<number, number> = {};
  for (let i = 1; i <= iteration; i++) out[i] = rate;
  return out;
}

const DEFAULT_TYPE: Record<GroupKind, string> = {
  listener: 'resize',
  websocket: 'WebSocket',
  worker: 'Worker',
  'message-port': 'MessageChannel',
  image: 'HTMLImageElement',
  'object-url': 'Blob',
  observer: 'ResizeObserver',
  timer: 'setInterval',
  document: 'iframe',
};

/** What {@link SnapshotBuilder.group} needs; everything but `count` (or `createdIn`) has a default. */
export interface GroupSpec {
  kind?: GroupKind;
  type?: string;
  target?: string;
  /** Defaults to the sum of `createdIn`, else 1. */
  count?: number;
  bytes?: number;
  stack?: StackFrame[];
  /** Live resources by the iteration they were created in (0 = before the baseline); fills `epochs`. */
  createdIn?: Record<number, number>;
  /** Explicit epochs; default: from `createdIn`, else none (unknown). */
  epochs?: EpochCount[];
  samples?: Sample[];
  /** Default: {@link makeSignature} of kind, type, target and stack. */
  signature?: string;
}

/** What {@link SnapshotBuilder.detached} needs; all optional. */
export interface DetachedSpec {
  tag?: string;
  id?: string;
  classes?: string[];
  nodeCount?: number;
  bytes?: number;
  /** Iteration the root was created in; fills `epoch`. */
  createdIn?: number;
  listeners?: DetachedRoot['attribution']['listeners'];
  observers?: DetachedRoot['attribution']['observers'];
  removedBy?: StackFrame[];
  signature?: string;
}

/** Builds one snapshot. Methods return the builder; {@link SnapshotBuilder.build} validates. */
export class SnapshotBuilder {
  private readonly metaValue: SnapshotMeta;
  private countersValue: Counters = {
    nodes: 1000,
    jsEventListeners: 50,
    documents: 1,
    frames: 1,
    jsHeapUsedSize: 10_000_000,
    jsHeapTotalSize: 16_000_000,
  };
  private readonly groups: Group[] = [];
  private readonly roots: DetachedRoot[] = [];
  private readonly navigations: Navigation[] = [];
  private healthValue: Health = {
    instrumented: true,
    patched: ['EventTarget.prototype.addEventListener'],
    tracked: 0,
    dropped: 0,
    wrapperErrors: 0,
    warnings: [],
  };

  /** @param iteration completed cycles (0 = baseline); sets `meta.iteration`, `meta.epoch`, `meta.label`, `meta.time`. */
  constructor(readonly iteration = 0) {
    this.metaValue = {
      url: `${TEST_ORIGIN}/`,
      title: 'Test app',
      time: new Date(Date.UTC(2025, 0, 1, 0, iteration)).toISOString(),
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0',
      leakscopeVersion: '0.1.0',
      epoch: epochOfSnapshot(iteration),
      label: iteration === 0 ? 'baseline' : `iteration ${iteration}`,
      iteration,
    };
  }

  /** Overrides meta fields; `{ iteration: undefined }` removes the iteration number. */
  meta(patch: Partial<SnapshotMeta>): this {
    Object.assign(this.metaValue, patch);
    if ('iteration' in patch && patch.iteration === undefined) delete this.metaValue.iteration;
    return this;
  }

  counters(patch: Partial<Counters>): this {
    this.countersValue = { ...this.countersValue, ...patch };
    return this;
  }

  health(patch: Partial<Health>): this {
    this.healthValue = { ...this.healthValue, ...patch };
    return this;
  }

  /** Adds a group of live resources. A group with count 0 is not added (as a collector would not write it). */
  group(spec: GroupSpec): this {
    const kind = spec.kind ?? 'listener';
    const type = spec.type ?? DEFAULT_TYPE[kind];
    const target = spec.target ?? (kind === 'listener' ? 'window' : '');
    const stack = spec.stack ?? [frame('mount', '/src/widget.js', 12, 7), frame('render', '/src/app.js', 40, 3)];
    const createdIn = Object.entries(spec.createdIn ?? {}).filter(([, n]) => n > 0);
    const epochs = spec.epochs ?? createdIn.map(([it, n]) => ({ epoch: epochOfIteration(Number(it)), count: n }));
    const count = spec.count ?? (spec.createdIn ? createdIn.reduce((a, [, n]) => a + n, 0) : 1);
    if (count === 0) return this;
    this.groups.push({
      kind,
      signature: spec.signature ?? makeSignature({ kind, type, target, stack }),
      type,
      target,
      count,
      ...(spec.bytes !== undefined ? { bytes: spec.bytes } : {}),
      epochs,
      samples: spec.samples ?? [{ description: `${type} on ${target || kind}`, state: 'active' }],
      stack,
    });
    return this;
  }

  /** Adds `times` detached roots alike (same signature). */
  detached(spec: DetachedSpec = {}, times = 1): this {
    const tag = spec.tag ?? 'div';
    const classes = spec.classes ?? ['modal'];
    const removedBy = spec.removedBy ?? [frame('close', '/src/modal.js', 30, 5)];
    for (let i = 0; i < times; i++) {
      this.roots.push({
        signature: spec.signature ?? detachedRootSignature({ tag, ...(spec.id !== undefined ? { id: spec.id } : {}), classes, removedBy }),
        tag,
        ...(spec.id !== undefined ? { id: spec.id } : {}),
        classes,
        nodeCount: spec.nodeCount ?? 25,
        ...(spec.bytes !== undefined ? { bytes: spec.bytes } : {}),
        ...(spec.createdIn !== undefined ? { epoch: epochOfIteration(spec.createdIn) } : {}),
        attribution: { listeners: spec.listeners ?? [], observers: spec.observers ?? [], removedBy },
      });
    }
    return this;
  }

  navigation(nav: Partial<Navigation> = {}): this {
    this.navigations.push({ epoch: this.navigations.length, url: `${TEST_ORIGIN}/`, time: this.metaValue.time, type: 'push', ...nav });
    return this;
  }

  /** The snapshot, validated. */
  build(): Snapshot {
    return SnapshotSchema.parse({
      schema: SNAPSHOT_SCHEMA_ID,
      meta: this.metaValue,
      counters: this.countersValue,
      groups: this.groups,
      detached: this.roots,
      navigations: this.navigations.length > 0 ? this.navigations : [{ epoch: 0, url: `${TEST_ORIGIN}/`, time: this.metaValue.time, type: 'load' }],
      health: { ...this.healthValue, tracked: this.healthValue.tracked || this.groups.reduce((a, g) => a + g.count, 0) },
    });
  }
}

/**
 * A snapshot builder.
 *
 * @example
 * const s = snapshot().group({ kind: 'timer', type: 'setInterval', count: 2 }).build();
 */
export function snapshot(iteration = 0): SnapshotBuilder {
  return new SnapshotBuilder(iteration);
}

/**
 * A series: the baseline (iteration 0) and one snapshot after each of `iterations` cycles. `each` fills every
 * snapshot; it gets the builder and the iteration number.
 *
 * @example
 * const leaky = series(5, (b, i) => b.group({ type: 'resize', createdIn: perIteration(i, 1) }));
 */
export function series(iterations: number, each: (builder: SnapshotBuilder, iteration: number) => void): Snapshot[] {
  const out: Snapshot[] = [];
  for (let i = 0; i <= iterations; i++) {
    const b = new SnapshotBuilder(i);
    each(b, i);
    out.push(b.build());
  }
  return out;
}

/**
 * A series where one group follows `counts` (one value per snapshot, baseline first) and nothing else changes.
 *
 * @example
 * const cache = seriesOfCounts([0, 1, 2, 3, 3, 3]);
 */
export function seriesOfCounts(counts: readonly number[], spec: Omit<GroupSpec, 'count' | 'createdIn'> = {}): Snapshot[] {
  return series(counts.length - 1, (b, i) => {
    b.group({ ...spec, count: counts[i] ?? 0 });
  });
}
