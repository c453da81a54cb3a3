/**
 * The snapshot format `leakscope/snapshot@1`: the one definition. TypeScript types are derived from it and
 * `schema/snapshot.schema.json` is generated from it (`scripts/gen-schema.ts`).
 *
 * Compatibility policy: unknown fields, at any level, are ignored (and dropped when parsing), so a newer
 * producer may add fields without breaking older readers; known fields must have the right type and stay within
 * {@link LIMITS}. Removing or changing a field is a breaking change and bumps the number in `schema`.
 */
import * as z from 'zod';
import { GROUP_KINDS } from '../../shared/kinds.ts';
import { LIMITS } from '../limits.ts';

/**
 * The value of `schema` in every snapshot this version reads and writes.
 *
 * @example
 * const snapshot: Snapshot = { schema: SNAPSHOT_SCHEMA_ID, meta, counters, groups, detached: [], navigations, health };
 */
export const SNAPSHOT_SCHEMA_ID = 'leakscope/snapshot@1';

const text = (max: number = LIMITS.maxText) => z.string().max(max);
const count = () => z.number().int().min(0).max(LIMITS.maxCount);
const bytes = () => z.number().int().min(0).max(LIMITS.maxBytes);
const epoch = () =>
  z
    .number()
    .int()
    .min(0)
    .max(LIMITS.maxCount)
    .meta({ description: 'Navigation epoch: 0 for the first document, +1 on every navigation (full or SPA).' });
const position = () => z.number().int().min(0).max(LIMITS.maxPosition);
const isoTime = () => z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date-time.' });

/** A stack frame exactly as the browser gave it; shown as `functionName (url:line:column)`. */
export const StackFrameSchema = z
  .object({
    functionName: text().meta({ description: 'Function name; empty for anonymous functions.' }),
    url: text(LIMITS.maxUrl),
    line: position().meta({ description: '1-based line, as in Error.stack; 0 when the browser gave none.' }),
    column: position().meta({ description: '1-based column, as in Error.stack; 0 when the browser gave none.' }),
  })
  .meta({ id: 'StackFrame', description: 'A stack frame as the browser gave it.' });

/** A creation stack, innermost frame first. */
export const StackSchema = z.array(StackFrameSchema).max(LIMITS.maxStackFrames);

/** One example resource of a group. */
export const SampleSchema = z
  .object({
    description: text().meta({ description: 'What the resource is, e.g. "handler onResize on window" or "wss://api.test/live".' }),
    state: text(LIMITS.maxLabel).optional().meta({ description: 'e.g. "open", "connecting", "observing", "scheduled".' }),
  })
  .meta({ id: 'Sample' });

/** How many of a group's live resources were created in one navigation epoch. */
export const EpochCountSchema = z.object({ epoch: epoch(), count: count() }).meta({ id: 'EpochCount' });

/**
 * A group of alike live resources (same signature). `count` counts the resources still alive and active
 * (attached, open, observing, scheduled) when the snapshot was taken, after a garbage collection.
 */
export const GroupSchema = z
  .object({
    kind: z.enum(GROUP_KINDS),
    signature: z
      .string()
      .min(1)
      .max(LIMITS.maxSignature)
      .meta({ description: 'Groups alike resources: kind + type + target + top frames; stable across runs and reloads (see makeSignature).' }),
    type: text(LIMITS.maxLabel).meta({ description: 'e.g. "resize", "WebSocket", "EventSource", "MutationObserver", "setInterval".' }),
    target: text().meta({ description: 'What the resource is attached to, e.g. "window", "document", "div#app.card".' }),
    count: count(),
    bytes: bytes().optional().meta({ description: 'Bytes held by the group, where known.' }),
    epochs: z.array(EpochCountSchema).max(LIMITS.maxEpochEntries).meta({ description: 'Live resources per creation epoch.' }),
    samples: z.array(SampleSchema).max(LIMITS.maxSamples),
    stack: StackSchema.meta({ description: 'Creation stack of the group (of its first sample), innermost first.' }),
  })
  .meta({ id: 'Group' });

