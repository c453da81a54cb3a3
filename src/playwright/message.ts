/**
 * The failure message of `toHaveNoLeaks`: every leak with its kind, its growth and the line that made it, short
 * enough to read in a CI log. The full report is attached to the test result.
 */
import type { Leak, Report } from '../core/report/schema.ts';
import { printable } from '../core/input/printable.ts';
import { formatFrame, headline, keptByText, leakTitle, perIteration, scope, stackLabel, valuesLine } from '../core/render/describe.ts';
import { isUserFrame, leakStack, userFrame } from './frames.ts';

const MAX_LEAKS = 20;
const MAX_FRAMES = 3;

function leakLines(leak: Leak): string[] {
  const frame = userFrame(leakStack(leak));
  const at = frame ? ` at ${frame.url}:${frame.line}` : ' (no source line: no frame with a page URL)';
  const lines = [`  - ${leak.kind}: ${printable(leakTitle(leak))}, ${perIteration(leak)} (${valuesLine(leak)})${printable(at)}`];
  // The stack from the headline frame on: frames of evaluated harness code above it say nothing about the app.
  const stack = leakStack(leak);
  const from = frame ? stack.indexOf(frame) : stack.findIndex(isUserFrame);
  const shown = stack.slice(Math.max(0, from), Math.max(0, from) + MAX_FRAMES);
  shown.forEach((f, i) => lines.push(`      ${i === 0 ? stackLabel(leak) : ' '.repeat(stackLabel(leak).length)} ${printable(formatFrame(f))}`));
  const kept = leak.detached?.attribution.keptBy;
  if (kept) lines.push(`      kept by ${printable(keptByText(kept))}`);
  return lines;
}

/**
 * The message for a report with leaks.
 *
 * @example
 * // Leakscope: 1 leak found over 5 iterations (baseline -> iteration 5)
 * //   - listener: "resize" listener on window, +1 per iteration (1 -> 2 -> 3 -> 4 -> 5 -> 6) at https://app.test/chart.js:33
 * //       created at mountChart (https://app.test/chart.js:33:11)
 */
export function leaksMessage(report: Report): string {
  const lines = [`Leakscope: ${headline(report)} ${printable(scope(report))}`];
  for (const leak of report.leaks.slice(0, MAX_LEAKS)) lines.push(...leakLines(leak));
  if (report.leaks.length > MAX_LEAKS) lines.push(`  … and ${report.leaks.length - MAX_LEAKS} more (see the attached report)`);
  if (report.allowed.length > 0) lines.push(`  (${report.allowed.length} more within the budget)`);
  if (report.leaks.some((l) => l.kind === 'detached-dom' && !l.detached?.attribution.keptBy)) {
    lines.push('  (to name the variable that keeps the detached DOM alive, pass { retainers: true } to leaks.cycle)');
  }
  return lines.join('\n');
}
