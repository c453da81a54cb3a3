/**
 * The extension as it is shipped: the built dist/extension carries package.json's version, and the zip that
 * `npm run package` writes (its script run here on the build already in dist/, which other tests use meanwhile, so
 * nothing is rebuilt) has manifest.json at its root, the icons, nothing a store upload must not carry, and, unzipped
 * and loaded into Chromium, works as the build does. Twins: a folder without manifest.json, a build of another
 * version and a zip whose manifest is not at its root are refused in one line.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { checkExtensionZip, listFiles } from '../scripts/extension-zip.ts';
import { launchWithExtension } from '../src/playwright/browser.ts';
import { FIXTURE_ORIGIN } from './fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist', 'extension');
const SCRIPT = join(ROOT, 'scripts', 'package-extension.ts');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const PKG_VERSION = readJson(join(ROOT, 'package.json')).version as string;
const ICONS = { '16': 'icons/icon-16.png', '32': 'icons/icon-32.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/package-extension.ts (what `npm run package` runs after the build) with `args`. */
function packageScript(args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Width and height from a PNG's IHDR. */
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

let tmp: string;
test.beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'leakscope-zip-e2e-'));
});
test.afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

test('the built manifest has package.json version, and manifest.json has none of its own', () => {
  expect(readJson(join(DIST, 'manifest.json')).version).toBe(PKG_VERSION);
  expect(readJson(join(ROOT, 'manifest.json'))).not.toHaveProperty('version');
});

test.describe('the zip of the build', () => {
  const zipName = `dist/leakscope-extension-${PKG_VERSION}.zip`;
  let run: Run;
  let entries: Record<string, Uint8Array>;
  let unzipped: string;

  test.beforeAll(async () => {
    run = await packageScript();
    entries = unzipSync(readFileSync(join(ROOT, zipName)));
    unzipped = join(tmp, 'unzipped');
    for (const [path, bytes] of Object.entries(entries)) {
      if (path.endsWith('/')) continue;
      mkdirSync(dirname(join(unzipped, path)), { recursive: true });
      writeFileSync(join(unzipped, path), bytes);
    }
  });

  test('is written where the README says, named after the version, and says its size and file count', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const size = statSync(join(ROOT, zipName)).size;
    expect(run.stdout).toBe(
      `${zipName}: ${size.toLocaleString('en-US')} bytes (${(size / 1024).toFixed(1)} KiB), ${Object.keys(entries).length} files\n`,
    );
  });

  test('has manifest.json at its root with the version, the icons it names, and the whole build but nothing to leave out', () => {
    const paths = Object.keys(entries).sort();
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as { version: string; icons: Record<string, string> };
    expect(manifest.version).toBe(PKG_VERSION);
    expect(manifest.icons).toEqual(ICONS);
    for (const [size, path] of Object.entries(ICONS)) {
      expect(entries[path], path).toEqual(new Uint8Array(readFileSync(join(ROOT, path))));
      expect(pngSize(entries[path]!)).toEqual([Number(size), Number(size)]);
    }
    expect(paths.filter((p) => p.endsWith('.map') || p.split('/').some((part) => part.startsWith('.')))).toEqual([]);
    expect(paths.filter((p) => /(^|\/)(e2e|tests?|demo|fixtures?)(\/|$)|\.(test|spec)\.|(^|\/)(test|demo)[^/]*\.html$/i.test(p))).toEqual([]);
    // This build has nothing to leave out: the zip is all of it, the worker, scripts and pages included.
    expect(paths).toEqual(listFiles(DIST));
    expect(paths).toEqual(
      expect.arrayContaining([
        'service-worker-loader.js',
        'src/content/instrument/index.js',
        'src/content/relay.js',
        'src/panel/devtools.html',
        'src/panel/panel.html',
      ]),
    );
    expect(checkExtensionZip(readFileSync(join(ROOT, zipName)), PKG_VERSION).files).toEqual(paths);
  });

  test('unzipped and loaded, it starts its service worker, instruments a page and its panel watches it', async () => {
    const ext = await launchWithExtension({ extensionPath: unzipped, args: ['--silent-debugger-extension-api'] });
    try {
      expect(ext.serviceWorker.url()).toBe(`chrome-extension://${ext.extensionId}/service-worker-loader.js`);
      expect(await ext.serviceWorker.evaluate(() => chrome.runtime.getManifest().version)).toBe(PKG_VERSION);
      const iconSizes = await ext.serviceWorker.evaluate(
        (paths) => Promise.all(paths.map(async (p) => (await (await fetch(chrome.runtime.getURL(p))).arrayBuffer()).byteLength)),
        Object.values(ICONS),
      );
      expect(iconSizes).toEqual(Object.values(ICONS).map((p) => statSync(join(unzipped, p)).size));

      const page = await ext.context.newPage();
      await page.route(`${FIXTURE_ORIGIN}/**`, (route) =>
        route.fulfill({ contentType: 'text/html', body: readFileSync(join(ROOT, 'e2e', 'pages', 'blank.html')) }),
      );
      await page.goto(`${FIXTURE_ORIGIN}/blank.html`);
      await expect.poll(() => page.evaluate(() => Symbol.for('leakscope') in window)).toBe(true);
      const counts = await page.evaluate(() => {
        const readout = (window as unknown as Record<symbol, { stats(): { listeners: number } }>)[Symbol.for('leakscope')]!;
        const before = readout.stats().listeners;
        document.getElementById('host')!.addEventListener('click', () => undefined);
        return { before, after: readout.stats().listeners };
      });
      expect(counts.after).toBe(counts.before + 1);

      const marker = `leakscope-zip-${Date.now()}`;
      await page.evaluate((t) => (document.title = t), marker);
      const tabId = await ext.serviceWorker.evaluate(async (t) => (await chrome.tabs.query({ title: t }))[0]?.id, marker);
      expect(tabId).toBeDefined();
      const panel = await ext.context.newPage();
      await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
      await expect(panel.getByTestId('status')).toContainText('Live');
    } finally {
      await ext.close();
    }
  });
});

