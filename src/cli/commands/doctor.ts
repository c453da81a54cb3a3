/**
 * `leakscope doctor`: checks what Leakscope needs on this machine, one line each, with the fix for what is
 * missing. Nothing is downloaded or installed: the package has no install script, so this is where a user (or a
 * CI set-up step) asks whether a run can work before starting one.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { printable } from '../../core/index.ts';
import { LeakscopeError } from '../../playwright/errors.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import type { CliIo } from '../io.ts';

/** One check's outcome: `fix` is set when it failed. `optional` failures do not fail the command. */
export interface Check {
  name: string;
  detail: string;
  fix?: string;
  optional?: boolean;
}

/** The Node.js versions the package supports (package.json `engines`). */
const MIN_NODE: readonly [number, number] = [20, 19];

export function checkNode(version: string = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { name: 'node', detail: `v${version}` }
    : { name: 'node', detail: `v${version}`, fix: `Leakscope needs Node.js ${MIN_NODE.join('.')} or later; upgrade Node.js` };
}

/** Where a package resolves from `cwd` (the user's project), and its version; undefined when it is not installed. */
function installed(name: string, cwd: string): { version: string; dir: string } | undefined {
  try {
    const require = createRequire(join(cwd, 'noop.js'));
    const manifest = require.resolve(`${name}/package.json`);
    return { version: (require(manifest) as { version: string }).version, dir: manifest.slice(0, -'/package.json'.length) };
  } catch {
    return undefined;
  }
}

/** Starts the browser headless once and opens a blank page: a binary can exist and still not start. */
async function checkLaunch(executablePath: string, args: string[]): Promise<Check> {
  const started = performance.now();
  try {
    const { chromium } = await import('../../playwright/chromium.ts');
    const browser = await chromium.launch({ executablePath, args, headless: true, timeout: 30_000 });
    try {
      await (await browser.newPage()).goto('about:blank');
    } finally {
      await browser.close();
    }
    return { name: 'browser start', detail: `headless, ${Math.round(performance.now() - started)} ms` };
  } catch (err) {
    const first = String((err as Error).message ?? err).split('\n')[0] ?? '';
    return { name: 'browser start', detail: 'failed', fix: `${executablePath} did not start: ${first}` };
  }
}

/**
 * Runs every check. `cwd` is the user's project, where `@playwright/test` is looked up.
 */
export async function runChecks(cwd: string, env: CliIo['env']): Promise<Check[]> {
  const checks: Check[] = [checkNode()];
  const [{ resolveChromium, DEFAULT_EXTENSION_DIR, MISSING_BUILD_FIX, BASE_ARGS }, { INSTRUMENT_BUNDLE }] = await Promise.all([
    import('../../playwright/browser.ts'),
    import('../../playwright/inject.ts'),
  ]);
  try {
    const found = resolveChromium();
    checks.push({
      name: 'browser',
      detail: `${found.version} at ${found.executablePath} (${env.LEAKSCOPE_CHROMIUM ? 'LEAKSCOPE_CHROMIUM' : found.source})`,
    });
    checks.push(await checkLaunch(found.executablePath, BASE_ARGS));
  } catch (err) {
    checks.push({ name: 'browser', detail: 'none usable', fix: (err as Error).message });
  }
  checks.push(
    existsSync(INSTRUMENT_BUNDLE)
      ? { name: 'page script', detail: INSTRUMENT_BUNDLE }
      : { name: 'page script', detail: `missing at ${INSTRUMENT_BUNDLE}`, fix: MISSING_BUILD_FIX },
  );
  checks.push(
    existsSync(join(DEFAULT_EXTENSION_DIR, 'manifest.json'))
      ? { name: 'extension', detail: DEFAULT_EXTENSION_DIR }
      : { name: 'extension', detail: `missing at ${DEFAULT_EXTENSION_DIR}`, fix: MISSING_BUILD_FIX },
  );
  const core = installed('playwright-core', cwd) ?? installed('playwright-core', DEFAULT_EXTENSION_DIR);
  checks.push(
    core
      ? { name: 'playwright-core', detail: core.version }
      : { name: 'playwright-core', detail: 'not installed', fix: 'npm install -D playwright-core' },
  );
  const runner = installed('@playwright/test', cwd);
  checks.push(
    runner
      ? { name: '@playwright/test', detail: `${runner.version} (for leakscope/playwright's fixture and matcher)` }
      : {
          name: '@playwright/test',
          detail: 'not installed in this project',
          fix: 'npm install -D @playwright/test, to use the leakscope/playwright fixture (leakscope run works without it)',
          optional: true,
        },
  );
  return checks;
}

/** The report: one line a check, then what to do. */
export function formatChecks(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => `${c.fix ? (c.optional ? 'note' : 'FAIL') : 'ok  '}  ${c.name.padEnd(width)}  ${printable(c.detail)}`);
  const fixes = checks.filter((c) => c.fix).map((c) => `  ${c.name}: ${printable(c.fix ?? '')}`);
  const failed = checks.some((c) => c.fix && !c.optional);
  return [
    ...lines,
    '',
    ...(fixes.length ? ['To fix:', ...fixes, ''] : []),
    failed ? 'Leakscope cannot run here yet.' : 'Leakscope can run here.',
    '',
  ].join('\n');
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check that Leakscope can run here (Node.js, a Chromium, the built page script)',
  usage: 'leakscope doctor',
  help: [
    'Checks, one line each: the Node.js version, a Chromium that can load the extension (LEAKSCOPE_CHROMIUM,',
    "Playwright's Chromium, the system's chromium), the page script and extension inside the package, and",
    'Playwright. Says how to fix what is missing; it never downloads anything. Exit 0 when Leakscope can run,',
    '2 when something it needs is missing.',
  ].join('\n'),

  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { positionals } = parseCommandArgs(args, { help: { type: 'boolean', short: 'h' } }, 'doctor');
    if (positionals.length > 0)
      throw new LeakscopeError(`doctor takes no arguments (got "${printable(positionals[0]!.slice(0, 40))}"); usage: leakscope doctor`);
    const checks = await runChecks(io.cwd, io.env);
    io.stdout.write(formatChecks(checks));
    return checks.some((c) => c.fix && !c.optional) ? EXIT.usage : EXIT.ok;
  },
};