/** A listener attached to a detached root or inside its subtree. */
export const AttributedListenerSchema = z
  .object({ type: text(LIMITS.maxLabel), target: text(), stack: StackSchema })
  .meta({ id: 'AttributedListener' });

/** An observer still observing a detached root or a node inside it. */
export const AttributedObserverSchema = z.object({ type: text(LIMITS.maxLabel), stack: StackSchema }).meta({ id: 'AttributedObserver' });

/** The reference that keeps a detached root alive, named from a heap snapshot (src/collector/retainers.ts). */
export const KeptBySchema = z
  .object({
    path: text().meta({ description: 'The reference as code spells it: `renderedLists[0]`, `window.cache.views[2]`.' }),
    script: text(LIMITS.maxUrl).optional().meta({ description: 'The script whose scope holds the variable the path starts from.' }),
    node: text().optional().meta({ description: 'The node the path holds when it is inside the subtree, not its root: `<ul class="catalog">`.' }),
    closure: StackFrameSchema.optional().meta({ description: 'The one function that closes over that scope, when there is exactly one.' }),
  })
  .meta({ id: 'KeptBy' });

/** A DOM subtree removed from the document but still alive after garbage collection. */
export const DetachedRootSchema = z
  .object({
    signature: z.string().min(1).max(LIMITS.maxSignature).meta({ description: 'See detachedRootSignature.' }),
    tag: text(LIMITS.maxLabel),
    id: text(LIMITS.maxLabel).optional(),
    classes: z.array(text(LIMITS.maxLabel)).max(LIMITS.maxClasses),
    nodeCount: z.number().int().min(1).max(LIMITS.maxCount).meta({ description: 'Nodes in the detached subtree, root included.' }),
    bytes: bytes().optional().meta({ description: 'Retained size, where known.' }),
    epoch: epoch().optional().meta({ description: 'Epoch the root was created in, where known.' }),
    attribution: z.object({
      listeners: z.array(AttributedListenerSchema).max(LIMITS.maxAttributions),
      observers: z.array(AttributedObserverSchema).max(LIMITS.maxAttributions),
      removedBy: StackSchema.optional().meta({ description: 'The stack that removed the root from the document, when known.' }),
      keptBy: KeptBySchema.optional().meta({ description: 'What keeps the root alive, from a heap snapshot (reports of `--retainers` runs).' }),
    }),
  })
  .meta({ id: 'DetachedRoot' });

/** One navigation (full load or SPA route change); each one starts a new epoch. */
export const NavigationSchema = z
  .object({
    epoch: epoch(),
    url: text(LIMITS.maxUrl),
    time: isoTime(),
    type: text(LIMITS.maxLabel).optional().meta({ description: 'e.g. "load", "reload", "push", "replace", "pop", "hash".' }),
    label: text(LIMITS.maxLabel).optional(),
  })
  .meta({ id: 'Navigation' });

/** Where and when a snapshot was taken. */
export const SnapshotMetaSchema = z
  .object({
    url: text(LIMITS.maxUrl),
    title: text(),
    time: isoTime(),
    userAgent: text(),
    leakscopeVersion: text(LIMITS.maxLabel),
    epoch: epoch().meta({ description: 'The navigation epoch current when the snapshot was taken.' }),
    label: text(LIMITS.maxLabel).meta({ description: 'e.g. "baseline", "iteration 3", or a user label.' }),
    iteration: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.maxCount)
      .optional()
      .meta({ description: 'Completed iterations of the navigation cycle when the snapshot was taken (0 = baseline).' }),
  })
  .meta({ id: 'SnapshotMeta' });

/** Page-wide counters (Chrome's Performance.getMetrics), read after a garbage collection. */
export const CountersSchema = z
  .object({
    nodes: count(),
    jsEventListeners: count(),
    documents: count(),
    frames: count(),
    jsHeapUsedSize: bytes(),
    jsHeapTotalSize: bytes(),
  })
  .meta({ id: 'Counters' });

