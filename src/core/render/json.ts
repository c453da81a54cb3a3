import type { Report } from '../report/schema.ts';
import type { Snapshot } from '../snapshot/schema.ts';

/**
 * Renders a report as JSON (`leakscope/report@1`), pretty-printed, with a final newline.
 *
 * @example
 * writeFileSync('report.json', renderJson(report));
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Renders a snapshot as its file (`leakscope/snapshot@1`), pretty-printed, with a final newline: what the panel's
 * Export writes, `leakscope run --snapshots` writes, and `leakscope diff` reads.
 *
 * @example
 * writeFileSync('baseline.json', renderSnapshotJson(snapshot));
 */
export function renderSnapshotJson(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
