/**
 * Leakscope as a user installs it: `npm pack`'s tarball installed into a new project outside this repository, next
 * to `@playwright/test`, and used there the way the README's "Use it in your project" says. TypeScript, ESM and
 * CommonJS specs give the expected pass and fail with the leak's line; the project's own strict `tsc` (no
 * skipLibCheck) is clean under three module resolutions; the CLI runs from node_modules/.bin; and what the package
 * ships and pulls in is what it should. Packaging can then never silently break again.
 *
 * The tarball is packed with --ignore-scripts: `npm test` has built dist/ already, and other tests read it now.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { leakMarker } from '../demo/markers.ts';
import { resolveChromium } from '../src/playwright/browser.ts';
import { useDemoServer } from './support/demo-server.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROJECT_FILES = fileURLToPath(new URL('./support/consumer/', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What the new project installs beside Leakscope: the versions this repository tests with, so npm's cache serves them. */
function versionOf(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command in the user's project with an environment of its own: none of this test runner's variables
 * (a nested Playwright Test would take them for its own worker's).
 */
function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}, timeout = 240_000): Promise<Ran> {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'npm_config_cache', 'PLAYWRIGHT_BROWSERS_PATH', 'LEAKSCOPE_CHROMIUM']) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...base, CI: '1', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(r: Ran, what: string): Ran {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
}

const demo = useDemoServer(test);

let project = '';
let tarball = '';
let tarballFiles: string[] = [];
/** The browser the user's config names: this machine has no Playwright download, as many CI images do not. */
const chromium = resolveChromium({ requireExtensions: false, withVersion: false }).executablePath;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const packs = mkdtempSync(join(tmpdir(), 'leakscope-pack-'));
  const packed = ok(await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], ROOT), 'npm pack');
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(packs, info!.filename);
  tarballFiles = info!.files.map((f) => f.path);

  project = mkdtempSync(join(tmpdir(), 'leakscope-consumer-'));
  cpSync(PROJECT_FILES, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-users-app', private: true, version: '1.0.0' }, null, 2));
  ok(
    await run(
      NPM,
      [
        'install',
        '--save-dev',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
        `@playwright/test@${versionOf('@playwright/test')}`,
        `typescript@${versionOf('typescript')}`,
        `@types/node@${versionOf('@types/node')}`,
      ],
      project,
    ),
    'npm install',
  );
});

test.afterAll(() => {
  if (project && !process.env.LEAKSCOPE_KEEP_CONSUMER) rmSync(project, { recursive: true, force: true });
  if (tarball) rmSync(join(tarball, '..'), { recursive: true, force: true });
});

test('the tarball holds the build, the types and the extension, and no tests, benchmarks or sources', () => {
  for (const file of [
    'package.json',
    'README.md',
    'LICENSE',
    'bin/leakscope.mjs',
    'dist/lib/cli.mjs',
    'dist/lib/index.mjs',
    'dist/lib/index.cjs',
    'dist/lib/index.d.mts',
    'dist/lib/index.d.cts',
    'dist/lib/playwright.mjs',
    'dist/lib/playwright.cjs',
    'dist/lib/playwright.d.mts',
    'dist/lib/playwright.d.cts',
    'dist/extension/manifest.json',
    'dist/extension/src/content/instrument/index.js',
    'schema/snapshot.schema.json',
  ]) {
    expect(tarballFiles, file).toContain(file);
  }
  const unwanted = tarballFiles.filter(
    (f) =>
      /^(e2e|bench|src|demo|scripts|docs|\.ci)\//.test(f) || /\.(test|spec)\.[cm]?[jt]s$/.test(f) || /\.ts$/.test(f.replace(/\.d\.[cm]?ts$/, '')),
  );
  expect(unwanted).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules/leakscope/package.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.private).toBeUndefined();
  expect(manifest.scripts).not.toHaveProperty('postinstall');
  expect(manifest.scripts).not.toHaveProperty('install');
});

test("the project's production dependencies pull in no panel or build packages", async () => {
  const listed = ok(await run(NPM, ['ls', '--omit=dev', '--all', '--parseable'], project), 'npm ls --omit=dev');
  const names = listed.stdout.split('\n').filter(Boolean);
  for (const name of ['react', 'react-dom', 'uplot', 'webextension-polyfill', 'vite', '@crxjs/vite-plugin']) {
    expect(names.filter((p) => p.endsWith(`/node_modules/${name}`))).toEqual([]);
  }
  // Among the dev dependencies: Leakscope and, deduplicated, the user's own Playwright.
  const all = ok(await run(NPM, ['ls', '--all', '--parseable', 'playwright-core'], project), 'npm ls playwright-core');
  expect(all.stdout.split('\n').filter((p) => p.endsWith('/node_modules/playwright-core'))).toHaveLength(1);
});

interface JsonResult {
  status: string;
  errors: { message?: string }[];
  attachments: { name: string }[];
}
interface JsonSuite {
  specs?: { title: string; tests: { results: JsonResult[] }[] }[];
  suites?: JsonSuite[];
}
const specsOf = (suite: JsonSuite): NonNullable<JsonSuite['specs']> => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];

