/**
 * What the commands that produce a report share: the report formats and their renderers (imported when used),
 * the budget from `--budget` and `--allow`, and writing a file with a one-line error.
 */
import { writeFileSync } from 'node:fs';
import type { Budget, Report } from '../core/index.ts';
import { LeakscopeError } from '../playwright/errors.ts';

export const FORMATS = ['text', 'markdown', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export async function render(report: Report, format: Format, color: boolean): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../core/index.ts')).renderText(report, { color });
    case 'markdown':
      return (await import('../core/index.ts')).renderMarkdown(report);
    case 'json':
      return (await import('../core/index.ts')).renderJson(report);
    case 'html':
      return (await import('../core/index.ts')).renderHtml(report);
  }
}

/** The `--format` value; text by default. */
export function formatOf(value: string | undefined): Format {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new LeakscopeError(`unknown format "${value.slice(0, 40)}"; use one of ${FORMATS.join(', ')}`);
}

/** The budget from --budget and --allow; the YAML parser is only loaded when one is given. */
export async function budgetOf(file: string | undefined, allow: readonly string[] | undefined, at: (p: string) => string): Promise<Budget> {
  if (file === undefined && !allow?.length) return {};
  const [{ readBudgetFile }, { mergeBudgets, parseBudgetFlags }] = await Promise.all([import('../node/budget-file.ts'), import('../core/index.ts')]);
  return mergeBudgets(file === undefined ? {} : readBudgetFile(at(file), { source: file }), parseBudgetFlags(allow ?? []));
}

export function writeFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'error';
    throw new LeakscopeError(`cannot write ${path}: ${code}`);
  }
}
