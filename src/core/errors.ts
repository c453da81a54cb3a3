/**
 * The browser-safe error for input that came from outside (a snapshot, report or budget file, a pasted JSON):
 * it names the source and, when known, the JSON path of the first problem, so the message alone tells the user
 * what to fix. The CLI prints `message` on one line and exits with {@link InvalidInputError.exitCode}.
 *
 * @example
 * throw new InvalidInputError('before.json', '$.groups[3].count', 'expected an integer >= 0, got -1');
 * // message: "before.json: $.groups[3].count: expected an integer >= 0, got -1"
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  /** Exit code for the CLI: 2, bad input. */
  readonly exitCode = 2;

  /**
   * @param source where the input came from: a file path, or a label such as "clipboard".
   * @param jsonPath the JSON path of the problem (`$.meta.url`), or undefined for whole-file problems.
   * @param detail what was wrong, one line.
   */
  constructor(
    readonly source: string,
    readonly jsonPath: string | undefined,
    readonly detail: string,
  ) {
    super(jsonPath === undefined ? `${source}: ${detail}` : `${source}: ${jsonPath}: ${detail}`);
  }
}

/**
 * Whether `err` is an {@link InvalidInputError} (also across bundles, where `instanceof` can fail).
 *
 * @example
 * try { parseSnapshot(text, name) } catch (err) { if (isInvalidInputError(err)) showProblem(err.message); else throw err; }
 */
export function isInvalidInputError(err: unknown): err is InvalidInputError {
  return err instanceof InvalidInputError || (err instanceof Error && err.name === 'InvalidInputError' && 'source' in err);
}
