/**
 * The read-out: a JSON-serializable summary of the registry, grouped by signature, for the collector and the
 * panel. Building it allocates in proportion to the groups (bounded) and keeps nothing: every call starts afresh.
 */
import { makeSignature } from '../../shared/signature.ts';
import type { Attribution, ReadoutGroup, ReadoutSummary } from '../../shared/readout.ts';
import type { InstrumentContext } from './context.ts';
import { append, mapOf, SafeMap, SafeSet, sortInPlace } from './intrinsics.ts';
import type { Group, GroupKind, Resource } from './registry.ts';

export type { Attribution, ReadoutGroup, ReadoutSummary };

/** Samples per group in a summary. */
export const SAMPLES_PER_GROUP = 3;

interface Aggregate {
  group: Group;
  count: number;
  bytes: number | undefined;
  epochs: SafeMap<number, number>;
  samples: Resource[];
}

/** @param counts live resources per kind, as the live counters report them. */
export function summarize(ctx: InstrumentContext, counts: Readonly<Record<GroupKind, number>>): ReadoutSummary {
  const { realm, registry, stacks, epochs, health } = ctx;
  const byGroup = new SafeMap<Group, Aggregate>();
  let tracked = 0;
  registry.resources().forEach((resource) => {
    tracked++;
    let agg = byGroup.get(resource.group);
    if (!agg) byGroup.set(resource.group, (agg = { group: resource.group, count: 0, bytes: undefined, epochs: new SafeMap(), samples: [] }));
    const weight = safe(() => resource.weight?.()) ?? 1;
    agg.count += weight;
    agg.epochs.set(resource.epoch, (agg.epochs.get(resource.epoch) ?? 0) + weight);
    if (agg.samples.length < SAMPLES_PER_GROUP) append(agg.samples, resource);
    const bytes = safe(() => resource.bytes?.());
    if (bytes !== undefined) agg.bytes = (agg.bytes ?? 0) + bytes;
  });
  const groups: ReadoutGroup[] = [];
  byGroup.forEach((agg) => {
    const { kind, type, target } = agg.group;
    const stack = stacks.frames(agg.group.stack);
    const epochCounts: ReadoutGroup['epochs'] = [];
    agg.epochs.forEach((count, epoch) => append(epochCounts, { epoch, count }));
    append(groups, {
      kind,
      signature: makeSignature({ kind, type, target, stack }),
      type,
      target,
      count: agg.count,
      ...(agg.bytes !== undefined ? { bytes: agg.bytes } : {}),
      epochs: sortInPlace(epochCounts, (a, b) => a.epoch - b.epoch),
      samples: mapOf(agg.samples, (r) => {
        const state = safe(() => r.state?.());
        return { description: safe(() => r.describe?.()) ?? type, ...(state !== undefined ? { state } : {}) };
      }),
      stack,
    });
  });
  return {
    url: realm.location.href,
    title: safe(() => realm.document.title) ?? '',
    epoch: epochs.current(),
    navigations: epochs.log(),
    groups,
    counts,
    health: {
      errors: health.errors,
      droppedStacks: health.droppedStacks,
      dropped: health.dropped,
      droppedGroups: health.droppedGroups,
      tracked,
      stacks: stacks.size(),
      patched: health.patched,
      impaired: health.impaired,
    },
  };
}

/** Page strings and getters can throw; a summary must still come out. */
function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Nodes of a subtree looked at, at most; attributions listed, at most. */
export const MAX_SUBTREE_NODES = 20_000;
export const MAX_ATTRIBUTIONS = 200;

export interface AttributionSources {
  listenersOn(target: object): readonly Resource[];
  removedBy(node: object): number | undefined;
}

/**
 * Attribution for `root`: listeners on it and in its subtree, observers observing it or a node inside it, and the
 * stack that removed it from the document, where recorded.
 */
export function attribute(ctx: InstrumentContext, sources: AttributionSources, root: unknown): Attribution | undefined {
  const { realm, registry, stacks } = ctx;
  if (!(root instanceof realm.Node)) return undefined;
  const nodes: Node[] = [root];
  const all = (root as Element).querySelectorAll?.('*');
  if (all) for (let i = 0; i < all.length && nodes.length < MAX_SUBTREE_NODES; i++) append(nodes, all[i]!);

  const listeners: Attribution['listeners'] = [];
  for (let i = 0; i < nodes.length; i++) {
    const onNode = sources.listenersOn(nodes[i]!);
    for (let j = 0; j < onNode.length; j++) {
      if (listeners.length >= MAX_ATTRIBUTIONS) break;
      const resource = onNode[j]!;
      append(listeners, { type: resource.group.type, target: resource.group.target, stack: stacks.frames(resource.group.stack) });
    }
  }
  const observers: Attribution['observers'] = [];
  const inSubtree = new SafeSet<unknown>();
  for (let i = 0; i < nodes.length; i++) inSubtree.add(nodes[i]);
  registry.resources().forEach((resource) => {
    // Past the cap the walk goes on (a Set's forEach cannot stop early) but does nothing.
    if (observers.length >= MAX_ATTRIBUTIONS) return;
    if (resource.group.kind !== 'observer' || !resource.targets) return;
    const targets = safe(() => resource.targets!()) ?? [];
    let observes = false;
    for (let i = 0; i < targets.length && !observes; i++) observes = inSubtree.has(targets[i]);
    if (observes) append(observers, { type: resource.group.type, stack: stacks.frames(resource.group.stack) });
  });
  const removed = sources.removedBy(root);
  return { listeners, observers, ...(removed !== undefined ? { removedBy: stacks.frames(removed) } : {}) };
}