test('TypeScript, ESM and CommonJS specs, and the packaged extension: the leaky route fails with the listener line, the fixed one passes', async () => {
  test.setTimeout(300_000);
  const r = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], project, { APP_URL: demo.url, CHROMIUM: chromium });
  const resultsFile = join(project, 'results.json');
  expect(existsSync(resultsFile), `no JSON report (exit ${r.code}): ${r.stdout.slice(-2000)} ${r.stderr.slice(-2000)}`).toBe(true);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { suites: JsonSuite[]; errors: { message?: string }[] };
  const byTitle = new Map(results.suites.flatMap(specsOf).map((s) => [s.title, s.tests[0]!.results[0]!]));
  expect([...byTitle.keys()].sort(), results.errors.map((e) => e.message).join('\n')).toEqual([
    'cjs: fixed listeners',
    'cjs: leaky listeners',
    'extension: leaky listeners',
    'mjs: fixed listeners',
    'mjs: leaky listeners',
    'ts: fixed listeners',
    'ts: leaky listeners',
    'ts: snapshot files read back and diffed with the core entry',
  ]);
  const resize = leakMarker('listeners-window');
  const keydown = leakMarker('listeners-document');
  for (const kind of ['ts', 'mjs', 'cjs', 'extension']) {
    const leaky = byTitle.get(`${kind}: leaky listeners`)!;
    expect(leaky.status, kind).toBe('failed');
    const message = leaky.errors.map((e) => e.message ?? '').join('\n');
    expect(message).toContain('Leakscope: ');
    expect(message).toContain(`${resize.path}:${resize.line}`);
    expect(message).toContain(`${keydown.path}:${keydown.line}`);
    const fixed = byTitle.get(`${kind}: fixed listeners`);
    if (kind !== 'extension') expect(fixed?.status, `${kind}: ${fixed?.errors.map((e) => e.message).join('\n')}`).toBe('passed');
    for (const result of fixed ? [leaky, fixed] : [leaky]) {
      expect(result.attachments.map((a) => a.name).filter((n) => n.startsWith('leakscope'))).toEqual([
        'leakscope-report.json',
        'leakscope-report.html',
      ]);
    }
  }
  const core = byTitle.get('ts: snapshot files read back and diffed with the core entry')!;
  expect(core.status, core.errors.map((e) => e.message).join('\n')).toBe('passed');
  // A failing suite fails the CI job.
  expect(r.code).toBe(1);
});

// Node10 with CommonJS is how `tsc --init` sets up an older project, with esModuleInterop (zod's own CommonJS
// declarations, which ours refer to, need it there).
for (const [resolution, module] of [
  ['NodeNext', 'NodeNext'],
  ['Node10', 'CommonJS'],
  ['Bundler', 'ESNext'],
] as const) {
  test(`the project's strict tsc, without skipLibCheck, is clean with moduleResolution ${resolution}`, async () => {
    // Checking every declaration file (Node's, Playwright's, ours) takes 10-40 s on a busy two-core machine.
    test.setTimeout(180_000);
    const config = `tsconfig.${resolution.toLowerCase()}.json`;
    writeFileSync(
      join(project, config),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { module, moduleResolution: resolution, ...(resolution === 'Node10' ? { esModuleInterop: true } : {}) },
      }),
    );
    const r = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], project);
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.code).toBe(0);
  });
}

test('the CLI from node_modules/.bin: version, doctor, a .mjs scenario that leaks, a .ts scenario that does not', async () => {
  test.setTimeout(180_000);
  const bin = join(project, 'node_modules', '.bin', 'leakscope');
  const env = { APP_URL: demo.url, LEAKSCOPE_CHROMIUM: chromium };

  const version = await run(bin, ['--version'], project, env);
  expect(version.stdout.trim()).toBe(pkg.version);

  const doctor = await run(bin, ['doctor'], project, env);
  expect(doctor.stdout).toContain('Leakscope can run here.');
  expect(doctor.stdout).toContain(join(project, 'node_modules', 'leakscope', 'dist', 'extension'));
  expect(doctor.code).toBe(0);

  const leaky = await run(bin, ['run', 'scenarios/listeners.mjs', '--iterations', '3'], project, env);
  const resize = leakMarker('listeners-window');
  expect(leaky.stdout).toContain(`${resize.path}:${resize.line}`);
  expect(leaky.code).toBe(1);

  const fixed = await run(bin, ['run', 'scenarios/listeners-fixed.ts', '--iterations', '3'], project, env);
  expect(fixed.stderr).not.toContain('cannot start');
  expect(fixed.code, `${fixed.stdout}\n${fixed.stderr}`).toBe(0);
});

test('a broken install says what is missing and how to fix it, in one line', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'leakscope-broken-'));
  try {
    cpSync(join(project, 'node_modules', 'leakscope'), join(copy, 'leakscope'), { recursive: true });
    rmSync(join(copy, 'leakscope', 'dist', 'lib'), { recursive: true });
    const r = await new Promise<Ran>((resolve) =>
      execFile(process.execPath, [join(copy, 'leakscope', 'bin', 'leakscope.mjs'), '--help'], (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      ),
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^leakscope: cannot start: .*cli\.mjs is missing; reinstall leakscope/);
    expect(r.code).toBe(3);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
