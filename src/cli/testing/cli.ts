/**
 * Running `leakscope` for tests: the real `bin/leakscope.mjs` in a child process (what users run), or `main()` in
 * this process with in-memory streams (fast, for the many small cases).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../io.ts';
import { main } from '../main.ts';

/** The binary, as `npx leakscope` runs it. */
export const BIN = fileURLToPath(new URL('../../../bin/leakscope.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/leakscope.mjs ...args` and collects its exit code and output. NO_COLOR and FORCE_COLOR are cleared
 * (Playwright Test sets FORCE_COLOR=1 in its workers), so the output is plain unless `opts.env` sets them.
 *
 * @example
 * const { code, stderr } = await spawnCli(['diff', 'a.json', 'b.json'], { cwd: dir });
 */
export function spawnCli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    LEAKSCOPE_DEBUG: undefined,
    ...opts.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `main(args)` in this process with in-memory streams.
 *
 * @example
 * const { code, stdout } = await runMain(['diff', 'a.json', 'b.json'], { cwd: dir });
 */
export async function runMain(args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (s) => void (out.stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s) => void (out.stderr += s) },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(args, io);
  return { code, ...out };
}
