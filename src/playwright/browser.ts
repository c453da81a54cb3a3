/**
 * Finding a Chromium that can run Leakscope, and launching it with the extension loaded.
 *
 * Used by the e2e tests, `npm start`, `leakscope doctor` and the Playwright API.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { chromium } from './chromium.ts';
import { LeakscopeError } from './errors.ts';
import { leakscopeRoot } from './package-root.ts';

/** Where a resolved browser came from, in the order they are tried. */
export type BrowserSource = 'env' | 'playwright' | 'system';

export interface ResolvedBrowser {
  executablePath: string;
  source: BrowserSource;
  /** What the binary says of itself (`--version`), e.g. "Chromium 156.0.8078.108". */
  version: string;
}

/** The unpacked extension inside the package (`npm run build` writes it; the published package ships it). */
export const DEFAULT_EXTENSION_DIR = join(leakscopeRoot(), 'dist', 'extension');

/** What to do when a built file the package ships is missing. */
export const MISSING_BUILD_FIX = 'reinstall leakscope (npm install -D leakscope); in a checkout of Leakscope itself, run `npm run build`';

const HOW_TO_GET_ONE =
  'install one with `npx playwright install chromium` or, on Debian/Ubuntu, `apt-get install chromium`, ' +
  'or point LEAKSCOPE_CHROMIUM at a Chromium or Chrome for Testing binary';

/**
 * Flags every launch gets. The network ones keep Chromium from phoning home, which on closed networks
 * fails noisily and slows start-up; none of them changes how pages run.
 */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const VERSION_OPTIONS = { encoding: 'utf8', timeout: 15_000 } as const;

function versionOf(executablePath: string): string {
  try {
    return execFileSync(executablePath, ['--version'], { ...VERSION_OPTIONS, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Some builds refuse --version without a display; the launch itself will tell more.
    return 'unknown';
  }
}

/**
 * {@link ResolvedBrowser.version} without waiting for it: for a caller that starts the browser meanwhile (the
 * `--version` process takes about 40 ms here). "unknown" when the binary does not say.
 */
export function versionOfLater(executablePath: string): Promise<string> {
  return new Promise((resolveVersion) =>
    execFile(executablePath, ['--version'], VERSION_OPTIONS, (err, stdout) => resolveVersion(err ? 'unknown' : stdout.trim())),
  );
}

/**
 * Branded Google Chrome ignores `--load-extension` since version 137; Chromium and Chrome for Testing honour it.
 * https://groups.google.com/a/chromium.org/g/chromium-extensions/c/aEHdhDZ-V0E
 */
export function isBrandedChromeWithoutExtensionFlag(version: string): boolean {
  const m = /^Google Chrome (\d+)\./.exec(version);
  return m !== null && Number(m[1]) >= 137;
}

function playwrightChromium(): string | undefined {
  try {
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    // playwright-core throws when it has no browser registry for this platform: not installed, try the next.
    return undefined;
  }
}

/**
 * Resolves the Chromium binary: `LEAKSCOPE_CHROMIUM`, then Playwright's installed Chromium, then the system's
 * `chromium` / `chromium-browser`.
 *
 * @param opts.requireExtensions when true (the default), a branded Chrome that would silently ignore the
 *   extension is refused with a clear error.
 * @param opts.withVersion false: leave `version` empty (unless the extension check needs it) and ask
 *   {@link versionOfLater} while the browser starts.
 * @throws LeakscopeError (exit code 2) when nothing usable is found.
 * @example
 * const { executablePath } = resolveChromium();
 */
export function resolveChromium(opts: { requireExtensions?: boolean; explicitPath?: string; withVersion?: boolean } = {}): ResolvedBrowser {
  const requireExtensions = opts.requireExtensions ?? true;
  const check = (executablePath: string, source: BrowserSource): ResolvedBrowser => {
    // Without a check to make, the version can be asked later (versionOfLater), while the browser starts.
    if (!requireExtensions && opts.withVersion === false) return { executablePath, source, version: '' };
    const version = versionOf(executablePath);
    if (requireExtensions && isBrandedChromeWithoutExtensionFlag(version)) {
      throw new LeakscopeError(
        `${executablePath} is ${version}, which ignores --load-extension; use Chromium or Chrome for Testing instead (${HOW_TO_GET_ONE})`,
      );
    }
    return { executablePath, source, version };
  };

  const explicit = opts.explicitPath ?? process.env.LEAKSCOPE_CHROMIUM;
  if (explicit) {
    if (!existsSync(explicit)) {
      throw new LeakscopeError(
        `the browser ${explicit} (from ${opts.explicitPath ? '--browser' : 'LEAKSCOPE_CHROMIUM'}) does not exist; ${HOW_TO_GET_ONE}`,
      );
    }
    return check(explicit, 'env');
  }
  const fromPlaywright = playwrightChromium();
  if (fromPlaywright) return check(fromPlaywright, 'playwright');
  for (const candidate of ['/usr/bin/chromium', onPath('chromium'), onPath('chromium-browser')]) {
    if (candidate && existsSync(candidate)) return check(candidate, 'system');
  }
  throw new LeakscopeError(`no Chromium found; ${HOW_TO_GET_ONE}`);
}

export interface ExtensionLaunchOptions {
  /** The unpacked extension folder; defaults to the one inside the package (`dist/extension/`). */
  extensionPath?: string;
  headless?: boolean;
  /** A browser binary; defaults to {@link resolveChromium}. */
  executablePath?: string;
  /** Extra Chromium flags. */
  args?: string[];
  /** How long to wait for the extension's service worker, in ms. */
  timeout?: number;
  /**
   * Keep the back/forward cache on, as in a user's browser (Playwright turns it off by default), so that pages
   * restored from it can be watched.
   */
  backForwardCache?: boolean;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  browser: ResolvedBrowser;
  /** Closes the browser and deletes its temporary profile. */
  close: () => Promise<void>;
}

/**
 * Launches Chromium with the Leakscope extension loaded, in a fresh temporary profile.
 *
 * @example
 * const { context, extensionId, close } = await launchWithExtension({ headless: true });
 * const page = await context.newPage();
 * await page.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=1`);
 * await close();
 */
export async function launchWithExtension(opts: ExtensionLaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionPath = resolve(opts.extensionPath ?? DEFAULT_EXTENSION_DIR);
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new LeakscopeError(`no built extension at ${extensionPath} (manifest.json missing); ${MISSING_BUILD_FIX}`);
  }
  const browser = opts.executablePath
    ? { executablePath: opts.executablePath, source: 'env' as const, version: versionOf(opts.executablePath) }
    : resolveChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'leakscope-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: browser.executablePath,
      headless: opts.headless ?? true,
      args: [...BASE_ARGS, `--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`, ...(opts.args ?? [])],
      ...(opts.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    const first = String((err as Error).message ?? err).split('\n')[0];
    throw new LeakscopeError(`could not start ${browser.executablePath}: ${first}`);
  }
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: opts.timeout ?? 15_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, extensionId, serviceWorker, browser, close };
  } catch {
    await close();
    throw new LeakscopeError(
      `${browser.version} started but did not load the extension from ${extensionPath}; use Chromium or Chrome for Testing (${HOW_TO_GET_ONE})`,
    );
  }
}
