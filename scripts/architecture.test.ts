/**
 * The dependency rules in .dependency-cruiser.cjs bite: a forbidden import planted in a copy of the tree fails
 * dependency-cruiser with the rule's name, and the real tree passes. The copy (src, the configs, a link to
 * node_modules) lives in a temporary folder, so nothing is ever planted in the checkout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Runs dependency-cruiser with the project's config in `cwd` on `paths`. */
function cruise(cwd: string, paths: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('architecture rules', { timeout: 120_000 }, () => {
  let copy = '';

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'leakscope-arch-'));
    cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, file), join(copy, file));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  /** Writes `files` (path -> source) into the copy, cruises `entry`, and removes them again whatever happens. */
  function plant(files: Record<string, string>, entry: string) {
    const paths = Object.keys(files);
    try {
      for (const [path, source] of Object.entries(files)) {
        mkdirSync(dirname(join(copy, path)), { recursive: true });
        writeFileSync(join(copy, path), source);
      }
      return cruise(copy, [entry]);
    } finally {
      for (const path of paths) rmSync(join(copy, path), { force: true });
    }
  }

  it('fails a page-bundle import of the core with page-bundle-isolated', () => {
    const result = plant(
      { 'src/content/instrument/planted.ts': "import { LIMITS } from '../../core/limits.ts';\nexport const limits = LIMITS;\n" },
      'src/content/instrument/planted.ts',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error page-bundle-isolated: src\/content\/instrument\/planted\.ts → src\/core\/limits\.ts/);
  });

  it('fails a core import of playwright-core with core-is-pure', () => {
    const result = plant(
      { 'src/core/planted.ts': "import { chromium } from 'playwright-core';\nexport const c = chromium;\n" },
      'src/core/planted.ts',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error core-is-pure: src\/core\/planted\.ts → node_modules\/playwright-core\//);
  });

  it('fails an import cycle with no-circular', () => {
    const result = plant(
      {
        'src/shared/planted-a.ts': "import { b } from './planted-b.ts';\nexport const a = (): unknown => b;\n",
        'src/shared/planted-b.ts': "import { a } from './planted-a.ts';\nexport const b = (): unknown => a;\n",
      },
      'src/shared/planted-a.ts',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error no-circular: src\/shared\/planted-a\.ts →/);
  });

  it('fails a deep import into the core from outside it with core-through-index', () => {
    const result = plant(
      { 'src/cli/planted.ts': "import { LIMITS } from '../core/limits.ts';\nexport const limits = LIMITS;\n" },
      'src/cli/planted.ts',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error core-through-index: src\/cli\/planted\.ts → src\/core\/limits\.ts/);
  });

  it('passes the real tree, cruised as `npm run lint:arch` does', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [command, ...args] = (pkg.scripts['lint:arch'] ?? '').split(/\s+/);
    expect(command).toBe('depcruise');
    const result = cruise(
      ROOT,
      args.filter((arg, i) => arg !== '--config' && args[i - 1] !== '--config'),
    );
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });
});
