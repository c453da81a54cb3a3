/**
 * The report format `leakscope/report@1`: the one definition. TypeScript types are derived from it and
 * `schema/report.schema.json` is generated from it. Same compatibility policy as snapshots: unknown fields are
 * ignored, known fields must be right, breaking changes bump the number.
 */
import * as z from 'zod';
import { BudgetSchema } from '../budget/schema.ts';
import { SnapshotDiffSchema, SnapshotRefSchema } from '../diff/schema.ts';
import { COUNTER_NAMES, RESOURCE_KINDS } from '../../shared/kinds.ts';
import { LIMITS } from '../limits.ts';
import { DetachedRootSchema, SampleSchema, StackSchema } from '../snapshot/schema.ts';

/**
 * The value of `schema` in every report this version reads and writes.
 *
 * @example
 * if (json.schema === REPORT_SCHEMA_ID) showReport(parseReport(text, name));
 */
export const REPORT_SCHEMA_ID = 'leakscope/report@1';

const amount = () => z.number().min(-LIMITS.maxBytes).max(LIMITS.maxBytes);

/** One leak: something that grows with the iterations. */
export const LeakSchema = z
  .object({
    kind: z.enum(RESOURCE_KINDS),
    signature: z.string().min(1).max(LIMITS.maxSignature),
    type: z.string().max(LIMITS.maxLabel),
    target: z.string().max(LIMITS.maxText),
    values: z
      .array(z.number().int().min(0).max(LIMITS.maxBytes))
      .max(LIMITS.maxSnapshots)
      .meta({ description: 'Live resources in each snapshot (bytes for heap), baseline first.' }),
    perIteration: amount().meta({ description: 'Average growth per iteration (bytes for heap).' }),
    total: amount().meta({ description: 'Growth from the first snapshot to the last (bytes for heap).' }),
    bytes: amount().optional().meta({ description: 'Bytes the leak added from the first snapshot to the last, where known.' }),
    sample: SampleSchema.optional(),
    stack: StackSchema.meta({ description: 'Creation stack, innermost first.' }),
    detached: DetachedRootSchema.optional().meta({ description: 'For detached-dom: one of the roots, with its attribution.' }),
    rule: z.string().max(LIMITS.maxLabel).meta({ description: 'The rule that decided (src/core/rules).' }),
    reason: z.string().max(LIMITS.maxText),
    fix: z.string().max(LIMITS.maxText).meta({ description: 'Suggested fix drawn from the pattern.' }),
  })
  .meta({ id: 'Leak' });

/** A page-wide counter across the snapshots, for context. */
export const CounterSeriesSchema = z
  .object({
    name: z.enum(COUNTER_NAMES),
    values: z.array(z.number().int().min(0).max(LIMITS.maxBytes)).max(LIMITS.maxSnapshots),
  })
  .meta({ id: 'CounterSeries' });

/**
 * A report: the leaks found in a series of snapshots (or a pair), and the diff of its first and last snapshot.
 *
 * @example
 * const report = analyzeSeries(snapshots);
 * if (report.verdict === 'leaks') process.exitCode = 1;
 */
export const ReportSchema = z
  .object({
    schema: z.literal(REPORT_SCHEMA_ID),
    leakscopeVersion: z.string().max(LIMITS.maxLabel),
    mode: z.enum(['series', 'pair']).meta({ description: 'series: baseline + one snapshot per iteration; pair: leakscope diff A B.' }),
    verdict: z.enum(['clean', 'leaks', 'within-budget', 'unreliable']).meta({
      description:
        'clean: no leak; leaks: leaks beyond the budget; within-budget: leaks, all within the budget; unreliable: no leak beyond the budget was found, but the page could not be watched reliably (see `unreliable`), so "clean" cannot be said.',
    }),
    unreliable: z
      .array(z.string().max(LIMITS.maxText))
      .max(LIMITS.maxWarnings)
      .optional()
      .meta({ description: 'Why the page could not be watched reliably, one line each (with the verdict "unreliable").' }),
    iterations: z.number().int().min(1).max(LIMITS.maxCount),
    snapshots: z.array(SnapshotRefSchema).min(2).max(LIMITS.maxSnapshots),
    budget: BudgetSchema,
    leaks: z.array(LeakSchema).max(LIMITS.maxLeaks).meta({ description: 'Leaks beyond the budget: these fail the check.' }),
    allowed: z.array(LeakSchema).max(LIMITS.maxLeaks).meta({ description: 'Leaks within the budget.' }),
    counters: z.array(CounterSeriesSchema).max(COUNTER_NAMES.length),
    notes: z.array(z.string().max(LIMITS.maxText)).max(LIMITS.maxWarnings),
    diff: SnapshotDiffSchema,
  })
  .meta({ title: 'Leakscope report', description: 'Leaks found across snapshots (leakscope/report@1).' });

export type Report = z.infer<typeof ReportSchema>;
export type Leak = z.infer<typeof LeakSchema>;
export type CounterSeries = z.infer<typeof CounterSeriesSchema>;
export type Verdict = Report['verdict'];
