import type { Report } from '../report/schema.ts';

/**
 * Renders a report as JSON (`leakscope/report@1`), pretty-printed, with a final newline.
 *
 * @example
 * writeFileSync('report.json', renderJson(report));
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
