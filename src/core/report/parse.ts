import { parseDocument } from '../input/document.ts';
import { REPORT_SCHEMA_ID, ReportSchema, type Report } from './schema.ts';

/**
 * Parses report JSON that came from outside (e.g. a report written by `leakscope run --json`).
 *
 * @throws InvalidInputError naming `source` and the JSON path of the first problem.
 * @example
 * const report = parseReport(text, 'leaks.json');
 */
export function parseReport(text: string, source: string): Report {
  return parseDocument(text, source, { schemaId: REPORT_SCHEMA_ID, noun: 'report', schema: ReportSchema });
}
