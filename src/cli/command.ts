/**
 * A sub-command of `leakscope`. Each lives in its own file under `commands/` and is listed once in
 * `commands/index.ts`; `main.ts` dispatches and turns errors into one line and an exit code.
 *
 * Keep a command's module light: import heavy dependencies (the analysis, renderers, a browser driver) inside
 * `run`, so `leakscope --help` and the other commands do not pay for them.
 */
import type { CliIo } from './io.ts';

/** The documented exit codes, shared by every command. */
export const EXIT = {
  /** No leak found, or every leak within the budget. */
  ok: 0,
  /** Leaks found. */
  leaks: 1,
  /** Bad usage or bad input. */
  usage: 2,
  /** Leakscope itself failed: an internal error (a bug), or an install it cannot start from. */
  internal: 3,
  /** No leak found, but the page could not be watched reliably (the instrumentation missing, impaired or forged). */
  unreliable: 4,
} as const;

/** The exit code of a report: leaks (1) before unreliable (4) before ok (0). */
export function exitCodeOf(report: { leaks: readonly unknown[]; verdict: string }): number {
  if (report.leaks.length > 0) return EXIT.leaks;
  return report.verdict === 'unreliable' ? EXIT.unreliable : EXIT.ok;
}

export interface Command {
  /** The word after `leakscope`. */
  readonly name: string;
  /** One line for `leakscope --help`. */
  readonly summary: string;
  /** The synopsis, e.g. `leakscope diff A.json B.json [options]`. */
  readonly usage: string;
  /** The options and details, for `leakscope NAME --help`. */
  readonly help: string;
  /**
   * Runs the command with the arguments after its name; returns the exit code. Throws `InvalidInputError` or
   * `LeakscopeError` for problems the user can fix; `main` prints them on one line.
   */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
