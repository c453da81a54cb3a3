import { describe, expect, it } from 'vitest';
import { LEAKSCOPE_VERSION } from '../core/version.ts';
import { LeakscopeError } from '../playwright/errors.ts';
import type { Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import type { CliIo } from './io.ts';
import { main } from './main.ts';
import { spawnCli } from './testing/cli.ts';

function memoryIo(opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (s) => void (out.stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s) => void (out.stderr += s) },
    env: opts.env ?? {},
    cwd: process.cwd(),
  };
  return { io, out };
}

describe('main', () => {
  it('prints help with the commands and the exit codes', async () => {
    const { io, out } = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(out.stdout).toContain('Usage: leakscope COMMAND [options]');
    expect(out.stdout).toContain('leakscope diff A.json B.json');
    expect(out.stdout).toMatch(
      /Exit codes:\n {2}0 {2}no leak found, or every leak within the budget\n {2}1 {2}leaks found\n {2}2 {2}bad usage or bad input/,
    );
  });

  it("prints a command's help", async () => {
    for (const argv of [
      ['diff', '--help'],
      ['help', 'diff'],
      ['diff', 'a.json', '-h'],
    ]) {
      const { io, out } = memoryIo();
      expect(await main(argv, io)).toBe(0);
      expect(out.stdout).toMatch(/^Usage: leakscope diff A\.json B\.json/);
      expect(out.stdout).toContain('--budget FILE');
      expect(out.stdout).toContain('Exit codes:');
    }
  });

  it('prints the version', async () => {
    const { io, out } = memoryIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(out.stdout).toBe(`${LEAKSCOPE_VERSION}\n`);
  });

  it('runs as the real binary', async () => {
    const r = await spawnCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${LEAKSCOPE_VERSION}\n`, stderr: '' });
  });

  it('refuses no arguments, unknown commands and unknown options with exit 2', async () => {
    for (const [argv, line] of [
      [[], undefined],
      [['frobnicate'], 'leakscope: unknown command "frobnicate"; run leakscope --help\n'],
      [['--frobnicate'], 'leakscope: unknown option --frobnicate; run leakscope --help\n'],
    ] as const) {
      const { io, out } = memoryIo();
      expect(await main(argv, io)).toBe(2);
      if (line) expect(out.stderr).toBe(line);
      else expect(out.stderr).toContain('Usage:');
      expect(out.stdout).toBe('');
    }
  });

  it('turns user errors into one line with their exit code', async () => {
    const failing: Command = {
      name: 'fail',
      summary: '',
      usage: '',
      help: '',
      run: () => Promise.reject(new LeakscopeError('no Chromium found\nsecond line', 2)),
    };
    const { io, out } = memoryIo();
    expect(await main(['fail'], io, [failing])).toBe(2);
    expect(out.stderr).toBe('leakscope: no Chromium found\n');
  });

  it('reports internal errors on one line, with the stack only under LEAKSCOPE_DEBUG', async () => {
    const broken: Command = { name: 'broken', summary: '', usage: '', help: '', run: () => Promise.reject(new TypeError('x is undefined')) };
    const quiet = memoryIo();
    expect(await main(['broken'], quiet.io, [broken])).toBe(3);
    expect(quiet.out.stderr).toBe('leakscope: internal error: x is undefined (set LEAKSCOPE_DEBUG=1 for details)\n');
    const debug = memoryIo({ env: { LEAKSCOPE_DEBUG: '1' } });
    await main(['broken'], debug.io, [broken]);
    expect(debug.out.stderr).toMatch(/\n\s+at /);
  });

  it('has a small command table that a new command plugs into', async () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['diff', 'run', 'doctor']);
    const hello: Command = {
      name: 'hello',
      summary: 'say hello',
      usage: 'leakscope hello NAME',
      help: '',
      run: async (args, io) => {
        io.stdout.write(`ran ${args.join(' ')}\n`);
        return 0;
      },
    };
    const { io, out } = memoryIo();
    expect(await main(['hello', 'world'], io, [...COMMANDS, hello])).toBe(0);
    expect(out.stdout).toBe('ran world\n');
  });
});
