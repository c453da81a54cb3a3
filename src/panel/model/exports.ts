/**
 * What the panel's Export buttons write: a snapshot as `leakscope/snapshot@1` JSON (the same file the CLI and an
 * import read back), the diff of the compared pair as JSON, and the pair's report as the core's self-contained HTML.
 * Pure: the view turns an {@link ExportFile} into a download.
 */
import { renderHtml, renderSnapshotJson } from '../../core/index.ts';
import type { Comparison, SnapshotEntry } from './snapshots.ts';

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/** A label as a file-name part: lower case letters, digits and dashes, at most 40 characters. */
export function fileLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'snapshot';
}

/** `yyyymmdd-hhmmss` in local time, the time a person reads on their clock. */
export function fileTime(time: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}${p(time.getMonth() + 1)}${p(time.getDate())}-${p(time.getHours())}${p(time.getMinutes())}${p(time.getSeconds())}`;
}

/**
 * `leakscope-<label>-<yyyymmdd-hhmmss>.json`, stamped with the time the snapshot was taken, so exporting it twice
 * gives the same name.
 *
 * @example
 * snapshotFile(entry).name; // 'leakscope-after-5x-20250131-120301.json'
 */
export function snapshotFile(entry: SnapshotEntry): ExportFile {
  return {
    name: `leakscope-${fileLabel(entry.label)}-${fileTime(new Date(entry.takenAt))}.json`,
    type: 'application/json',
    text: renderSnapshotJson(entry.snapshot),
  };
}

/** `leakscope-<A>-vs-<B>-<time of B>-diff.json`: the diff of the compared pair. */
export function diffFile(comparison: Comparison): ExportFile | undefined {
  if (!comparison.diff) return undefined;
  return { name: `${pairName(comparison)}-diff.json`, type: 'application/json', text: `${JSON.stringify(comparison.diff, null, 2)}\n` };
}

/** `leakscope-<A>-vs-<B>-<time of B>-report.html`: the report of the compared pair, as one HTML file. */
export function reportFile(comparison: Comparison): ExportFile | undefined {
  if (!comparison.report) return undefined;
  return { name: `${pairName(comparison)}-report.html`, type: 'text/html', text: renderHtml(comparison.report) };
}

function pairName({ a, b }: Comparison): string {
  return `leakscope-${fileLabel(a.label)}-vs-${fileLabel(b.label)}-${fileTime(new Date(b.takenAt))}`;
}
