/**
 * `leakscope/playwright` in a user's suite spread with `--shard` over two "machines" (two runs of Playwright's CLI),
 * each with two workers: every test runs in exactly one shard, the leaky ones fail with their leak and line, the
 * fixed ones pass, and each test's report is attached to its own result.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { leakMarker } from '../demo/markers.ts';
import { useDemoServer } from './support/demo-server.ts';
import { expect, test } from '@playwright/test';

const CONFIG = fileURLToPath(new URL('./support/sharded/playwright.config.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../node_modules/@playwright/test/cli.js', import.meta.url));

const demo = useDemoServer(test);

interface JsonResult {
  status: string;
  errors: { message?: string }[];
  attachments: { name: string }[];
}
interface JsonSpec {
  title: string;
  tests: { results: JsonResult[] }[];
}
interface JsonSuite {
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}

function specsOf(suite: JsonSuite): JsonSpec[] {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
}

/** Runs shard `n` of 2 of the user's suite; resolves with its JSON report's specs. */
function runShard(n: number): Promise<{ code: number | null; specs: JsonSpec[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'test', '--config', CONFIG, `--shard=${n}/2`], {
      env: { ...process.env, LEAKSCOPE_DEMO_URL: demo.url, CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, specs: (JSON.parse(out) as { suites: JsonSuite[] }).suites.flatMap(specsOf) });
      } catch {
        reject(new Error(`shard ${n} printed no JSON report (exit ${code}): ${err.slice(0, 2000)}`));
      }
    });
  });
}

test('two shards of two workers: each test runs once, leaky ones fail with their line, fixed ones pass', async () => {
  test.setTimeout(180_000);
  const shards = await Promise.all([runShard(1), runShard(2)]);
  const all = shards.flatMap((s) => s.specs);
  // Every test ran, in exactly one shard, and each shard got some.
  expect(all.map((s) => s.title).sort()).toEqual(['detached, fixed', 'detached, leaky', 'listeners, fixed', 'listeners, leaky']);
  for (const shard of shards) expect(shard.specs.length).toBeGreaterThan(0);
  const byTitle = new Map(all.map((s) => [s.title, s.tests[0]!.results[0]!]));
  for (const title of ['listeners, fixed', 'detached, fixed']) expect(byTitle.get(title)!.status).toBe('passed');
  const listeners = byTitle.get('listeners, leaky')!;
  expect(listeners.status).toBe('failed');
  const resize = leakMarker('listeners-window');
  expect(listeners.errors.map((e) => e.message ?? '').join('\n')).toContain(`${resize.path}:${resize.line}`);
  expect(byTitle.get('detached, leaky')!.status).toBe('failed');
  expect(
    byTitle
      .get('detached, leaky')!
      .errors.map((e) => e.message ?? '')
      .join('\n'),
  ).toContain('detached-dom');
  // Each test's own report is attached to its own result.
  // (Playwright adds its own "error-context" to the failed ones.)
  for (const result of byTitle.values())
    expect(result.attachments.map((a) => a.name).filter((n) => n.startsWith('leakscope'))).toEqual([
      'leakscope-report.json',
      'leakscope-report.html',
    ]);
  // The shards with a leaky test fail, as a CI job would.
  for (const shard of shards) expect(shard.code).toBe(shard.specs.some((s) => s.title.endsWith('leaky')) ? 1 : 0);
});
