/**
 * A snapshot (and a report) cut into the rows of the panel's resource tables: one row per group, detached root or
 * leak, with the few derived values the columns sort by. Pure, so the numbers are tested without a browser.
 */
import type { GroupKind } from '../../../shared/kinds.ts';
import {
  type DetachedRoot,
  type EpochCount,
  formatFrame,
  type Group,
  type Leak,
  type Report,
  type Snapshot,
  type StackFrame,
} from '../../../core/index.ts';

/** The tables, in tab order; each name is also the tab's and table's test id (`tab-<name>`, `table-<name>`). */
export const TABLES = ['leaks', 'detached', 'listeners', 'connections', 'workers', 'images', 'observers', 'timers'] as const;
export type TableName = (typeof TABLES)[number];

/**
 * Which group kinds each group table lists. Object URLs are images the page holds by URL, so they sit with images;
 * message channels talk to workers and frames, so they sit with workers.
 */
export const TABLE_KINDS = {
  listeners: ['listener'],
  connections: ['websocket'],
  workers: ['worker', 'message-port'],
  images: ['image', 'object-url'],
  observers: ['observer'],
  timers: ['timer'],
} as const satisfies Record<string, readonly GroupKind[]>;
export type GroupTable = keyof typeof TABLE_KINDS;

export interface GroupRow {
  key: string;
  group: Group;
  /** The epoch the oldest live resource of the group was created in. */
  firstEpoch: number | undefined;
  /** Navigations since then: how long the oldest one has outlived the view that made it. */
  age: number | undefined;
  /** The first sample's state ("OPEN for 12 s, ...", "attached, 96×96", "observing"), where given. */
  state: string | undefined;
}

export interface DetachedRow {
  key: string;
  root: DetachedRoot;
  /** `div#app.card.wide`, as page-side targets are written. */
  element: string;
}

export interface LeakRow {
  key: string;
  leak: Leak;
  /** Beyond the budget (fails a check) or allowed by it. */
  status: 'leak' | 'within budget';
}

/** The epoch of the oldest live resource in `epochs`. */
export function firstEpoch(epochs: readonly EpochCount[]): number | undefined {
  let first: number | undefined;
  for (const e of epochs) if (e.count > 0 && (first === undefined || e.epoch < first)) first = e.epoch;
  return first;
}

/** `epoch 0: 1 · epoch 3: 2`, or a dash. */
export function epochsText(epochs: readonly EpochCount[]): string {
  return epochs.length === 0 ? '–' : epochs.map((e) => `epoch ${e.epoch}: ${e.count}`).join(' · ');
}

/** The rows of one group table. */
export function groupRows(snapshot: Snapshot, table: GroupTable): GroupRow[] {
  const kinds: readonly GroupKind[] = TABLE_KINDS[table];
  return snapshot.groups
    .filter((g) => kinds.includes(g.kind))
    .map((group, i) => {
      const first = firstEpoch(group.epochs);
      return {
        // Signatures are unique within a snapshot; the index guards against a hand-edited file that repeats one.
        key: `${group.signature}\u0000${i}`,
        group,
        firstEpoch: first,
        age: first === undefined ? undefined : Math.max(0, snapshot.meta.epoch - first),
        state: group.samples.find((s) => s.state !== undefined)?.state,
      };
    });
}

/** `div#app.card.wide`. */
export function elementText(root: Pick<DetachedRoot, 'tag' | 'id' | 'classes'>): string {
  return `${root.tag.toLowerCase()}${root.id ? `#${root.id}` : ''}${root.classes.map((c) => `.${c}`).join('')}`;
}

export function detachedRows(snapshot: Snapshot): DetachedRow[] {
  return snapshot.detached.map((root, i) => ({ key: `${root.signature}\u0000${i}`, root, element: elementText(root) }));
}

/** The leaks of a report, those beyond the budget first; none without a report. */
export function leakRows(report: Report | undefined): LeakRow[] {
  if (!report) return [];
  return [
    ...report.leaks.map((leak, i) => ({ key: `leak\u0000${leak.signature}\u0000${i}`, leak, status: 'leak' as const })),
    ...report.allowed.map((leak, i) => ({ key: `allowed\u0000${leak.signature}\u0000${i}`, leak, status: 'within budget' as const })),
  ];
}

/** Whether an image's state says it is in the document: `attached, 96×96` (see the page-side image tracker). */
export function imageAttached(state: string | undefined): boolean | undefined {
  if (state === undefined) return undefined;
  if (state.startsWith('attached')) return true;
  if (state.startsWith('detached')) return false;
  return undefined;
}

/** A stack as the filter sees it: every frame's text. */
export function stackText(stack: readonly StackFrame[]): string {
  return stack.map(formatFrame).join('\n');
}

/** The live resources per table, for the tab labels: resources for group tables, roots, leaks. */
export function tableCounts(snapshot: Snapshot, report: Report | undefined): Record<TableName, number> {
  const sum = (table: GroupTable) => groupRows(snapshot, table).reduce((n, r) => n + r.group.count, 0);
  return {
    leaks: report ? report.leaks.length + report.allowed.length : 0,
    detached: snapshot.detached.length,
    listeners: sum('listeners'),
    connections: sum('connections'),
    workers: sum('workers'),
    images: sum('images'),
    observers: sum('observers'),
    timers: sum('timers'),
  };
}
