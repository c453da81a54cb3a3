/**
 * `leakscope diff` end to end, on snapshot files built with the builder: the real binary in a child process for
 * the main paths, `main()` in this process for the variations (a child process costs about half a second of CPU).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../core/report/parse.ts';
import { frame, snapshot } from '../core/testing/builder.ts';
import { runMain, spawnCli } from './testing/cli.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leakscope-cli-'));
  const stack = [frame('mountChart', '/src/chart.js', 33, 11), frame('render', '/src/app.js', 5, 1)];
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  write('before.json', JSON.stringify(snapshot(0).group({ type: 'resize', count: 1, stack }).build(), null, 2));
  write('after.json', JSON.stringify(snapshot(5).group({ type: 'resize', count: 6, stack }).detached({ id: 'dialog' }, 5).build()));
  write(
    'clean-after.json',
    JSON.stringify(snapshot(5).group({ type: 'resize', count: 1, stack }).counters({ nodes: 1040, jsEventListeners: 55 }).build()),
  );
  write('budget.yml', 'listener: 1\ndetached-dom: 1\n');
  write('tight.yml', 'listener: 0.5\ndetached-dom: 1\n');
  write(
    'polluted.json',
    JSON.stringify(snapshot(5).group({ type: 'resize', count: 1, stack }).build()).replace(
      '{"schema"',
      '{"__proto__":{"leaks":[1]},"constructor":{"prototype":{"polluted":1}},"schema"',
    ),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('leakscope diff (the real binary)', () => {
  it('exits 1 on a leaky pair and names the leak and its source line', async () => {
    const r = await spawnCli(['diff', 'before.json', 'after.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Leakscope: 2 leaks found over 5 iterations \(baseline -> iteration 5\)/);
    expect(r.stdout).toContain('LEAK listener  "resize" listener on window');
    expect(r.stdout).toContain('created at mountChart (https://app.test/src/chart.js:33:11)');
    expect(r.stdout).toContain('LEAK detached-dom  detached div#dialog.modal');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('exits 0 on a clean pair, even when raw counters grew', async () => {
    const r = await spawnCli(['diff', 'before.json', 'clean-after.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Leakscope: no leaks found/);
  });

  it('writes JSON that reads back as a report', async () => {
    const r = await spawnCli(['diff', 'before.json', 'after.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = parseReport(r.stdout, 'stdout');
    expect(report.leaks.map((l) => l.kind)).toEqual(['listener', 'detached-dom']);
    expect(report.mode).toBe('pair');
  });

  it('writes HTML to --out and a summary to stdout', async () => {
    const r = await spawnCli(['diff', 'before.json', 'after.json', '-f', 'html', '--out', 'report.html'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Leakscope: 2 leaks found over 5 iterations (baseline -> iteration 5); report written to report.html\n');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*mountChart \(https:\/\/app\.test\/src\/chart\.js:33:11\)/);
  });
});

describe('leakscope diff (in process)', () => {
  it('writes markdown', async () => {
    const r = await runMain(['diff', 'before.json', 'after.json', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## 🔴 Leakscope: 2 leaks found/);
  });

  it('exits 0 when the leaks are within --budget', async () => {
    const r = await runMain(['diff', 'before.json', 'after.json', '--budget', 'budget.yml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Leakscope: no leaks beyond the budget \(2 within budget\)/);
    expect(r.stdout).toContain('WITHIN BUDGET listener');
  });

  it('exits 1 when over --budget', async () => {
    expect((await runMain(['diff', 'before.json', 'after.json', '--budget', 'tight.yml'], { cwd: dir })).code).toBe(1);
  });

  it('lets --allow override the budget file', async () => {
    expect((await runMain(['diff', 'before.json', 'after.json', '--budget', 'tight.yml', '--allow', 'listener=1'], { cwd: dir })).code).toBe(0);
    expect((await runMain(['diff', 'before.json', 'after.json', '--allow', 'listener=1', '--allow', 'detached-dom=1'], { cwd: dir })).code).toBe(0);
  });

  it('writes every format to --out', async () => {
    for (const [format, start] of [
      ['text', 'Leakscope: '],
      ['markdown', '## '],
      ['json', '{'],
      ['html', '<!doctype html>'],
    ] as const) {
      const r = await runMain(['diff', 'before.json', 'after.json', '--format', format, '--out', `out.${format}`], { cwd: dir, tty: true });
      expect(r.code).toBe(1);
      const written = readFileSync(join(dir, `out.${format}`), 'utf8');
      expect(written.startsWith(start)).toBe(true);
      expect(written).not.toContain('\u001b[');
    }
  });

  it('ignores __proto__, constructor and prototype keys in snapshot files', async () => {
    const r = await runMain(['diff', 'before.json', 'polluted.json'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  it('colours a terminal unless NO_COLOR is set to something; FORCE_COLOR colours a pipe too (src/cli/io.test.ts has every case)', async () => {
    const run = async (tty: boolean, env: Record<string, string>) =>
      (await runMain(['diff', 'before.json', 'after.json'], { cwd: dir, tty, env })).stdout;
    expect(await run(true, {})).toContain('\u001b[');
    expect(await run(true, { NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(await run(true, { NO_COLOR: '' })).toContain('\u001b[');
    expect(await run(false, {})).not.toContain('\u001b[');
    expect(await run(false, { FORCE_COLOR: '1' })).toContain('\u001b[');
    expect(await run(true, { FORCE_COLOR: '0' })).not.toContain('\u001b[');
  });

  it('reads snapshots in either order: the reverse of a leak is clean', async () => {
    expect((await runMain(['diff', 'after.json', 'before.json'], { cwd: dir })).code).toBe(0);
  });
});
