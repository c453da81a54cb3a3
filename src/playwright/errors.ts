/**
 * The one error type that Leakscope's Node-side code throws for conditions a user can fix
 * (no browser, bad flags, bad files). The CLI prints `message` on one line and exits with `exitCode`;
 * anything else is a bug in Leakscope.
 */
export class LeakscopeError extends Error {
  override readonly name = 'LeakscopeError';

  /**
   * @param message one line: what was wrong and what to do about it.
   * @param exitCode the documented exit code (2: bad usage or bad input / environment).
   */
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}
