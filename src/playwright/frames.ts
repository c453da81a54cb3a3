/**
 * Which frame of a stack is "the line that leaked". Stacks can start in code that is not the app's: scripts a test
 * harness evaluates (Playwright's `page.evaluate` code has no URL or an `<anonymous>` one), `eval`'d strings,
 * `debugger://` or extension scripts. The headline frame is the first one whose script is a real document URL.
 */
import type { Leak, StackFrame } from '../core/index.ts';

const REAL_URL = /^(https?|file):\/\//i;

/** Whether a frame belongs to a script loaded from a real http(s) or file URL. */
export function isUserFrame(frame: StackFrame): boolean {
  return REAL_URL.test(frame.url);
}

/**
 * The first frame of `stack` whose URL is a real http(s)/file URL, or undefined when there is none.
 *
 * @example
 * userFrame([{ functionName: '', url: '<anonymous>', line: 1, column: 9 }, { functionName: 'mount', url: 'https://app.test/a.js', line: 3, column: 1 }]);
 * // -> the frame of mount
 */
export function userFrame(stack: readonly StackFrame[]): StackFrame | undefined {
  return stack.find(isUserFrame);
}

/** The stack a leak is best explained by: its creation stack, or for detached DOM the stack that removed it. */
export function leakStack(leak: Leak): readonly StackFrame[] {
  if (leak.stack.length > 0) return leak.stack;
  return leak.detached?.attribution.removedBy ?? [];
}

/** `url:line` of the leak's headline frame, or undefined when no frame has a real URL. */
export function leakLocation(leak: Leak): string | undefined {
  const frame = userFrame(leakStack(leak));
  return frame ? `${frame.url}:${frame.line}` : undefined;
}
