/**
 * Leakscope core: the snapshot and report formats, the diff, the leak rules and the renderers. Pure TypeScript,
 * browser-safe (no DOM, no chrome, no Node): the panel bundles it, the collector, the Playwright API and the CLI
 * call it. Node-only file reading is in `src/node/`.
 */
export { RESOURCE_KINDS, GROUP_KINDS, COUNTER_NAMES, isResourceKind, type ResourceKind, type GroupKind, type CounterName } from '../shared/kinds.ts';
export { LIMITS, cut } from './limits.ts';
export { InvalidInputError, isInvalidInputError } from './errors.ts';
export { LEAKSCOPE_VERSION } from './version.ts';
export {
  makeSignature,
  detachedRootSignature,
  describeElement,
  normalizeUrlForSignature,
  normalizeTargetForSignature,
  SIGNATURE_FRAMES,
  type SignatureParts,
  type SignatureFrame,
} from '../shared/signature.ts';
export {
  SNAPSHOT_SCHEMA_ID,
  SnapshotSchema,
  GroupSchema,
  DetachedRootSchema,
  StackFrameSchema,
  type Snapshot,
  type SnapshotMeta,
  type Counters,
  type Group,
  type DetachedRoot,
  type StackFrame,
  type Sample,
  type EpochCount,
  type Navigation,
  type Health,
  type Coverage,
  type NotCoveredReason,
  type KeptBy,
} from './snapshot/schema.ts';
export { parseSnapshot, validateSnapshot } from './snapshot/parse.ts';
export { REPORT_SCHEMA_ID, ReportSchema, LeakSchema, type Report, type Leak, type CounterSeries, type Verdict } from './report/schema.ts';
export { parseReport } from './report/parse.ts';
export { suggestFix } from './report/fixes.ts';
export { SnapshotDiffSchema, CHANGES, type SnapshotDiff, type DiffEntry, type CounterDelta, type SnapshotRef, type Change } from './diff/schema.ts';
export { diffSnapshots, diffCounters, snapshotRef } from './diff/diff.ts';
export { indexGroups, GroupIndex, type ResourceGroup } from './diff/groups.ts';
export { BudgetSchema, type Budget } from './budget/schema.ts';
export { parseBudget, parseBudgetFlags, parseAllowance, mergeBudgets } from './budget/budget.ts';
export {
  analyzeSeries,
  analyzePair,
  MIN_HEAP_NOISE_BYTES,
  PAIR_MIN_HEAP_NOISE_BYTES,
  HEAP_NOISE_FRACTION,
  type AnalyzeOptions,
} from './analysis/analyze.ts';
export { LEAK_RULES, decideTrack, type LeakRule, type Track, type Decision, type RuleContext, type RuledDecision } from './rules/index.ts';
export { renderText, type TextOptions } from './render/text.ts';
export { renderMarkdown, type MarkdownOptions } from './render/markdown.ts';
export { renderJson, renderSnapshotJson } from './render/json.ts';
export { renderHtml, escapeHtml, type HtmlOptions } from './render/html.ts';
export { formatFrame, leakTitle, entryTitle, stackLabel, leakAmount, perIteration, valuesLine, headline, scope } from './render/describe.ts';
export { formatBytes, signed, signedBytes } from './units.ts';
export { printable, printableParts, shorten, type PrintablePart } from './input/printable.ts';
export {
  HeapGraph,
  HeapSnapshotError,
  retainerTree,
  keptBy,
  RetainerNames,
  type RawHeapSnapshot,
  type HeapLocation,
  type RetainerTree,
  type WantedRoot,
} from './heap/index.ts';
export { generateJsonSchemaFiles, toJsonSchema } from './json-schema.ts';
