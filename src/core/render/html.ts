/**
 * The report as one self-contained HTML file: inline CSS, no script, no external resource (a Content-Security-Policy
 * forbids any), and every string escaped. Snapshots come from hostile pages, so nothing page-derived is ever markup.
 */
import { printable } from '../input/printable.ts';
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

/** Options for {@link renderHtml}. */
export interface HtmlOptions {
  /** Most diff rows to list (default 1000). */
  maxDiffRows?: number;
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<script>"x"</script>'); // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Escaped, control characters made visible. */
function t(s: string): string {
  return escapeHtml(printable(s));
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
.verdict-leaks{color:#cf222e}.verdict-within-budget,.verdict-unreliable{color:#9a6700}.verdict-clean{color:#1a7f37}
.leak{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.leak.allowed{border-left-color:#d4a72c}
.kind{font-weight:600;text-transform:uppercase;font-size:.8rem;color:#57606a;margin-right:.5rem}
code,pre{font:12px/1.4 ui-monospace,monospace;background:#f6f8fa;border-radius:4px}
pre{padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}dt{font-weight:600}dd{margin:0 0 .4rem 0}
.muted{color:#57606a}
`;

function leakCard(leak: Leak, allowed: boolean): string {
  const parts = [
    `<section class="leak${allowed ? ' allowed' : ''}">`,
    `<h3><span class="kind">${t(leak.kind)}</span>${t(leakTitle(leak))}</h3>`,
    '<dl>',
    `<dt>Growth</dt><dd>${t(perIteration(leak))}: ${t(valuesLine(leak, ' → '))}</dd>`,
    `<dt>Why</dt><dd>${t(leak.reason)}</dd>`,
  ];
  if (leak.stack.length > 0)
    parts.push(
      `<dt>${stackLabel(leak) === 'removed by' ? 'Removed by' : 'Created at'}</dt><dd><pre>${leak.stack.map((f) => t(formatFrame(f))).join('\n')}</pre></dd>`,
    );
  if (leak.detached) {
    const a = leak.detached.attribution;
    if (a.keptBy) parts.push(`<dt>Kept by</dt><dd><code>${t(keptByText(a.keptBy))}</code></dd>`);
    for (const l of a.listeners.slice(0, 10)) {
      parts.push(
        `<dt>Held by a listener</dt><dd><code>${t(l.type)}</code> on <code>${t(l.target)}</code>${l.stack[0] ? ` added at <code>${t(formatFrame(l.stack[0]))}</code>` : ''}</dd>`,
      );
    }
    for (const o of a.observers.slice(0, 10)) {
      parts.push(
        `<dt>Observed by</dt><dd><code>${t(o.type)}</code>${o.stack[0] ? ` created at <code>${t(formatFrame(o.stack[0]))}</code>` : ''}</dd>`,
      );
    }
  }
  if (leak.sample)
    parts.push(
      `<dt>Sample</dt><dd>${t(leak.sample.description)}${leak.sample.state ? ` <span class="muted">(${t(leak.sample.state)})</span>` : ''}</dd>`,
    );
  parts.push(`<dt>Fix</dt><dd>${t(leak.fix)}</dd>`, `<dt>Signature</dt><dd><code>${t(leak.signature)}</code></dd>`, '</dl>', '</section>');
  return parts.join('\n');
}

/**
 * Renders a report as a single self-contained HTML file.
 *
 * @example
 * writeFileSync('leaks.html', renderHtml(report));
 */
export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const maxRows = opts.maxDiffRows ?? 1000;
  const title = `Leakscope: ${headline(report)}`;
  const body: string[] = [
    `<h1 class="verdict-${t(report.verdict)}">${t(title)}</h1>`,
    `<p class="muted">${t(scope(report, ' → '))} · ${t(report.snapshots[0]?.url ?? '')} · Leakscope ${t(report.leakscopeVersion)}</p>`,
  ];
  const budget = budgetLine(report);
  if (budget) body.push(`<p>Budget: ${t(budget)}</p>`);
  if (report.unreliable?.length) body.push(`<ul>${report.unreliable.map((r) => `<li>Unreliable: ${t(r)}</li>`).join('')}</ul>`);
  if (report.leaks.length > 0) body.push('<h2>Leaks</h2>', ...report.leaks.map((l) => leakCard(l, false)));
  if (report.allowed.length > 0) body.push('<h2>Within budget</h2>', ...report.allowed.map((l) => leakCard(l, true)));

  body.push('<h2>Counters</h2>', '<table><thead><tr><th>Counter</th><th>Values</th><th>Change</th></tr></thead><tbody>');
  for (const c of report.counters) {
    const first = c.values[0] ?? 0;
    const last = c.values[c.values.length - 1] ?? 0;
    body.push(
      `<tr><td>${t(counterLabel(c.name))}</td><td>${c.values.map((v) => t(counterValue(c.name, v))).join(' → ')}</td><td class="num">${t(counterDelta(c.name, last - first))}</td></tr>`,
    );
  }
  body.push('</tbody></table>');

  const d = report.diff;
  body.push(
    `<h2>Diff ${t(d.from.label)} → ${t(d.to.label)}</h2>`,
    `<p>${d.summary.appeared} appeared, ${d.summary.disappeared} disappeared, ${d.summary.grew} grew, ${d.summary.shrank} shrank.</p>`,
  );
  if (d.entries.length > 0) {
    body.push('<table><thead><tr><th>Change</th><th>Kind</th><th>What</th><th>Before</th><th>After</th><th>Source</th></tr></thead><tbody>');
    for (const e of d.entries.slice(0, maxRows)) {
      body.push(
        `<tr><td>${t(e.change)}</td><td>${t(e.kind)}</td><td>${t(entryTitle(e))}</td>` +
          `<td class="num">${e.before}</td><td class="num">${e.after}</td><td>${e.frame ? `<code>${t(formatFrame(e.frame))}</code>` : ''}</td></tr>`,
      );
    }
    body.push('</tbody></table>');
    if (d.entries.length > maxRows) body.push(`<p class="muted">… and ${d.entries.length - maxRows} more (see the JSON report).</p>`);
  }
  if (report.notes.length > 0) body.push('<h2>Notes</h2>', `<ul>${report.notes.map((n) => `<li>${t(n)}</li>`).join('')}</ul>`);

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
