/**
 * Scenario files for `leakscope run`: a module whose default export says where to start and how to do and undo the
 * interaction under test (memlab's shape, with a Playwright `Page`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { LeakscopeError } from './errors.ts';

/**
 * A leak-check scenario: load `url`, run `setup` once, then cycles of `action` followed by `back`. What `action`
 * creates and `back` does not release grows with the cycles: that is the leak.
 *
 * @example
 * // scenarios/settings.ts
 * import type { Scenario } from 'leakscope/playwright';
 * export default {
 *   url: 'http://localhost:5173/',
 *   action: (page) => page.getByRole('link', { name: 'Settings' }).click(),
 *   back: (page) => page.getByRole('link', { name: 'Home' }).click(),
 * } satisfies Scenario;
 */
export interface Scenario {
  /** The page to load first; a function is called once, before the browser opens the page. */
  url: string | (() => string | Promise<string>);
  /** Runs once after the page has loaded (sign in, dismiss a banner). */
  setup?: (page: Page) => unknown;
  /** The interaction under test (open a view, a dialog...). */
  action: (page: Page) => unknown;
  /** Undoes `action` (go back to where the cycle started). It may navigate, also with a full page load. */
  back: (page: Page) => unknown;
  /** Extra `action` + `back` rounds inside each iteration (memlab's `repeat`); default 0. */
  repeat?: () => number;
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', ...TYPESCRIPT]);

/** The first meaningful line of a loader error, without the absolute path noise around it. */
function loadErrorLine(err: unknown): string {
  const text = String((err as Error)?.message ?? err);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // esbuild: "Transform failed with 1 error:\n/abs/file.ts:3:7: ERROR: Expected ..." -> the line with the position.
  const located = lines.find((l) => /:\d+:\d+: ERROR: /.test(l));
  return (located ?? lines[0] ?? 'could not be loaded').replace(/^.*?([^/\\]+:\d+:\d+: )ERROR: /, '$1');
}

/**
 * Checks that `value` is a scenario, naming the first thing that is wrong.
 * @throws LeakscopeError
 */
export function validateScenario(value: unknown, source: string): Scenario {
  if (value === null || typeof value !== 'object') {
    throw new LeakscopeError(
      `${source}: the default export must be a scenario object { url, setup?, action, back, repeat? }, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const s = value as Record<string, unknown>;
  if (typeof s.url !== 'string' && typeof s.url !== 'function')
    throw new LeakscopeError(`${source}: the scenario has no url (a string or a function returning one)`);
  if (typeof s.url === 'string' && s.url.trim() === '') throw new LeakscopeError(`${source}: the scenario's url is empty`);
  for (const name of ['action', 'back'] as const) {
    if (typeof s[name] !== 'function') throw new LeakscopeError(`${source}: the scenario has no ${name} function (${name}: async (page) => { ... })`);
  }
  for (const name of ['setup', 'repeat'] as const) {
    if (s[name] !== undefined && typeof s[name] !== 'function') throw new LeakscopeError(`${source}: the scenario's ${name} must be a function`);
  }
  return value as Scenario;
}

/** The TypeScript loader's `tsImport`, imported when first needed. */
async function tsImportOf(path: string): Promise<Record<string, unknown>> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
}

/**
 * A JavaScript scenario, imported by Node itself. Node's syntax errors in ES modules carry no position, so on one
 * `node --check` parses the file once more and its first line names the line (`file:///…/s.mjs:3`).
 */
async function importNatively(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const checked = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
    const line = /:(\d+)\s*$/m.exec(checked.stderr.split('\n')[0] ?? '')?.[1];
    throw line ? new SyntaxError(`${basename(path)}:${line}: ${err.message}`) : err;
  }
}

/**
 * Loads a scenario module (`.js`, `.mjs`, `.cjs` natively; `.ts`, `.mts`, `.cts` through tsx) and validates its
 * default export.
 *
 * @param file the path as the user gave it (used in messages).
 * @param cwd where relative paths start.
 * @throws LeakscopeError (exit 2) with one line: missing file, syntax error, no default export, missing `action`.
 */
export async function loadScenario(file: string, cwd: string = process.cwd()): Promise<Scenario> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new LeakscopeError(`scenario ${file} not found`);
  if (!statSync(path).isFile()) throw new LeakscopeError(`scenario ${file} is not a file`);
  if (!EXTENSIONS.has(extname(path).toLowerCase())) throw new LeakscopeError(`scenario ${file} must be a .js, .mjs or .ts module`);
  let mod: Record<string, unknown>;
  try {
    if (TYPESCRIPT.has(extname(path).toLowerCase())) {
      // Only a TypeScript scenario pays for loading the TypeScript loader (about 100 ms).
      mod = await tsImportOf(path);
    } else {
      mod = await importNatively(path);
    }
  } catch (err) {
    throw new LeakscopeError(`scenario ${file} could not be loaded: ${loadErrorLine(err)}`);
  }
  let exported = mod.default;
  // A CommonJS or transpiled module may nest the default export once more.
  if (exported && typeof exported === 'object' && !('action' in exported) && 'default' in exported) exported = exported.default;
  if (exported === undefined) throw new LeakscopeError(`scenario ${file} has no default export; export default { url, action, back }`);
  return validateScenario(exported, `scenario ${file}`);
}