test('source maps, dotfiles, .vite/ and test or demo pages next to the build stay out of the zip, and it says so', async () => {
  const from = join(tmp, 'build-with-extras');
  cpSync(DIST, from, { recursive: true });
  const extras = [
    '.vite/manifest.json',
    '.DS_Store',
    'assets/panel.js.map',
    'e2e/page.html',
    'src/panel/demo.html',
    'src/panel/test-page.html',
    'tests/a.js',
    'assets/util.spec.js',
  ];
  for (const path of extras) {
    mkdirSync(dirname(join(from, path)), { recursive: true });
    writeFileSync(join(from, path), 'x');
  }
  const out = join(tmp, 'extras.zip');
  const result = await packageScript(['--from', from, '--out', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(
    new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\d,]+ bytes \\([\\d.]+ KiB\\), ${listFiles(DIST).length} files$`),
  );
  for (const path of extras) expect(lines[1]).toContain(path);
  expect(Object.keys(unzipSync(readFileSync(out))).sort()).toEqual(listFiles(DIST));
});

test.describe('negative twins: each refused with one line and no zip', () => {
  const refused = async (args: string[], message: string, out: string) => {
    const result = await packageScript([...args, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n') && result.stderr.split('\n').length === 2, result.stderr).toBe(true);
    expect(result.stderr.trimEnd()).toBe(message);
    expect(existsSync(out)).toBe(false);
  };

  test('a build without manifest.json', async () => {
    const from = join(tmp, 'no-manifest');
    cpSync(DIST, from, { recursive: true });
    rmSync(join(from, 'manifest.json'));
    await refused(
      ['--from', from],
      `package-extension: no built extension at ${from} (manifest.json missing); run \`npm run build\` first`,
      join(tmp, 'no-manifest.zip'),
    );
  });

  test('no build at all', async () => {
    const from = join(tmp, 'nothing-here');
    await refused(
      ['--from', from],
      `package-extension: no built extension at ${from} (the folder does not exist); run \`npm run build\` first`,
      join(tmp, 'nothing.zip'),
    );
  });

  test('a build of another version (package.json was bumped since)', async () => {
    const from = join(tmp, 'old-build');
    cpSync(DIST, from, { recursive: true });
    const manifest = readJson(join(from, 'manifest.json'));
    writeFileSync(join(from, 'manifest.json'), JSON.stringify({ ...manifest, version: '0.0.1' }));
    await refused(
      ['--from', from],
      `package-extension: ${from}/manifest.json has version "0.0.1" but package.json has "${PKG_VERSION}"; run \`npm run build\` first`,
      join(tmp, 'old.zip'),
    );
  });

  test('a zip with manifest.json in a folder instead of at its root, or with none, fails the check', () => {
    const files = Object.fromEntries(listFiles(DIST).map((p) => [p, new Uint8Array(readFileSync(join(DIST, p)))]));
    const nested = zipSync(Object.fromEntries(Object.entries(files).map(([p, b]) => [`extension/${p}`, b])));
    expect(() => checkExtensionZip(nested)).toThrow(
      /^the zip has no manifest\.json at its root \(only extension\/manifest\.json: zip the folder's contents, not the folder\)$/,
    );
    const { ['manifest.json']: _manifest, ...withoutManifest } = files;
    expect(() => checkExtensionZip(zipSync(withoutManifest))).toThrow(/^the zip has no manifest\.json at its root$/);
    // The same files with the manifest where it belongs pass: the check is what tells them apart.
    expect(checkExtensionZip(zipSync(files), PKG_VERSION).manifest.version).toBe(PKG_VERSION);
  });
});
