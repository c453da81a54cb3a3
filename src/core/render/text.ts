/**
 * The terminal report. Page-derived strings are passed through `printable`, so a hostile page cannot send escape
 * sequences to the terminal. Colours only when asked (the CLI decides from the terminal, NO_COLOR and FORCE_COLOR:
 * `wantsColor` in src/cli/io.ts).
 */
import { printable } from '../input/printable.ts';
import type { Leak, Report } from '../report/schema.ts';
import { signedBytes } from '../units.ts';
import {
  budgetLine,
  counterDelta,
  counterLabel,
  counterValue,
  entryTitle,
  formatFrame,
  headline,
  keptByText,
  leakTitle,
  perIteration,
  scope,
  stackLabel,
  valuesLine,
} from './describe.ts';

/** Options for {@link renderText}. */
export interface TextOptions {
  /** ANSI colours. */
  color?: boolean;
  /** Most diff rows to list (default 20). */
  maxDiffRows?: number;
  /** Most stack frames per leak (default 5). */
  maxFrames?: number;
}

type Paint = (s: string) => string;

function palette(color: boolean) {
  const sgr = (open: string, close: string): Paint => (color ? (s) => `\u001b[${open}m${s}\u001b[${close}m` : (s) => s);
  return { red: sgr('1;31', '0'), yellow: sgr('33', '39'), green: sgr('32', '39'), dim: sgr('2', '22'), bold: sgr('1', '22') };
}

const CHANGE_MARK = { appeared: '+', disappeared: '-', grew: '↑', shrank: '↓' } as const;

function leakBlock(leak: Leak, label: string, paint: Paint, p: ReturnType<typeof palette>, maxFrames: number): string[] {
  const lines = [`${paint(label)} ${p.bold(leak.kind)}  ${printable(leakTitle(leak))}`];
  lines.push(
    `  ${perIteration(leak)}: ${valuesLine(leak)}${leak.bytes !== undefined && leak.kind !== 'heap' ? ` (${signedBytes(leak.bytes)})` : ''}`,
  );
  lines.push(`  why: ${printable(leak.reason)}`);
  const frames = leak.stack.slice(0, maxFrames).map((f) => printable(formatFrame(f)));
  const where = stackLabel(leak);
  frames.forEach((f, i) => lines.push(i === 0 ? `  ${where} ${f}` : p.dim(`  ${' '.repeat(where.length)} ${f}`)));
  if (leak.stack.length > maxFrames) lines.push(p.dim(`  ${' '.repeat(where.length)} … ${leak.stack.length - maxFrames} more frames`));
  if (leak.detached) {
    const a = leak.detached.attribution;
    if (a.keptBy) lines.push(`  kept by ${printable(keptByText(a.keptBy))}`);
    for (const l of a.listeners.slice(0, 3))
      lines.push(
        `  held by a "${printable(l.type)}" listener on ${printable(l.target)}${l.stack[0] ? ` added at ${printable(formatFrame(l.stack[0]))}` : ''}`,
      );
    for (const o of a.observers.slice(0, 3))
      lines.push(`  observed by ${printable(o.type)}${o.stack[0] ? ` created at ${printable(formatFrame(o.stack[0]))}` : ''}`);
  }
  if (leak.sample)
    lines.push(p.dim(`  sample: ${printable(leak.sample.description)}${leak.sample.state ? ` (${printable(leak.sample.state)})` : ''}`));
  lines.push(`  fix: ${printable(leak.fix)}`);
  return lines;
}

/**
 * Renders a report for a terminal.
 *
 * @example
 * process.stdout.write(renderText(report, { color: process.stdout.isTTY && !process.env.NO_COLOR }));
 */
export function renderText(report: Report, opts: TextOptions = {}): string {
  const p = palette(opts.color ?? false);
  const maxRows = opts.maxDiffRows ?? 20;
  const maxFrames = opts.maxFrames ?? 5;
  const out: string[] = [];
  const head = `Leakscope: ${headline(report)} ${printable(scope(report))}`;
  out.push(report.leaks.length > 0 ? p.red(head) : report.verdict === 'unreliable' || report.allowed.length > 0 ? p.yellow(head) : p.green(head));
  const budget = budgetLine(report);
  if (budget) out.push(p.dim(`budget: ${budget}`));
  for (const reason of report.unreliable ?? []) out.push(p.yellow(`  unreliable: ${printable(reason)}`));
  for (const leak of report.leaks) out.push('', ...leakBlock(leak, 'LEAK', p.red, p, maxFrames));
  for (const leak of report.allowed) out.push('', ...leakBlock(leak, 'WITHIN BUDGET', p.yellow, p, maxFrames));

  out.push('', p.bold('counters (context):'));
  for (const c of report.counters) {
    const first = c.values[0] ?? 0;
    const last = c.values[c.values.length - 1] ?? 0;
    out.push(
      `  ${counterLabel(c.name).padEnd(19)} ${counterValue(c.name, first)} -> ${counterValue(c.name, last)} (${counterDelta(c.name, last - first)})`,
    );
  }

  const d = report.diff;
  out.push(
    '',
    p.bold(`diff ${printable(d.from.label)} -> ${printable(d.to.label)}:`) +
      ` ${d.summary.appeared} appeared, ${d.summary.disappeared} disappeared, ${d.summary.grew} grew, ${d.summary.shrank} shrank`,
  );
  for (const e of d.entries.slice(0, maxRows)) {
    const where = e.frame ? p.dim(`  ${printable(formatFrame(e.frame))}`) : '';
    out.push(`  ${CHANGE_MARK[e.change]} ${e.kind.padEnd(12)} ${printable(entryTitle(e))}  ${e.before} -> ${e.after}${where}`);
  }
  if (d.entries.length > maxRows) out.push(p.dim(`  … ${d.entries.length - maxRows} more (see --format json)`));

  if (report.notes.length > 0) {
    out.push('', p.bold('notes:'));
    for (const n of report.notes) out.push(`  - ${printable(n)}`);
  }
  return `${out.join('\n')}\n`;
}
