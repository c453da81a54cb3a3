/**
 * The page-side registry of live resources: every tracker (listeners, connections, workers, images, observers, timers)
 * records here what the page created and has not released, grouped by what is alike (kind, type, target, creation
 * stack), with the navigation epoch each was created in.
 *
 * Rules every tracker follows, so that the registry never keeps a page object alive:
 * - A {@link Resource} and its closures hold page objects only through WeakRef.
 * - A resource is tracked while it is *active* (listening, open, observing, scheduled, not revoked) and untracked
 *   as soon as it is not; a resource whose object is garbage-collected is untracked by the FinalizationRegistry.
 */
import type { GroupKind } from '../../shared/kinds.ts';
import { normalizeTargetForSignature } from '../../shared/signature.ts';
import type { Health } from './health.ts';
import { FinalizationRegistryCtor, now, registerFinalizer, SafeMap, SafeSet, unregisterFinalizer } from './intrinsics.ts';
import type { StackId, Stacks } from './stacks.ts';

export type { GroupKind };

/** A set of alike resources. Interned: one object per (kind, type, target, stack). */
export interface Group {
  readonly kind: GroupKind;
  readonly type: string;
  readonly target: string;
  readonly stack: StackId;
  /** Resources of this group tracked right now. */
  live: number;
}

export interface Resource {
  readonly group: Group;
  /** The navigation epoch it was created in. */
  readonly epoch: number;
  /** A one-line description for samples ("onResize on window", "wss://api.test/live"). */
  describe?(): string;
  /** Its state now ("open", "observing 2 targets, 1 detached"). */
  state?(): string | undefined;
  /** Bytes it holds now, where known. */
  bytes?(): number | undefined;
  /** The DOM nodes it is attached to now (observed targets), for detached-DOM attribution. */
  targets?(): readonly object[];
  /**
   * For resources tracked without an object to watch: false once what they belong to was garbage-collected; for
   * connections, false once the browser closed them (a second check besides their events). Checked by
   * {@link Registry.prune}.
   */
  alive?(): boolean;
  /**
   * How many of the page's resources this one stands for, when more than one (zone.js registers one native
   * listener for all the app's listeners of a type on a target). Default 1.
   */
  weight?(): number;
}

/** Most resources tracked at once; beyond this new ones are counted in `health.dropped` and not tracked. */
export const MAX_RESOURCES = 1_000_000;
/** Most distinct groups; beyond this a resource joins its kind's overflow group (health: `droppedGroups`). */
export const MAX_GROUPS = 50_000;
const MAX_SAFE_INTEGER = 2 ** 53 - 1;

export interface Registry {
  group(kind: GroupKind, type: string, target: string, stack: StackId): Group;
  /** Tracks `resource`; with `object`, untracks it by itself when `object` is garbage-collected. */
  track(resource: Resource, object?: object): boolean;
  /** Untracks a resource (released by the page). Idempotent. */
  untrack(resource: Resource): void;
  isTracked(resource: Resource): boolean;
  /**
   * Untracks resources whose `alive()` says their object was collected. Called before counts are read; at most
   * once per `minIntervalMs` (0: now).
   */
  prune(minIntervalMs: number): void;
  /** Tracked resources per kind, kept up to date cheaply for the live counters. */
  countsByKind(): Readonly<Record<GroupKind, number>>;
  /** Every tracked resource; for read-out only (walk it with `forEach`: never the page's iterators). */
  resources(): { forEach(fn: (resource: Resource) => void): void; readonly size: number };
  /** Bytes held now by the tracked resources of `kind` that know their size (images, bitmaps, blobs). */
  bytesOf(kind: GroupKind): number;
  readonly stacks: Stacks;
}

/**
 * @param onPruned called after a prune removed many resources (their owners' lookup tables can shrink now).
 */
export function createRegistry(
  realm: typeof globalThis,
  stacks: Stacks,
  health: Health,
  onChange: () => void,
  onPruned: (removed: number) => void = () => undefined,
): Registry {
  const groups = new SafeMap<string, Group>();
  /** The same, by the target as given: most calls find their group here without normalizing the target. */
  const byRaw = new SafeMap<string, Group>();
  const tracked = new SafeSet<Resource>();
  /** The tracked resources that can tell their size: few, so the live counters can sum them cheaply. */
  const sized = new SafeSet<Resource>();
  const counts: Record<GroupKind, number> = {
    listener: 0,
    websocket: 0,
    worker: 0,
    'message-port': 0,
    image: 0,
    'object-url': 0,
    observer: 0,
    timer: 0,
    document: 0,
  };
  const collected = new FinalizationRegistryCtor<Resource>((resource) => untrack(resource));

  function untrack(resource: Resource) {
    if (!tracked.delete(resource)) return;
    sized.delete(resource);
    resource.group.live--;
    counts[resource.group.kind]--;
    unregisterFinalizer(collected, resource);
    onChange();
  }

  let lastPrune = -Infinity;

  return {
    stacks,
    prune(minIntervalMs) {
      const t = now();
      if (t - lastPrune < minIntervalMs) return;
      lastPrune = t;
      let removed = 0;
      // Deleting the visited entry while a Set's forEach runs is allowed: it visits every other entry once.
      tracked.forEach((resource) => {
        if (resource.alive && !resource.alive()) {
          untrack(resource);
          removed++;
        }
      });
      if (removed > 0) onPruned(removed);
    },
    group(kind, type, target, stack) {
      const raw = `${kind}\u0000${type}\u0000${target}\u0000${stack}`;
      const seen = byRaw.get(raw);
      if (seen) return seen;
      if (byRaw.size >= MAX_GROUPS) byRaw.clear();
      // Targets that differ only in numbers (`/img/41.png`, `li#row-42`) are one group, as in the signature:
      // otherwise an endless gallery would fill the group table.
      const key = `${kind}\u0000${type}\u0000${normalizeTargetForSignature(target)}\u0000${stack}`;
      let group = groups.get(key);
      if (!group) {
        if (groups.size >= MAX_GROUPS) {
          // A full table: the kind's overflow group, made on first need (at most one per kind past the limit).
          health.droppedGroups++;
          const other = `${kind}\u0000(other)\u0000(other)\u00000`;
          group = groups.get(other);
          if (!group) groups.set(other, (group = { kind, type: '(other)', target: '(other)', stack: 0, live: 0 }));
        } else {
          group = { kind, type, target, stack, live: 0 };
          groups.set(key, group);
        }
      }
      byRaw.set(raw, group);
      return group;
    },
    track(resource, object) {
      if (tracked.has(resource)) return true;
      if (tracked.size >= MAX_RESOURCES) {
        health.dropped++;
        return false;
      }
      tracked.add(resource);
      if (resource.bytes) sized.add(resource);
      resource.group.live++;
      counts[resource.group.kind]++;
      // The resource is the held value and the unregister token: it must not reference `object`.
      if (object) registerFinalizer(collected, object, resource, resource);
      onChange();
      return true;
    },
    untrack,
    isTracked: (resource) => tracked.has(resource),
    countsByKind: () => counts,
    resources: () => tracked,
    bytesOf(kind) {
      let sum = 0;
      sized.forEach((resource) => {
        if (resource.group.kind !== kind) return;
        const n = resource.bytes!();
        if (n !== undefined && n > 0 && n < MAX_SAFE_INTEGER) sum += n;
      });
      return sum;
    },
  };
}
