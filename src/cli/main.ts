/**
 * The `leakscope` command line: dispatch to a sub-command, print help and version, and turn every error into one
 * line on stderr (`leakscope: ...`) and a documented exit code. Never a stack trace, unless LEAKSCOPE_DEBUG is set.
 */
import { LEAKSCOPE_VERSION, printable } from '../core/index.ts';
import { EXIT, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { processIo, type CliIo } from './io.ts';

/** The exit codes section of every help text. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  `  ${EXIT.ok}  no leak found, or every leak within the budget`,
  `  ${EXIT.leaks}  leaks found`,
  `  ${EXIT.usage}  bad usage or bad input (unknown option, missing or malformed file)`,
  `  ${EXIT.internal}  Leakscope itself failed (an internal error; LEAKSCOPE_DEBUG=1 prints its stack)`,
  `  ${EXIT.unreliable}  no leak found, but the page could not be watched reliably (the report says why)`,
].join('\n');

/** `leakscope --help`. */
export function mainHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `leakscope ${LEAKSCOPE_VERSION}: find frontend memory leaks`,
    '',
    'Usage: leakscope COMMAND [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => [`  ${c.name.padEnd(width)}${c.summary}`, `  ${' '.repeat(width)}${c.usage}`]),
    '',
    'Options:',
    "  -h, --help      this help; leakscope COMMAND --help for a command's options",
    '  -v, --version   print the version',
    '',
    EXIT_CODES_HELP,
    '',
  ].join('\n');
}

/** One printable line for an error a user can act on. */
function oneLine(message: string): string {
  return printable(message.split('\n')[0] ?? '').slice(0, 1000);
}

/** The exit code an error carries (`InvalidInputError`, `LeakscopeError`), if it is one a user can fix. */
function userErrorCode(err: unknown): number | undefined {
  if (!(err instanceof Error) || !('exitCode' in err) || typeof err.exitCode !== 'number') return undefined;
  return err.name === 'InvalidInputError' || err.name === 'LeakscopeError' ? err.exitCode : undefined;
}

/**
 * Runs the command line and returns the exit code.
 *
 * @param argv the arguments after the program name.
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = processIo(), commands: readonly Command[] = COMMANDS): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr.write(mainHelp(commands));
      return EXIT.usage;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const named = first === 'help' && rest[0] !== undefined ? commands.find((c) => c.name === rest[0]) : undefined;
      io.stdout.write(named ? `Usage: ${named.usage}\n\n${named.help}\n\n${EXIT_CODES_HELP}\n` : mainHelp(commands));
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      io.stdout.write(`${LEAKSCOPE_VERSION}\n`);
      return EXIT.ok;
    }
    const command = commands.find((c) => c.name === first);
    if (!command) {
      const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
      io.stderr.write(`leakscope: ${oneLine(what)}; run leakscope --help\n`);
      return EXIT.usage;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`Usage: ${command.usage}\n\n${command.help}\n\n${EXIT_CODES_HELP}\n`);
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (err) {
    const code = userErrorCode(err);
    if (code !== undefined) {
      io.stderr.write(`leakscope: ${oneLine((err as Error).message)}\n`);
      return code;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`leakscope: internal error: ${oneLine(message)} (set LEAKSCOPE_DEBUG=1 for details)\n`);
    if (io.env.LEAKSCOPE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT.internal;
  }
}

/**
 * Runs `leakscope` in this process: the entry point of `bin/leakscope.mjs`. Sets `process.exitCode` and lets
 * stdout drain (no `process.exit`, which could cut a large report short). A closed pipe (`| head`) ends quietly
 * with the exit code so far; any other failure to write the output is one line on stderr and exit 2.
 */
export async function runCli(): Promise<void> {
  const onWriteError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.stderr.write(`leakscope: cannot write the output: ${oneLine(err.code ?? err.message)}\n`);
    process.exit(err.code === 'EPIPE' ? (process.exitCode ?? EXIT.ok) : EXIT.usage);
  };
  process.exitCode = await main(process.argv.slice(2), processIo(onWriteError));
}
