/**
 * `node:util` parseArgs with one-line errors: its own messages span several sentences and suggest syntax that
 * does not apply here.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LeakscopeError } from '../playwright/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments strictly (unknown flags are errors).
 *
 * @throws LeakscopeError (exit 2) naming the flag at fault and where to get help.
 * @example
 * const { values, positionals } = parseCommandArgs(args, { format: { type: 'string', short: 'f' } }, 'diff');
 */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, command: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    const message = err instanceof Error ? err.message : String(err);
    const flag = /--[\w-]+/.exec(message)?.[0] ?? /'(-[^' ,]+)/.exec(message)?.[1] ?? '';
    const help = `see leakscope ${command} --help`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new LeakscopeError(`unknown option ${flag}; ${help}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new LeakscopeError(/argument missing/.test(message) ? `option ${flag} needs a value; ${help}` : `bad value for ${flag}; ${help}`);
    }
    throw new LeakscopeError(`${message.split(/\.\s/)[0]}; ${help}`);
  }
}
