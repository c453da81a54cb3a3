/**
 * `npm run package` (the build, then this): zips the built extension in dist/extension into
 * dist/leakscope-extension-<version>.zip, ready for a Chrome Web Store upload or for unzipping and *Load unpacked*.
 * manifest.json is at the zip's root; source maps, dotfiles and hidden folders (.vite/) and test or demo pages stay
 * out (scripts/extension-zip.ts says which). Prints the zip's path, size and file count.
 *
 *   tsx scripts/package-extension.ts [--from DIR] [--out FILE]
 *
 * --from  the built extension (default dist/extension); --out  the zip (default dist/leakscope-extension-<version>.zip)
 *
 * Exit codes: 0 written; 2 when there is nothing to package (no build, a build of another version, a file the
 * manifest names missing) or on bad usage, with one line on stderr saying what.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionVersion } from './extension-version.ts';
import { PackageError, zipExtension } from './extension-zip.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `path` as the user would type it from the working folder. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function parseArgs(argv: string[]): { from?: string; out?: string } {
  const opts: { from?: string; out?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--from' && flag !== '--out') throw new PackageError(`unknown argument ${arg} (usage: package-extension [--from DIR] [--out FILE])`);
    const value = inline ?? argv[++i];
    if (!value) throw new PackageError(`${flag} needs a path`);
    opts[flag === '--from' ? 'from' : 'out'] = value;
  }
  return opts;
}

try {
  const args = parseArgs(process.argv.slice(2));
  const version = extensionVersion((JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  const from = args.from ? resolve(args.from) : resolve(ROOT, 'dist', 'extension');
  const out = args.out ? resolve(args.out) : resolve(ROOT, 'dist', `leakscope-extension-${version}.zip`);
  const { zip, files, leftOut } = zipExtension(from, { shown: shown(from), expectedVersion: version });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`${shown(out)}: ${zip.length.toLocaleString('en-US')} bytes (${(zip.length / 1024).toFixed(1)} KiB), ${files.length} files`);
  if (leftOut.length) console.log(`left out: ${leftOut.map((l) => `${l.path} (${l.why})`).join(', ')}`);
} catch (err) {
  // PackageError and the version check say what is wrong in a line; anything else (a full disk) is cut to one too.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`package-extension: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exitCode = 2;
}
