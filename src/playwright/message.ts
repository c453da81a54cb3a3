/**
 * The failure message of `toHaveNoLeaks`: every leak with its kind, its growth and the line that made it, short
 * enough to read in a CI log. The full report is attached to the test result.
 *
 * Playwright Test reads every line of a failed test's error, message included, as a possible stack frame: a line
 * that ends in `file:line:column`, `file:line:column)` or `native` shows up again below the message as an `at …`
 * frame of the test. So no line here ends like that: a frame is written `url:line:column in name()` (or `in an
 * anonymous function`), which ends in `()` whatever the page named its function, and a line that still would
 * (a URL or a label a page or test made up, ending in `:1:2`) gets a trailing ` ·`.
 */
import {
  headline,
  type KeptBy,
  type Leak,
  leakTitle,
  perIteration,
  printable,
  type Report,
  scope,
  type StackFrame,
  stackLabel,
  valuesLine,
} from '../core/index.ts';
import { isUserFrame, leakStack, userFrame } from './frames.ts';

const MAX_LEAKS = 20;
const MAX_FRAMES = 3;

/** What Playwright takes for a stack frame (its stack-utils pattern), tested against each line of a message. */
const PLAYWRIGHT_FRAME = /^(?:\s*at )?(?:(new) )?(?:(.*?) \()?(?:eval at ([^ ]+) \((.+?):(\d+):(\d+)\), )?(?:(.+?):(\d+):(\d+)|(native))(\)?)$/;

/**
 * A frame as the message writes it: `https://app.test/chart.js:33:11 in mountChart()`.
 *
 * @example
 * messageFrame({ functionName: '', url: 'https://app.test/a.js', line: 3, column: 9 }); // 'https://app.test/a.js:3:9 in an anonymous function'
 */
export function messageFrame(frame: StackFrame): string {
  return `${frame.url}:${frame.line}:${frame.column} in ${frame.functionName ? `${frame.functionName}()` : 'an anonymous function'}`;
}

/** What keeps a detached root alive: `views[1] (<ul> of the subtree), a variable of https://app.test/router.js`. */
function keptByLine(kept: KeptBy): string {
  const holds = kept.node ? ` (${kept.node} of the subtree)` : '';
  if (kept.closure) return `${kept.path}${holds}, a variable of the function at ${messageFrame(kept.closure)}`;
  return kept.script ? `${kept.path}${holds}, a variable of ${kept.script}` : `${kept.path}${holds}`;
}

/** The line, printable, and never one that Playwright would take for a stack frame. */
function line(text: string): string {
  const safe = printable(text);
  return PLAYWRIGHT_FRAME.test(safe) ? `${safe} ·` : safe;
}

function leakLines(leak: Leak): string[] {
  const frame = userFrame(leakStack(leak));
  const at = frame ? ` at ${frame.url}:${frame.line}` : ' (no source line: no frame with a page URL)';
  const lines = [`  - ${leak.kind}: ${leakTitle(leak)}, ${perIteration(leak)} (${valuesLine(leak)})${at}`];
  // The stack from the headline frame on: frames of evaluated harness code above it say nothing about the app.
  const stack = leakStack(leak);
  const from = frame ? stack.indexOf(frame) : stack.findIndex(isUserFrame);
  const shown = stack.slice(Math.max(0, from), Math.max(0, from) + MAX_FRAMES);
  const label = stackLabel(leak);
  shown.forEach((f, i) => lines.push(`      ${i === 0 ? label : ' '.repeat(label.length)} ${messageFrame(f)}`));
  const kept = leak.detached?.attribution.keptBy;
  if (kept) lines.push(`      kept by ${keptByLine(kept)}`);
  return lines;
}

/**
 * The message for a report with leaks.
 *
 * @example
 * // Leakscope: 1 leak found over 5 iterations (baseline -> iteration 5)
 * //   - listener: "resize" listener on window, +1 per iteration (1 -> 2 -> 3 -> 4 -> 5 -> 6) at https://app.test/chart.js:33
 * //       created at https://app.test/chart.js:33:11 in mountChart()
 */
export function leaksMessage(report: Report): string {
  const lines = [`Leakscope: ${headline(report)} ${scope(report)}`];
  for (const reason of (report.unreliable ?? []).slice(0, MAX_LEAKS)) lines.push(`  - unreliable: ${reason}`);
  for (const leak of report.leaks.slice(0, MAX_LEAKS)) lines.push(...leakLines(leak));
  if (report.leaks.length > MAX_LEAKS) lines.push(`  … and ${report.leaks.length - MAX_LEAKS} more (see the attached report)`);
  if (report.allowed.length > 0) lines.push(`  (${report.allowed.length} more within the budget)`);
  if (report.leaks.some((l) => l.kind === 'detached-dom' && !l.detached?.attribution.keptBy)) {
    lines.push('  (to name the variable that keeps the detached DOM alive, pass { retainers: true } to leaks.cycle)');
  }
  return lines.map(line).join('\n');
}
