/**
 * How the `leaks` fixture shows in Playwright Test's own report, run as a user's suite through Playwright's CLI
 * (e2e/support/steps/): each `leaks.cycle` and `leaks.snapshot` is one boxed step with the Playwright calls it made
 * inside it, not dozens of calls at the test's top level; an error inside a cycle points at the test's
 * `leaks.cycle` line; and no line of the matcher's failure message is taken for a stack frame of the test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { StepNode } from './support/steps/steps-reporter.ts';
import { useDemoServer } from './support/demo-server.ts';

const CONFIG = fileURLToPath(new URL('./support/steps/playwright.config.ts', import.meta.url));
const SPEC = fileURLToPath(new URL('./support/steps/steps.leaks.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../node_modules/@playwright/test/cli.js', import.meta.url));

const demo = useDemoServer(test);

interface JsonStep {
  title: string;
  steps?: JsonStep[];
}
interface JsonResult {
  status: string;
  error?: { message?: string; stack?: string };
  errorLocation?: { file: string; line: number; column: number };
  steps?: JsonStep[];
}
interface JsonSuite {
  specs?: { title: string; tests: { results: JsonResult[] }[] }[];
  suites?: JsonSuite[];
}

const specsOf = (suite: JsonSuite): NonNullable<JsonSuite['specs']> => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];

/** Runs the suite; resolves with each test's JSON result and its steps as the steps reporter saw them. */
function runSuite(): Promise<{ results: Map<string, JsonResult>; steps: Record<string, StepNode[]> }> {
  const dir = mkdtempSync(join(tmpdir(), 'leakscope-steps-'));
  const stepsFile = join(dir, 'steps.json');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'test', '--config', CONFIG],
      {
        env: { ...process.env, LEAKSCOPE_DEMO_URL: demo.url, LEAKSCOPE_STEPS_FILE: stepsFile, CI: '' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
      (_err, stdout, stderr) => {
        try {
          const specs = (JSON.parse(stdout) as { suites: JsonSuite[] }).suites.flatMap(specsOf);
          const results = new Map(specs.map((s) => [s.title, s.tests[0]!.results[0]!]));
          resolve({ results, steps: JSON.parse(readFileSync(stepsFile, 'utf8')) as Record<string, StepNode[]> });
        } catch {
          reject(new Error(`the suite printed no JSON report: ${stderr.slice(0, 2000)}`));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}

test('leaks.cycle and leaks.snapshot are one boxed step each; errors point at the test; the message has no stack frames', async () => {
  test.setTimeout(120_000);
  const { results, steps } = await runSuite();

  // The JSON reporter (test.step steps only): the fixture's two steps, titled with what they do.
  const fixed = results.get('fixed: a snapshot, a cycle and the matcher')!;
  expect(fixed.status).toBe('passed');
  expect(fixed.steps?.map((s) => s.title)).toEqual(['leaks.snapshot ("start")', 'leaks.cycle (1 warm-up + 3 iterations)']);

  // Every step (the steps reporter): at the top level, the test's own calls and the fixture's two steps; the
  // fixture's Playwright calls (the waits for the load event, the cycle's clicks) and its attachments sit inside
  // its steps.
  const top = steps['fixed: a snapshot, a cycle and the matcher']!;
  const body = top.filter((s) => s.category !== 'hook');
  expect(body.map((s) => `${s.category}: ${s.title}`)).toEqual([
    'pw:api: Navigate',
    'test.step: leaks.snapshot ("start")',
    'test.step: leaks.cycle (1 warm-up + 3 iterations)',
    'expect: Expect "toHaveNoLeaks"',
  ]);
  const cycle = body.find((s) => s.title.startsWith('leaks.cycle'))!;
  const inside = new Set(cycle.steps.map((s) => s.title));
  for (const title of ['Wait for load state', 'Click', 'Attach "leakscope-report.json"', 'Attach "leakscope-report.html"'])
    expect(inside).toContain(title);
  expect(cycle.steps.length).toBeGreaterThan(20);
  expect(body.find((s) => s.title.startsWith('leaks.snapshot'))!.steps.map((s) => s.title)).toContain('Wait for load state');

  // A failing leak check: the message lists the leaks; Playwright found no stack frame in it (the only frame of
  // the error is the test's line).
  const leaky = results.get('leaky: the matcher fails')!;
  expect(leaky.status).toBe('failed');
  expect(leaky.error?.message).toContain('listener: "resize" listener on window');
  const frames = (leaky.error?.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  expect(frames).toEqual([expect.stringContaining(`${SPEC}:`)]);

  // A click that fails inside a cycle: the error points at the test's leaks.cycle line, not into Leakscope.
  const failing = results.get('a click inside the cycle fails')!;
  expect(failing.status).toBe('failed');
  expect(failing.error?.message).toContain("waiting for locator('#nowhere')");
  const cycleLine =
    readFileSync(SPEC, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('await leaks.cycle(async () => {')) + 1;
  expect(failing.errorLocation).toMatchObject({ file: SPEC, line: cycleLine });
});
