/**
 * `leakscope run` input errors that need no browser: each exits 2 with one line on stderr naming what is wrong, and
 * no stack trace. (A URL that does not load and a step that throws need a browser: e2e/run-cli.spec.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STEP_TIMEOUT } from '../playwright/timeout.ts';
import { runMain, spawnCli } from './testing/cli.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leakscope-run-'));
  const files: Record<string, string> = {
    'syntax.ts': "export default {\n  url: 'http://127.0.0.1:1/',\n  action: async (page) => { await page.click('a' },\n};\n",
    'syntax.mjs': "export default {\n  url: 'http://127.0.0.1:1/',\n  action: async (page) => { await page.click('a' },\n};\n",
    'no-action.mjs': "export default { url: 'http://127.0.0.1:1/', back: async () => {} };\n",
    'no-back.ts': "export default { url: 'http://127.0.0.1:1/', action: async () => {} };\n",
    'no-default.mjs': "export const scenario = { url: 'http://127.0.0.1:1/', action() {}, back() {} };\n",
    'no-url.js': 'export default { action() {}, back() {} };\n',
    'not-object.mjs': 'export default 42;\n',
    'throws.mjs': "throw new Error('config missing');\n",
    'setup-string.mjs': "export default { url: 'http://127.0.0.1:1/', setup: 'login', action() {}, back() {} };\n",
    'scenario.txt': 'hello\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Array<[string, string[], RegExp]> = [
  ['a syntax error', ['syntax.ts'], /^leakscope: scenario syntax\.ts could not be loaded: syntax\.ts:3:\d+: Expected "\)" but found "}"$/],
  [
    'a missing action',
    ['no-action.mjs'],
    /^leakscope: scenario no-action\.mjs: the scenario has no action function \(action: async \(page\) => \{ \.\.\. \}\)$/,
  ],
  ['a missing back', ['no-back.ts'], /^leakscope: scenario no-back\.ts: the scenario has no back function/],
  ['no default export', ['no-default.mjs'], /^leakscope: scenario no-default\.mjs has no default export; export default \{ url, action, back \}$/],
  ['no url', ['no-url.js'], /^leakscope: scenario no-url\.js: the scenario has no url \(a string or a function returning one\)$/],
  [
    'a default export that is not an object',
    ['not-object.mjs'],
    /^leakscope: scenario not-object\.mjs: the default export must be a scenario object .*, got number$/,
  ],
  ['a module that throws while loading', ['throws.mjs'], /^leakscope: scenario throws\.mjs could not be loaded: config missing$/],
  ['a setup that is not a function', ['setup-string.mjs'], /^leakscope: scenario setup-string\.mjs: the scenario's setup must be a function$/],
  ['a missing file', ['nowhere.ts'], /^leakscope: scenario nowhere\.ts not found$/],
  ['a file that is not a module', ['scenario.txt'], /^leakscope: scenario scenario\.txt must be a \.js, \.mjs or \.ts module$/],
  [
    'no scenario',
    [],
    /^leakscope: run needs one scenario file or URL \(got 0\); usage: leakscope run SCENARIO \[options\], or leakscope run URL --click SELECTOR \[--back SELECTOR\] \[options\]$/,
  ],
  ['two scenarios', ['no-back.ts', 'no-action.mjs'], /^leakscope: run needs one scenario file or URL \(got 2\)/],
  [
    'a URL without --click',
    ['http://127.0.0.1:1/'],
    /^leakscope: run URL needs --click SELECTOR, what the action clicks \(and --back SELECTOR, what undoes it; default: history back\)$/,
  ],
  ['a URL with --back only', ['https://app.test/', '--back', 'a.home'], /^leakscope: run URL needs --click SELECTOR/],
  [
    '--click with a scenario file',
    ['no-back.ts', '--click', 'a.open'],
    /^leakscope: --click is for a URL \(leakscope run URL --click SELECTOR\); with a scenario file, the scenario's action and back do the clicking$/,
  ],
  ['--back with a scenario file', ['no-back.ts', '--back', 'a.home'], /^leakscope: --back is for a URL \(leakscope run URL --click SELECTOR\)/],
  ['a URL of another scheme', ['ftp://files.test/', '--click', 'a'], /^leakscope: run URL must be an http:, https: or file: URL, got a ftp: URL$/],
  ['a URL that does not parse', ['http://', '--click', 'a'], /^leakscope: run URL: "http:\/\/" is not a valid URL$/],
  ['--click without a selector', ['http://127.0.0.1:1/', '--click'], /^leakscope: option --click needs a value; see leakscope run --help$/],
  ['too few iterations', ['no-back.ts', '--iterations', '1'], /^leakscope: --iterations must be a whole number from 2 to 1000, got "1"$/],
  ['a negative warm-up', ['no-back.ts', '--warmup=-1'], /^leakscope: --warmup must be a whole number from 0 to 1000, got "-1"$/],
  [
    'a timeout with a unit',
    ['no-back.ts', '--timeout', '2s'],
    /^leakscope: --timeout must be a whole number of milliseconds from 100 to 3600000, got "2s"$/,
  ],
  ['a timeout of 0', ['no-back.ts', '--timeout', '0'], /^leakscope: --timeout must be a whole number of milliseconds from 100 to 3600000, got "0"$/],
  [
    'a fractional timeout',
    ['no-back.ts', '-t', '1500.5'],
    /^leakscope: --timeout must be a whole number of milliseconds from 100 to 3600000, got "1500\.5"$/,
  ],
  [
    'a timeout over an hour',
    ['no-back.ts', '--timeout=3600001'],
    /^leakscope: --timeout must be a whole number of milliseconds from 100 to 3600000, got "3600001"$/,
  ],
  ['a timeout without a value', ['no-back.ts', '--timeout'], /^leakscope: option --timeout needs a value; see leakscope run --help$/],
  ['an unknown format', ['no-back.ts', '--format', 'pdf'], /^leakscope: unknown format "pdf"; use one of text, markdown, json, html$/],
  ['an unknown option', ['no-back.ts', '--fast'], /^leakscope: unknown option --fast; see leakscope run --help$/],
  ['a missing budget file', ['no-back.ts', '--budget', 'budget.yml'], /^leakscope: budget\.yml: /],
];

describe('leakscope run: bad input exits 2 with one line', () => {
  for (const [what, args, message] of CASES) {
    it(what, async () => {
      const { code, stdout, stderr } = await runMain(['run', ...args], { cwd: dir });
      expect(stderr.trimEnd()).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    });
  }

  it('the real binary names the line of a syntax error in a JavaScript scenario, which Node imports itself', async () => {
    // In-process, vitest's own loader would parse the file; only the binary shows what users get.
    const { code, stderr } = await spawnCli(['run', 'syntax.mjs'], { cwd: dir });
    expect(stderr).toBe('leakscope: scenario syntax.mjs could not be loaded: syntax.mjs:3: missing ) after argument list\n');
    expect(code).toBe(2);
  });

  it('the real binary says the same for a syntax error, without a stack trace', async () => {
    const { code, stdout, stderr } = await spawnCli(['run', 'syntax.ts'], { cwd: dir });
    expect(stderr).toMatch(/^leakscope: scenario syntax\.ts could not be loaded: syntax\.ts:3:\d+: Expected "\)" but found "}"\n$/);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('--help lists the scenario shape and the options', async () => {
    const { code, stdout } = await runMain(['run', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('{ url, setup?, action, back, repeat? }');
    expect(stdout).toContain('leakscope run URL --click SELECTOR [--back SELECTOR]');
    for (const env of ['NO_COLOR', 'FORCE_COLOR']) expect(stdout).toContain(env);
    for (const flag of [
      '--click',
      '--back',
      '--iterations',
      '--warmup',
      '--json',
      '--snapshots',
      '--timeout',
      '--format',
      '--budget',
      '--headed',
      '--extension',
      '--browser',
    ])
      expect(stdout).toContain(flag);
  });

  it("--help gives the runner's default step timeout", async () => {
    const { stdout } = await runMain(['run', '--help']);
    expect(stdout).toContain(`(default ${DEFAULT_STEP_TIMEOUT})`);
  });
});
