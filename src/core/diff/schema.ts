/**
 * The shape of a diff between two snapshots, as embedded in reports (`leakscope/report@1`, field `diff`).
 */
import * as z from 'zod';
import { COUNTER_NAMES, RESOURCE_KINDS } from '../../shared/kinds.ts';
import { LIMITS } from '../limits.ts';
import { StackFrameSchema } from '../snapshot/schema.ts';

const count = () => z.number().int().min(0).max(LIMITS.maxCount);
const bytes = () => z.number().int().min(0).max(LIMITS.maxBytes);

/** How a group changed from one snapshot to the other. */
export const CHANGES = ['appeared', 'disappeared', 'grew', 'shrank'] as const;
export type Change = (typeof CHANGES)[number];

/** Which snapshot a diff or report talks about. */
export const SnapshotRefSchema = z
  .object({
    label: z.string().max(LIMITS.maxLabel),
    url: z.string().max(LIMITS.maxUrl),
    time: z.iso.datetime({ offset: true }),
    epoch: z.number().int().min(0).max(LIMITS.maxCount),
    iteration: z.number().int().min(0).max(LIMITS.maxCount).optional(),
  })
  .meta({ id: 'SnapshotRef' });

/** One group that changed. Counts are live resources; a group missing from a snapshot counts 0 there. */
export const DiffEntrySchema = z
  .object({
    kind: z.enum(RESOURCE_KINDS),
    signature: z.string().min(1).max(LIMITS.maxSignature),
    type: z.string().max(LIMITS.maxLabel),
    target: z.string().max(LIMITS.maxText),
    change: z.enum(CHANGES),
    before: count(),
    after: count(),
    bytesBefore: bytes().optional(),
    bytesAfter: bytes().optional(),
    frame: StackFrameSchema.optional().meta({ description: 'Top frame of the creation stack, where known.' }),
  })
  .meta({ id: 'DiffEntry' });

/** A page-wide counter before and after. */
export const CounterDeltaSchema = z
  .object({
    name: z.enum(COUNTER_NAMES),
    before: z.number().int().min(0).max(LIMITS.maxBytes),
    after: z.number().int().min(0).max(LIMITS.maxBytes),
    delta: z.number().int().min(-LIMITS.maxBytes).max(LIMITS.maxBytes),
  })
  .meta({ id: 'CounterDelta' });

/** What changed between two snapshots, per kind and signature, in a deterministic order. */
export const SnapshotDiffSchema = z
  .object({
    from: SnapshotRefSchema,
    to: SnapshotRefSchema,
    entries: z.array(DiffEntrySchema).max(LIMITS.maxGroups * 2),
    counters: z.array(CounterDeltaSchema).max(COUNTER_NAMES.length),
    summary: z.object({ appeared: count(), disappeared: count(), grew: count(), shrank: count() }),
  })
  .meta({ id: 'SnapshotDiff' });

export type SnapshotRef = z.infer<typeof SnapshotRefSchema>;
export type DiffEntry = z.infer<typeof DiffEntrySchema>;
export type CounterDelta = z.infer<typeof CounterDeltaSchema>;
export type SnapshotDiff = z.infer<typeof SnapshotDiffSchema>;
