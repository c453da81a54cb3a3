/**
 * The read-out: a JSON-serializable summary of the registry, grouped by signature, for the collector and the
 * panel. Building it allocates in proportion to the groups (bounded) and keeps nothing: every call starts afresh.
 */
import { makeSignature } from '../../shared/signature.ts';
import type { Attribution, ReadoutGroup, ReadoutSummary } from '../../shared/readout.ts';
import type { InstrumentContext } from './context.ts';
import type { Group, GroupKind, Resource } from './registry.ts';

export type { Attribution, ReadoutGroup, ReadoutSummary };

/** Samples per group in a summary. */
export const SAMPLES_PER_GROUP = 3;

interface Aggregate {
  group: Group;
  count: number;
  bytes: number | undefined;
  epochs: Map<number, number>;
  samples: Resource[];
}

/** @param counts live resources per kind, as the live counters report them. */
export function summarize(ctx: InstrumentContext, counts: Readonly<Record<GroupKind, number>>): ReadoutSummary {
  const { realm, registry, stacks, epochs, health } = ctx;
  const byGroup = new Map<Group, Aggregate>();
  let tracked = 0;
  for (const resource of registry.resources()) {
    tracked++;
    let agg = byGroup.get(resource.group);
    if (!agg) byGroup.set(resource.group, (agg = { group: resource.group, count: 0, bytes: undefined, epochs: new Map(), samples: [] }));
    const weight = safe(() => resource.weight?.()) ?? 1;
    agg.count += weight;
    agg.epochs.set(resource.epoch, (agg.epochs.get(resource.epoch) ?? 0) + weight);
    if (agg.samples.length < SAMPLES_PER_GROUP) agg.samples.push(resource);
    const bytes = safe(() => resource.bytes?.());
    if (bytes !== undefined) agg.bytes = (agg.bytes ?? 0) + bytes;
  }
  const groups: ReadoutGroup[] = [];
  for (const agg of byGroup.values()) {
    const { kind, type, target } = agg.group;
    const stack = stacks.frames(agg.group.stack);
    groups.push({
      kind,
      signature: makeSignature({ kind, type, target, stack }),
      type,
      target,
      count: agg.count,
      ...(agg.bytes !== undefined ? { bytes: agg.bytes } : {}),
      epochs: [...agg.epochs].sort((a, b) => a[0] - b[0]).map(([epoch, count]) => ({ epoch, count })),
      samples: agg.samples.map((r) => {
        const state = safe(() => r.state?.());
        return { description: safe(() => r.describe?.()) ?? type, ...(state !== undefined ? { state } : {}) };
      }),
      stack,
    });
  }
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
  if (all) for (let i = 0; i < all.length && nodes.length < MAX_SUBTREE_NODES; i++) nodes.push(all[i]!);

  const listeners: Attribution['listeners'] = [];
  for (const node of nodes) {
    for (const resource of sources.listenersOn(node)) {
      if (listeners.length >= MAX_ATTRIBUTIONS) break;
      listeners.push({ type: resource.group.type, target: resource.group.target, stack: stacks.frames(resource.group.stack) });
    }
  }
  const observers: Attribution['observers'] = [];
  const inSubtree = new Set<unknown>(nodes);
  for (const resource of registry.resources()) {
    if (observers.length >= MAX_ATTRIBUTIONS) break;
    if (resource.group.kind !== 'observer' || !resource.targets) continue;
    const targets = safe(() => resource.targets!()) ?? [];
    if (targets.some((t) => inSubtree.has(t))) observers.push({ type: resource.group.type, stack: stacks.frames(resource.group.stack) });
  }
  const removed = sources.removedBy(root);
  return { listeners, observers, ...(removed !== undefined ? { removedBy: stacks.frames(removed) } : {}) };
}
