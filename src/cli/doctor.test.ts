import { describe, expect, it } from 'vitest';
import { checkNode, formatChecks } from './commands/doctor.ts';
import { runMain } from './testing/cli.ts';

describe('leakscope doctor', () => {
  it('accepts the Node.js versions of package.json engines and refuses older ones with the fix', () => {
    expect(checkNode('20.19.0').fix).toBeUndefined();
    expect(checkNode('22.1.0').fix).toBeUndefined();
    expect(checkNode('20.18.3').fix).toMatch(/needs Node\.js 20\.19 or later/);
    expect(checkNode('18.20.0').fix).toMatch(/upgrade Node\.js/);
  });

  it('says it cannot run when a needed check fails, and only notes an optional one', () => {
    const failed = formatChecks([
      { name: 'node', detail: 'v20.19.0' },
      { name: 'browser', detail: 'none usable', fix: 'install one' },
    ]);
    expect(failed).toContain('FAIL  browser  none usable');
    expect(failed).toContain('To fix:\n  browser: install one');
    expect(failed).toContain('Leakscope cannot run here yet.');
    const noted = formatChecks([
      { name: 'node', detail: 'v20.19.0' },
      { name: '@playwright/test', detail: 'not installed', fix: 'npm install -D @playwright/test', optional: true },
    ]);
    expect(noted).toContain('note  @playwright/test');
    expect(noted).toContain('Leakscope can run here.');
  });

  it('refuses arguments with one line and exit 2', async () => {
    const r = await runMain(['doctor', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('leakscope: doctor takes no arguments (got "extra"); usage: leakscope doctor\n');
  });

  it('fails with the fix when LEAKSCOPE_CHROMIUM names no file', async () => {
    const before = process.env.LEAKSCOPE_CHROMIUM;
    process.env.LEAKSCOPE_CHROMIUM = '/nonexistent/chromium';
    try {
      const r = await runMain(['doctor'], { env: { LEAKSCOPE_CHROMIUM: '/nonexistent/chromium' } });
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/FAIL {2}browser +none usable/);
      expect(r.stdout).toContain('the browser /nonexistent/chromium (from LEAKSCOPE_CHROMIUM) does not exist');
    } finally {
      if (before === undefined) delete process.env.LEAKSCOPE_CHROMIUM;
      else process.env.LEAKSCOPE_CHROMIUM = before;
    }
  });
});
