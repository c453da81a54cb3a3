/**
 * What a command may touch of the outside world: two output streams, the environment and the working
 * directory. Tests pass in-memory streams; the binary passes the process's.
 */

/** A stream commands write to. */
export interface OutStream {
  write(text: string): void;
  /** Whether it is a terminal (colours are only for terminals). */
  readonly isTTY?: boolean;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths in arguments are resolved against it. */
  cwd: string;
}

/**
 * The process's streams, environment and working directory.
 *
 * @param onWriteError called when writing to stdout fails (a closed pipe, a full disk), whether the stream throws
 *   at once (files) or reports it later (pipes).
 */
export function processIo(onWriteError: (err: NodeJS.ErrnoException) => void = () => undefined): CliIo {
  process.stdout.on('error', onWriteError);
  return {
    stdout: {
      write: (s) => {
        try {
          process.stdout.write(s);
        } catch (err) {
          onWriteError(err as NodeJS.ErrnoException);
        }
      },
      isTTY: process.stdout.isTTY === true,
    },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Whether to colour stdout. A terminal gets colours unless NO_COLOR is set to something (https://no-color.org: an
 * empty NO_COLOR does nothing). FORCE_COLOR overrides both ways: a non-empty value other than `0` or `false` colours
 * any stdout (a pipe, a CI log), `0` or `false` none; an empty FORCE_COLOR does nothing. FORCE_COLOR wins over
 * NO_COLOR, as in Node.js itself.
 */
export function wantsColor(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return io.stdout.isTTY === true;
}
