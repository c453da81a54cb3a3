/**
 * Reading Leakscope files from disk (Node only, so outside src/core, which stays browser-safe: the panel bundles it).
 * Every failure is an {@link InvalidInputError} naming the file: missing, a directory, unreadable, too big, or
 * not a valid document.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { formatBytes, InvalidInputError, LIMITS, parseReport, parseSnapshot, type Report, type Snapshot } from '../core/index.ts';

function errnoOf(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Options for the readers. */
export interface ReadOptions {
  /** Largest file accepted, in bytes (default {@link LIMITS.maxFileBytes}). */
  maxBytes?: number;
  /** How the file is named in error messages (default: the path), e.g. the path as the user typed it. */
  source?: string;
}

function openFailure(path: string, err: unknown): InvalidInputError {
  switch (errnoOf(err)) {
    case 'ENOENT':
      return new InvalidInputError(path, undefined, 'no such file');
    case 'EACCES':
    case 'EPERM':
      return new InvalidInputError(path, undefined, 'permission denied');
    case 'EISDIR':
      return new InvalidInputError(path, undefined, 'is a directory, expected a file');
    case 'ENOTDIR':
      return new InvalidInputError(path, undefined, 'no such file (a part of the path is not a directory)');
    case 'ELOOP':
      return new InvalidInputError(path, undefined, 'too many symbolic links');
    default:
      return new InvalidInputError(
        path,
        undefined,
        `cannot read: ${errnoOf(err) ?? (err instanceof Error ? err.message.split('\n')[0] : String(err))}`,
      );
  }
}

/**
 * Reads a text file once, refusing anything over `maxBytes`. Regular files are checked by size before reading;
 * pipes (`<(...)`) are read up to the limit. The bytes are decoded as UTF-8 into one string, nothing is read twice.
 *
 * @throws InvalidInputError for missing files, directories, unreadable or oversized files.
 * @example
 * const text = readTextFile('before.json', { maxBytes: LIMITS.maxFileBytes });
 */
export function readTextFile(path: string, opts: ReadOptions = {}): string {
  const maxBytes = opts.maxBytes ?? LIMITS.maxFileBytes;
  const source = opts.source ?? path;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw openFailure(source, err);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InvalidInputError(source, undefined, 'is a directory, expected a file');
    const tooBig = () => new InvalidInputError(source, undefined, `too large: files over ${formatBytes(maxBytes)} are refused`);
    if (stat.isFile()) {
      if (stat.size > maxBytes) throw tooBig();
      const buffer = Buffer.allocUnsafe(stat.size);
      let filled = 0;
      while (filled < stat.size) {
        const n = readSync(fd, buffer, filled, stat.size - filled, null);
        if (n === 0) break;
        filled += n;
      }
      return buffer.toString('utf8', 0, filled);
    }
    // A pipe or device: read until end or until the limit is passed.
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    let text = '';
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooBig();
      text += decoder.write(chunk.subarray(0, n));
    }
    return text + decoder.end();
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    throw openFailure(source, err);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and validates a snapshot file.
 *
 * @throws InvalidInputError naming the file and, for content problems, the JSON path.
 * @example
 * const before = readSnapshotFile('before.json');
 */
export function readSnapshotFile(path: string, opts: ReadOptions = {}): Snapshot {
  return parseSnapshot(readTextFile(path, opts), opts.source ?? path);
}

/**
 * Reads and validates a report file.
 *
 * @example
 * const report = readReportFile('leaks.json');
 */
export function readReportFile(path: string, opts: ReadOptions = {}): Report {
  return parseReport(readTextFile(path, opts), opts.source ?? path);
}
