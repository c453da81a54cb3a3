/**
 * `leakscope run --snapshots DIR`: the folder that receives every snapshot of a run as a `leakscope/snapshot@1` file
 * (`baseline.json`, `iteration-1.json` … `iteration-N.json`), which `leakscope diff` reads.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { printable, renderSnapshotJson, type Snapshot } from '../core/index.ts';
import { LeakscopeError } from '../playwright/errors.ts';
import { writeFile } from './report-output.ts';

function codeOf(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
}

/**
 * Makes sure `path` is a folder this process can write to, creating it (and its parents) when missing. Called before
 * the browser starts, so a bad folder fails at once rather than after the run.
 *
 * @param shown the folder as the user typed it, for messages.
 * @throws LeakscopeError (exit 2): the path is a file, a part of it is a file, or it is not writable.
 */
export function prepareSnapshotDir(path: string, shown: string): void {
  const name = `--snapshots ${printable(shown)}`;
  let isDir: boolean | undefined;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOTDIR') throw new LeakscopeError(`${name}: a part of the path is a file, not a folder`);
    if (code !== 'ENOENT') throw new LeakscopeError(`${name}: cannot use the folder (${code})`);
  }
  if (isDir === false) throw new LeakscopeError(`${name} is a file, not a folder; name a folder for the snapshot files`);
  if (isDir === undefined) {
    try {
      mkdirSync(path, { recursive: true });
    } catch (err) {
      const code = codeOf(err);
      if (code === 'ENOTDIR' || code === 'EEXIST') throw new LeakscopeError(`${name}: a part of the path is a file, not a folder`);
      throw new LeakscopeError(`${name}: cannot create the folder (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`);
    }
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    throw new LeakscopeError(`${name} is not writable (${codeOf(err)})`);
  }
}

/** The file name of a run's snapshot: `baseline.json` for iteration 0, else `iteration-N.json`. */
export function snapshotFileName(iteration: number): string {
  return iteration === 0 ? 'baseline.json' : `iteration-${iteration}.json`;
}

/**
 * Writes one snapshot of a run into the folder.
 * @throws LeakscopeError (exit 2) naming the file when it cannot be written.
 */
export function writeRunSnapshot(dir: string, iteration: number, snapshot: Snapshot): void {
  writeFile(join(dir, snapshotFileName(iteration)), renderSnapshotJson(snapshot));
}
