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

/** Whether to colour stdout: only a terminal, and only when NO_COLOR is unset. */
export function wantsColor(io: CliIo): boolean {
  return io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
}
