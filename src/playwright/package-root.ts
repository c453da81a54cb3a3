/**
 * Where the installed Leakscope package is, so that what ships inside it (the built page script, the unpacked
 * extension) is found from any module of it: the sources under `src/`, or the build under `dist/lib/`, where
 * modules are bundled into a few files and their depth below the package root is not the sources' depth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's name in its package.json, which is how the root is recognised. */
const PACKAGE_NAME = 'leakscope';

function isLeakscopePackage(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    // An unreadable or malformed package.json on the way up is not ours; keep looking above it.
    return false;
  }
}

/**
 * The nearest folder at or above `from` (a file URL or path) whose package.json names Leakscope.
 *
 * @throws Error when there is none (a copy of one file taken out of its package).
 * @example
 * const extension = join(packageRoot(), 'dist', 'extension');
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    if (isLeakscopePackage(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no Leakscope package.json above ${from}`);
    dir = parent;
  }
}

let cached: string | undefined;

/** {@link packageRoot} of this module, looked up once. */
export function leakscopeRoot(): string {
  cached ??= packageRoot();
  return cached;
}
