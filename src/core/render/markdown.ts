/**
 * The report as Markdown for a pull-request comment. Page-derived strings are escaped so they render as text:
 * no HTML, no links, no @mentions or #references, no table breakage.
 */
import { printable, shorten } from '../input/printable.ts';
import type { Leak, Report } from '../report/schema.ts';
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

/** Options for {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Most diff rows to list (default 50). */
  maxDiffRows?: number;
  /** Most stack frames per leak (default 5). */
  maxFrames?: number;
}

/**
 * Escapes inline text for Markdown: inline punctuation (`` \ ` * _ [ ] | ~ $ ``) gets a backslash, and `<`, `>`,
 * `&`, `@`, `#` become numeric entities (no HTML, no mentions, no issue references). For text inside a line, not at
 * its start.
 *
 * @example
 * mdText('<img src=x> @team #1 *x*'); // '&#60;img src=x&#62; &#64;team &#35;1 \\*x\\*'
 */
export function mdText(s: string): string {
  return printable(s)
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/[<>&@#]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A code span holding any text: the fence is longer than any backtick run inside, and `|` is escaped so tables
 * hold.
 *
 * @example
 * mdCode('a`b'); // '``a`b``'
 */
export function mdCode(s: string): string {
  const text = printable(s).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function leakSection(leak: Leak, index: number, maxFrames: number): string[] {
  const lines = [`### ${index}. ${leak.kind}: ${mdText(leakTitle(leak))}`, ''];
  lines.push(`- **Growth:** ${mdText(`${perIteration(leak)} (${valuesLine(leak, ' → ')})`)}`);
  lines.push(`- **Why:** ${mdText(leak.reason)}`);
  if (leak.stack.length > 0) {
    lines.push(`- **${stackLabel(leak) === 'removed by' ? 'Removed by' : 'Created at'}:**`);
    for (const f of leak.stack.slice(0, maxFrames)) lines.push(`  - ${mdCode(formatFrame(f))}`);
    if (leak.stack.length > maxFrames) lines.push(`  - … ${leak.stack.length - maxFrames} more frames`);
  }
  if (leak.detached) {
    const a = leak.detached.attribution;
    if (a.keptBy) lines.push(`- **Kept by:** ${mdCode(keptByText(a.keptBy))}`);
    for (const l of a.listeners.slice(0, 3))
      lines.push(
        `- **Held by** a ${mdCode(l.type)} listener on ${mdCode(l.target)}${l.stack[0] ? ` added at ${mdCode(formatFrame(l.stack[0]))}` : ''}`,
      );
    for (const o of a.observers.slice(0, 3))
      lines.push(`- **Observed by** ${mdCode(o.type)}${o.stack[0] ? ` created at ${mdCode(formatFrame(o.stack[0]))}` : ''}`);
  }
  if (leak.sample)
    lines.push(`- **Sample:** ${mdText(shorten(leak.sample.description, 200))}${leak.sample.state ? ` (${mdText(leak.sample.state)})` : ''}`);
  lines.push(`- **Fix:** ${mdText(leak.fix)}`, '');
  return lines;
}

function leakTable(leaks: readonly Leak[]): string[] {
  const rows = ['| Kind | What | Per iteration | Values | Source |', '| --- | --- | --- | --- | --- |'];
  for (const l of leaks) {
    rows.push(
      `| ${l.kind} | ${mdText(leakTitle(l))} | ${mdText(perIteration(l))} | ${mdText(valuesLine(l, ' → '))} | ${l.stack[0] ? mdCode(formatFrame(l.stack[0])) : ''} |`,
    );
  }
  return rows;
}

/**
 * Renders a report as Markdown for a pull-request comment.
 *
 * @example
 * writeFileSync('leaks.md', renderMarkdown(report));
 */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const maxRows = opts.maxDiffRows ?? 50;
  const maxFrames = opts.maxFrames ?? 5;
  const icon = report.leaks.length > 0 ? '🔴' : report.verdict === 'unreliable' || report.allowed.length > 0 ? '🟡' : '🟢';
  const out = [
    `## ${icon} Leakscope: ${mdText(headline(report))}`,
    '',
    `${mdText(`${scope(report, ' → ')} of ${report.snapshots[0]?.url ?? ''}`)}`,
    '',
  ];
  const budget = budgetLine(report);
  if (budget) out.push(`Budget: ${mdText(budget)}`, '');
  if (report.unreliable?.length) out.push(...report.unreliable.map((r) => `- Unreliable: ${mdText(r)}`), '');
  if (report.leaks.length > 0) {
    out.push(...leakTable(report.leaks), '');
    report.leaks.forEach((l, i) => out.push(...leakSection(l, i + 1, maxFrames)));
  }
  if (report.allowed.length > 0) {
    out.push('### Within budget', '', ...leakTable(report.allowed), '');
  }
  out.push('<details><summary>Counters and diff</summary>', '');
  out.push('| Counter | First | Last | Change |', '| --- | --- | --- | --- |');
  for (const c of report.counters) {
    const first = c.values[0] ?? 0;
    const last = c.values[c.values.length - 1] ?? 0;
    out.push(
      `| ${counterLabel(c.name)} | ${counterValue(c.name, first)} | ${counterValue(c.name, last)} | ${mdText(counterDelta(c.name, last - first))} |`,
    );
  }
  const d = report.diff;
  out.push(
    '',
    `Diff ${mdText(d.from.label)} → ${mdText(d.to.label)}: ${d.summary.appeared} appeared, ${d.summary.disappeared} disappeared, ${d.summary.grew} grew, ${d.summary.shrank} shrank.`,
    '',
  );
  if (d.entries.length > 0) {
    out.push('| Change | Kind | What | Before | After | Source |', '| --- | --- | --- | --- | --- | --- |');
    for (const e of d.entries.slice(0, maxRows)) {
      out.push(`| ${e.change} | ${e.kind} | ${mdText(entryTitle(e))} | ${e.before} | ${e.after} | ${e.frame ? mdCode(formatFrame(e.frame)) : ''} |`);
    }
    if (d.entries.length > maxRows) out.push('', `… and ${d.entries.length - maxRows} more.`);
  }
  out.push('', '</details>', '');
  if (report.notes.length > 0) {
    out.push('**Notes**', '');
    for (const n of report.notes) out.push(`- ${mdText(n)}`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
