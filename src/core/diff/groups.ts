/**
 * A snapshot's groups by kind and signature, with `detached-dom` groups derived from the detached roots
 * (one group per root signature: count = roots, bytes = sum of known sizes).
 */
import { RESOURCE_KINDS, kindOrder, type ResourceKind } from '../../shared/kinds.ts';
import { LIMITS } from '../limits.ts';
import { describeElement } from '../../shared/signature.ts';
import type { DetachedRoot, EpochCount, Group, Snapshot } from '../snapshot/schema.ts';

/** A group of any kind; `detached-dom` groups keep the roots they were made from. */
export interface ResourceGroup extends Omit<Group, 'kind'> {
  kind: ResourceKind;
  /** For `detached-dom`: the roots of this signature. */
  roots?: DetachedRoot[];
}

/** Sort order for groups and diff entries: kind order, then signature by code units (locale-independent). */
export function compareGroups(a: { kind: ResourceKind; signature: string }, b: { kind: ResourceKind; signature: string }): number {
  const k = kindOrder(a.kind) - kindOrder(b.kind);
  if (k !== 0) return k;
  return compareSignatures(a.signature, b.signature);
}

/** Signatures compare by UTF-16 code units, the same on every machine and locale. */
export function compareSignatures(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeEpochs(a: readonly EpochCount[], b: readonly EpochCount[]): EpochCount[] {
  const byEpoch = new Map<number, number>();
  for (const e of [...a, ...b]) byEpoch.set(e.epoch, (byEpoch.get(e.epoch) ?? 0) + e.count);
  return [...byEpoch].sort((x, y) => x[0] - y[0]).map(([epoch, count]) => ({ epoch, count }));
}

/** Two groups with the same kind and signature (a producer may emit duplicates) become one new group. */
function merged(a: ResourceGroup, b: ResourceGroup): ResourceGroup {
  const bytes = a.bytes === undefined && b.bytes === undefined ? undefined : (a.bytes ?? 0) + (b.bytes ?? 0);
  const roots = a.roots || b.roots ? [...(a.roots ?? []), ...(b.roots ?? [])] : undefined;
  return {
    ...a,
    count: a.count + b.count,
    ...(bytes !== undefined ? { bytes } : {}),
    epochs: mergeEpochs(a.epochs, b.epochs),
    samples: [...a.samples, ...b.samples].slice(0, LIMITS.maxSamples),
    stack: a.stack.length > 0 ? a.stack : b.stack,
    ...(roots ? { roots } : {}),
  };
}

function detachedGroup(root: DetachedRoot): ResourceGroup {
  const target = describeElement(root);
  return {
    kind: 'detached-dom',
    signature: root.signature,
    type: root.tag.toLowerCase(),
    target,
    count: 1,
    ...(root.bytes !== undefined ? { bytes: root.bytes } : {}),
    epochs: root.epoch !== undefined ? [{ epoch: root.epoch, count: 1 }] : [],
    samples: [{ description: `${target} (${root.nodeCount} node${root.nodeCount === 1 ? '' : 's'})`, state: 'detached' }],
    // Detached roots have no creation stack; the stack that removed them is the source line to show.
    stack: root.attribution.removedBy ?? [],
    roots: [root],
  };
}

/**
 * A snapshot's groups by kind, then signature. Signatures are the keys as they are (no concatenated key strings),
 * which keeps a 100,000-group index small. Build one with {@link indexGroups}.
 *
 * @example
 * const index = indexGroups(snapshot);
 * for (const [signature, group] of index.ofKind('timer')) console.log(signature, group.count);
 */
export class GroupIndex {
  private readonly byKind = new Map<ResourceKind, Map<string, ResourceGroup>>();

  /** The group of that kind and signature, if the snapshot has it. */
  get(kind: ResourceKind, signature: string): ResourceGroup | undefined {
    return this.byKind.get(kind)?.get(signature);
  }

  /** The groups of one kind, by signature. */
  ofKind(kind: ResourceKind): ReadonlyMap<string, ResourceGroup> {
    return this.byKind.get(kind) ?? new Map<string, ResourceGroup>();
  }

  /** Every group, kinds in {@link RESOURCE_KINDS} order. */
  *groups(): IterableIterator<ResourceGroup> {
    for (const kind of RESOURCE_KINDS) yield* this.ofKind(kind).values();
  }

  get size(): number {
    let n = 0;
    for (const m of this.byKind.values()) n += m.size;
    return n;
  }

  /** Adds a group; a second group with the same kind and signature is merged into the first. */
  add(group: ResourceGroup): void {
    let bySignature = this.byKind.get(group.kind);
    if (!bySignature) {
      bySignature = new Map();
      this.byKind.set(group.kind, bySignature);
    }
    const existing = bySignature.get(group.signature);
    bySignature.set(group.signature, existing ? merged(existing, group) : group);
  }
}

/**
 * Indexes a snapshot's groups by kind and signature. Duplicate signatures are merged (counts and bytes added) into
 * new objects; the snapshot is never changed, and unmerged groups are the snapshot's own objects.
 *
 * @example
 * const groups = indexGroups(snapshot);
 * groups.get('listener', signature)?.count;
 */
export function indexGroups(snapshot: Snapshot): GroupIndex {
  const index = new GroupIndex();
  for (const g of snapshot.groups) index.add(g);
  for (const root of snapshot.detached) index.add(detachedGroup(root));
  return index;
}