/** Why a frame's registry is not in a snapshot. */
export const NOT_COVERED_REASONS = [
  'cross-origin',
  'sandboxed',
  'data-url',
  'timeout',
  'no-instrumentation',
  'detached',
  'unreadable',
  'too-large',
  'too-many',
] as const;

/** Which of the page's frames the snapshot read the registry of. */
export const CoverageSchema = z
  .object({
    frames: count().meta({ description: "Frames of the page, the top frame included, as Chrome's frame tree listed them." }),
    covered: count().meta({ description: 'Frames whose registry is in the snapshot.' }),
    notCovered: z
      .array(
        z.object({
          url: text(LIMITS.maxUrl),
          reason: z.enum(NOT_COVERED_REASONS),
        }),
      )
      .max(LIMITS.maxWarnings * 10)
      .meta({ description: 'Frames whose registry is not in the snapshot, and why (the first ones, when there are many).' }),
  })
  .meta({ id: 'Coverage' });

/** How the page-side instrumentation fared: numbers that say how far to trust the groups. */
export const HealthSchema = z
  .object({
    instrumented: z.boolean().meta({ description: 'Whether the page-side registry was installed in time.' }),
    patched: z
      .array(text(LIMITS.maxLabel))
      .max(LIMITS.maxWarnings * 10)
      .meta({ description: 'Native APIs wrapped, e.g. "EventTarget.prototype.addEventListener".' }),
    tracked: count().meta({ description: 'Resources in the registry.' }),
    dropped: count().meta({ description: 'Resources not tracked because the registry was full.' }),
    droppedStacks: count().optional().meta({ description: 'Creation stacks not recorded because the stack table was full.' }),
    droppedGroups: count()
      .optional()
      .meta({ description: 'New groups not kept because the group table was full; their resources count in an "(other)" group of their kind.' }),
    wrapperErrors: count().meta({ description: 'Errors swallowed inside wrappers.' }),
    impaired: z
      .array(text())
      .max(LIMITS.maxWarnings)
      .optional()
      .meta({ description: 'Why the tracking cannot be trusted to be complete, one line each; any makes a clean verdict "unreliable".' }),
    warnings: z.array(text()).max(LIMITS.maxWarnings),
    coverage: CoverageSchema.optional(),
  })
  .meta({ id: 'Health' });

/**
 * A snapshot: what was alive in one page at one moment, after a garbage collection.
 *
 * @example
 * const snapshot = SnapshotSchema.parse(JSON.parse(text)); // prefer parseSnapshot(text, source) for user files
 */
export const SnapshotSchema = z
  .object({
    schema: z.literal(SNAPSHOT_SCHEMA_ID),
    meta: SnapshotMetaSchema,
    counters: CountersSchema,
    groups: z.array(GroupSchema).max(LIMITS.maxGroups),
    detached: z.array(DetachedRootSchema).max(LIMITS.maxDetachedRoots),
    navigations: z.array(NavigationSchema).max(LIMITS.maxNavigations),
    health: HealthSchema,
  })
  .meta({ title: 'Leakscope snapshot', description: 'What was alive in one page at one moment (leakscope/snapshot@1).' });

export type Snapshot = z.infer<typeof SnapshotSchema>;
export type StackFrame = z.infer<typeof StackFrameSchema>;
export type Sample = z.infer<typeof SampleSchema>;
export type EpochCount = z.infer<typeof EpochCountSchema>;
export type Group = z.infer<typeof GroupSchema>;
export type DetachedRoot = z.infer<typeof DetachedRootSchema>;
export type KeptBy = z.infer<typeof KeptBySchema>;
export type Navigation = z.infer<typeof NavigationSchema>;
export type SnapshotMeta = z.infer<typeof SnapshotMetaSchema>;
export type Counters = z.infer<typeof CountersSchema>;
export type Health = z.infer<typeof HealthSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;
export type NotCoveredReason = (typeof NOT_COVERED_REASONS)[number];
