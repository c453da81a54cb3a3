/**
 * The store-ready zip of the built extension (scripts/package-extension.ts is the command): which files of
 * dist/extension go in, the zip itself (fflate), and the check that a zip is one Chrome and the store take.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** What went wrong, in one line (the command prints it as it is). */
export class PackageError extends Error {
  override name = 'PackageError';
}

/**
 * Why `path` (relative to the extension folder, `/`-separated) stays out of the zip, or undefined when it goes in:
 * what a store upload must not carry, and what a build may leave next to the extension.
 */
export function leftOutBecause(path: string): string | undefined {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  if (parts.some((p) => p.startsWith('.'))) return 'a dotfile or hidden folder (.vite/ among them)';
  if (name.endsWith('.map')) return 'a source map';
  if (parts.slice(0, -1).some((p) => /^(e2e|tests?|__tests__|demo|fixtures?)$/i.test(p))) return 'in a test or demo folder';
  if (/\.(test|spec)\.[^.]+$/i.test(name) || /^(test|demo)([-_.].*)?\.html?$/i.test(name)) return 'a test or demo file';
  return undefined;
}

/** Every file of `dir`, as `/`-separated paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

type Manifest = Record<string, unknown>;

const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];

/** The files a manifest names that must be in the extension: its worker, scripts, pages and icons. */
export function filesNamedBy(manifest: Manifest): string[] {
  const m = manifest as {
    background?: { service_worker?: unknown };
    content_scripts?: { js?: unknown; css?: unknown }[];
    action?: { default_popup?: unknown; default_icon?: unknown };
    options_ui?: { page?: unknown };
    side_panel?: { default_path?: unknown };
  };
  const named = [
    m.background?.service_worker,
    (m.content_scripts ?? []).map((c) => [c.js, c.css]),
    manifest.devtools_page,
    manifest.options_page,
    m.options_ui?.page,
    m.side_panel?.default_path,
    m.action?.default_popup,
    m.action?.default_icon,
    manifest.icons,
  ];
  return [...new Set(strings(named).map((p) => p.replace(/^\/+/, '')))];
}

function parseManifest(bytes: Uint8Array, where: string): Manifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new PackageError(`${where} is not valid JSON (${(err as Error).message})`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new PackageError(`${where} is not a JSON object`);
  return manifest as Manifest;
}

export interface ExtensionZip {
  /** The zip's bytes. */
  zip: Uint8Array;
  /** The paths in it, sorted. */
  files: string[];
  /** What stayed out, with why. */
  leftOut: { path: string; why: string }[];
  manifest: Manifest;
}

/**
 * Zips the extension in `dir` with manifest.json at the root, leaving out what {@link leftOutBecause} names.
 *
 * @param shown how to name `dir` in messages (a path relative to the working folder, say)
 * @param expectedVersion the version the manifest must have (package.json's); a build older than it is refused
 * @throws PackageError when `dir` is not a built extension: missing, without manifest.json, another version, or
 *   without a file its manifest names
 */
export function zipExtension(dir: string, opts: { shown?: string; expectedVersion?: string } = {}): ExtensionZip {
  const shown = opts.shown ?? dir;
  const build = 'run `npm run build` first';
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new PackageError(`no built extension at ${shown} (the folder does not exist); ${build}`);
  if (!existsSync(join(dir, 'manifest.json'))) throw new PackageError(`no built extension at ${shown} (manifest.json missing); ${build}`);
  const manifest = parseManifest(readFileSync(join(dir, 'manifest.json')), `${shown}/manifest.json`);
  if (opts.expectedVersion !== undefined && manifest.version !== opts.expectedVersion) {
    throw new PackageError(
      `${shown}/manifest.json has version ${JSON.stringify(manifest.version)} but package.json has "${opts.expectedVersion}"; ${build}`,
    );
  }

  const entries: Zippable = {};
  const files: string[] = [];
  const leftOut: { path: string; why: string }[] = [];
  for (const path of listFiles(dir)) {
    const why = leftOutBecause(path);
    if (why) {
      leftOut.push({ path, why });
      continue;
    }
    const full = join(dir, path);
    // PNGs are compressed already; Unix permissions (rw-r--r--) so that unzip gives readable files everywhere.
    entries[path] = [readFileSync(full), { level: path.endsWith('.png') ? 0 : 9, mtime: statSync(full).mtime, os: 3, attrs: 0o644 << 16 }];
    files.push(path);
  }
  for (const named of filesNamedBy(manifest)) {
    if (files.includes(named)) continue;
    const out = leftOut.find((l) => l.path === named);
    throw new PackageError(`${shown}/manifest.json names ${named}, which ${out ? `stays out of the zip (${out.why})` : 'is not there'}; ${build}`);
  }
  const zip = zipSync(entries);
  checkExtensionZip(zip, opts.expectedVersion);
  return { zip, files, leftOut, manifest };
}

/**
 * Checks that `zip` is an extension Chrome and the store take: manifest.json at its root (not in a folder), valid,
 * of `expectedVersion` when given, and every file it names present. Returns its manifest and paths.
 *
 * @throws PackageError saying, in one line, what is wrong
 */
export function checkExtensionZip(zip: Uint8Array, expectedVersion?: string): { manifest: Manifest; files: string[] } {
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(zip);
  } catch (err) {
    throw new PackageError(`not a readable zip (${(err as Error).message})`);
  }
  const files = Object.keys(unzipped)
    .filter((p) => !p.endsWith('/'))
    .sort();
  const bytes = unzipped['manifest.json'];
  if (!bytes) {
    const nested = files.find((p) => p.endsWith('/manifest.json'));
    throw new PackageError(`the zip has no manifest.json at its root${nested ? ` (only ${nested}: zip the folder's contents, not the folder)` : ''}`);
  }
  const manifest = parseManifest(bytes, "the zip's manifest.json");
  if (expectedVersion !== undefined && manifest.version !== expectedVersion) {
    throw new PackageError(`the zip's manifest.json has version ${JSON.stringify(manifest.version)} but package.json has "${expectedVersion}"`);
  }
  const missing = filesNamedBy(manifest).filter((p) => !unzipped[p]);
  if (missing.length) throw new PackageError(`manifest.json names ${missing.join(', ')}, missing from the zip`);
  return { manifest, files };
}
