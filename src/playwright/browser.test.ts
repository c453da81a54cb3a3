import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBrandedChromeWithoutExtensionFlag, launchWithExtension, resolveChromium, versionOfLater } from './browser.ts';
import { LeakscopeError } from './errors.ts';

/** A stand-in binary that only answers `--version`, to reach the error paths without a real browser. */
function fakeBrowser(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakscope-fake-'));
  const path = join(dir, 'chrome');
  writeFileSync(path, `#!/bin/sh\necho "${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

const saved = process.env.LEAKSCOPE_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.LEAKSCOPE_CHROMIUM;
  else process.env.LEAKSCOPE_CHROMIUM = saved;
});

describe('resolveChromium', () => {
  it('finds a real Chromium on this machine and reports its version', () => {
    delete process.env.LEAKSCOPE_CHROMIUM;
    const found = resolveChromium();
    expect(found.version).toMatch(/Chrom(e|ium)/);
  });

  it('takes LEAKSCOPE_CHROMIUM first', () => {
    const path = fakeBrowser('Chromium 150.0.1.2');
    process.env.LEAKSCOPE_CHROMIUM = path;
    expect(resolveChromium()).toEqual({ executablePath: path, source: 'env', version: 'Chromium 150.0.1.2' });
  });

  it('says clearly when LEAKSCOPE_CHROMIUM points nowhere', () => {
    process.env.LEAKSCOPE_CHROMIUM = '/nonexistent/chromium';
    expect(() => resolveChromium()).toThrowError(LeakscopeError);
    expect(() => resolveChromium()).toThrowError(/\/nonexistent\/chromium \(from LEAKSCOPE_CHROMIUM\) does not exist; install one with/);
  });

  it('refuses branded Google Chrome, which ignores --load-extension, and says what to use instead', () => {
    process.env.LEAKSCOPE_CHROMIUM = fakeBrowser('Google Chrome 140.0.7339.80');
    expect(() => resolveChromium()).toThrowError(/ignores --load-extension; use Chromium or Chrome for Testing/);
    // Without the extension (the init-script mode) branded Chrome is fine.
    expect(resolveChromium({ requireExtensions: false }).version).toBe('Google Chrome 140.0.7339.80');
  });

  it('can leave the version to be asked while the browser starts, unless the extension check needs it', async () => {
    const path = fakeBrowser('Chromium 150.0.1.2');
    process.env.LEAKSCOPE_CHROMIUM = path;
    expect(resolveChromium({ requireExtensions: false, withVersion: false })).toEqual({ executablePath: path, source: 'env', version: '' });
    expect(resolveChromium({ withVersion: false }).version).toBe('Chromium 150.0.1.2');
    await expect(versionOfLater(path)).resolves.toBe('Chromium 150.0.1.2');
    await expect(versionOfLater('/nonexistent/chromium')).resolves.toBe('unknown');
  });

  it('tells branded Chrome apart from Chrome for Testing and from older Chrome', () => {
    expect(isBrandedChromeWithoutExtensionFlag('Google Chrome 137.0.1.0')).toBe(true);
    expect(isBrandedChromeWithoutExtensionFlag('Google Chrome 136.0.1.0')).toBe(false);
    expect(isBrandedChromeWithoutExtensionFlag('Google Chrome for Testing 140.0.1.0')).toBe(false);
    expect(isBrandedChromeWithoutExtensionFlag('Chromium 156.0.8078.108 built on Debian')).toBe(false);
  });
});

describe('launchWithExtension', () => {
  it('says how to get the build when there is no built extension', async () => {
    await expect(launchWithExtension({ extensionPath: mkdtempSync(join(tmpdir(), 'leakscope-empty-')) })).rejects.toThrowError(
      /no built extension at .* \(manifest\.json missing\); reinstall leakscope .*; in a checkout of Leakscope itself, run `npm run build`/,
    );
  });
});
