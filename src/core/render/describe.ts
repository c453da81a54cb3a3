/**
 * Words shared by the renderers: how a frame, a leak and an amount are written. Plain strings; each renderer
 * escapes them for its own output (terminal, Markdown, HTML).
 */
import type { DiffEntry } from '../diff/schema.ts';
import type { CounterName } from '../../shared/kinds.ts';
import type { Leak, Report } from '../report/schema.ts';
import type { KeptBy, StackFrame } from '../snapshot/schema.ts';
import { formatBytes, signed, signedBytes } from '../units.ts';

/**
 * A frame as reports show it: `functionName (url:line:column)`.
 *
 * @example
 * formatFrame({ functionName: 'mount', url: 'https://app.test/w.js', line: 12, column: 7 }); // 'mount (https://app.test/w.js:12:7)'
 */
export function formatFrame(frame: StackFrame): string {
  return `${frame.functionName || '(anonymous)'} (${frame.url}:${frame.line}:${frame.column})`;
}

/**
 * What keeps a detached root alive, in a line: `renderedLists[0], a variable of https://app.test/list.js`, or
 * `items[2], a variable of makeList (https://app.test/list.js:4:3)` when one function's scope holds it.
 */
export function keptByText(kept: KeptBy): string {
  const holds = kept.node ? ` (${kept.node} of the subtree)` : '';
  if (kept.closure) return `${kept.path}${holds}, a variable of ${formatFrame(kept.closure)}`;
  return kept.script ? `${kept.path}${holds}, a variable of ${kept.script}` : `${kept.path}${holds}`;
}

/** What the leak is, in a few words: `"resize" listener on window`, `detached div#modal (25 nodes)`. */
export function leakTitle(leak: Leak): string {
  switch (leak.kind) {
    case 'listener':
      return `"${leak.type}" listener${leak.target ? ` on ${leak.target}` : ''}`;
    case 'detached-dom':
      return `detached ${leak.target}${leak.detached ? ` (${leak.detached.nodeCount} node${leak.detached.nodeCount === 1 ? '' : 's'} each)` : ''}`;
    case 'heap':
      return 'JS heap';
    case 'document':
      return leak.target === 'page' ? 'documents (page counter)' : `${leak.type} document${leak.target ? ` in ${leak.target}` : ''}`;
    default:
      return `${leak.type}${leak.target ? ` on ${leak.target}` : ''}`;
  }
}

/** What a diff entry is, in a few words, as {@link leakTitle}. */
export function entryTitle(e: DiffEntry): string {
  switch (e.kind) {
    case 'listener':
      return `"${e.type}" listener${e.target ? ` on ${e.target}` : ''}`;
    case 'detached-dom':
      return `detached ${e.target}`;
    default:
      return `${e.type}${e.target ? ` on ${e.target}` : ''}`;
  }
}

/** How a leak's stack is labelled: detached roots show the stack that removed them, the rest their creation stack. */
export function stackLabel(leak: Leak): string {
  return leak.kind === 'detached-dom' ? 'removed by' : 'created at';
}

/** An amount in the leak's unit. */
export function leakAmount(leak: Leak, n: number): string {
  return leak.kind === 'heap' ? formatBytes(n) : String(Math.round(n * 100) / 100);
}

/** The growth per iteration with its sign, in the leak's unit: `+1 per iteration`, `+1.0 MB per iteration`. */
export function perIteration(leak: Leak): string {
  return `${leak.kind === 'heap' ? signedBytes(leak.perIteration) : signed(leak.perIteration)} per iteration`;
}

/** The values across the snapshots: `0 -> 1 -> 2` (shortened in the middle for long series). */
export function valuesLine(leak: Leak, arrow = ' -> '): string {
  const v = leak.values.map((n) => leakAmount(leak, n));
  return (v.length > 8 ? [...v.slice(0, 3), '…', ...v.slice(-3)] : v).join(arrow);
}

/** The headline: `2 leaks found`, `no leaks found`, `1 leak within budget`. */
export function headline(report: Report): string {
  const n = report.leaks.length;
  if (n > 0) return `${n} leak${n === 1 ? '' : 's'} found`;
  if (report.verdict === 'unreliable') return 'could not watch this page reliably (no leak found, but that is not "clean")';
  if (report.allowed.length > 0) return `no leaks beyond the budget (${report.allowed.length} within budget)`;
  return 'no leaks found';
}

/** Where the report's numbers come from: `over 5 iterations (baseline -> iteration 5)`. */
export function scope(report: Report, arrow = ' -> '): string {
  const first = report.snapshots[0];
  const last = report.snapshots[report.snapshots.length - 1];
  return `over ${report.iterations} iteration${report.iterations === 1 ? '' : 's'} (${first?.label ?? '?'}${arrow}${last?.label ?? '?'})`;
}

const COUNTER_LABELS: Record<CounterName, string> = {
  nodes: 'DOM nodes',
  jsEventListeners: 'JS event listeners',
  documents: 'documents',
  frames: 'frames',
  jsHeapUsedSize: 'JS heap used',
  jsHeapTotalSize: 'JS heap total',
};

/** A counter's human name. */
export function counterLabel(name: CounterName): string {
  return COUNTER_LABELS[name];
}

/** A counter value in its unit. */
export function counterValue(name: CounterName, n: number): string {
  return name === 'jsHeapUsedSize' || name === 'jsHeapTotalSize' ? formatBytes(n) : String(n);
}

/** A counter delta with its sign, in its unit. */
export function counterDelta(name: CounterName, n: number): string {
  return name === 'jsHeapUsedSize' || name === 'jsHeapTotalSize' ? signedBytes(n) : signed(n);
}

/** A budget in words: `listener 2/iteration, heap 512.0 KB/iteration`, or undefined when empty. */
export function budgetLine(report: Report): string | undefined {
  const parts = Object.entries(report.budget)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([kind, n]) => `${kind} ${kind === 'heap' ? formatBytes(n) : n}/iteration`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
