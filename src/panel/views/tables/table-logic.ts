/**
 * What the panel's tables do with their rows, apart from drawing them: sort by a column, filter by typed text, cap
 * what is rendered. Plain functions over plain rows, so they are tested in Node without a DOM.
 */

/** A sortable, filterable column: how to read a row's value (for sorting) and its text (for the filter). */
export interface ColumnLogic<Row> {
  key: string;
  /** The value rows are sorted by; numbers sort numerically, strings naturally ("a2" before "a10"). */
  value: (row: Row) => string | number | undefined;
  /** The text the filter matches; the value's text when absent. */
  text?: (row: Row) => string;
  /** Numeric columns sort largest first on the first click: the biggest group is what a leak hunt looks for. */
  numeric?: boolean;
}

export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: string;
  direction: SortDirection;
}

/** The rows a table renders at most; the rest wait for a narrower filter. A few hundred rows render instantly. */
export const MAX_RENDERED_ROWS = 500;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Compares two sort values: numbers numerically, text naturally, missing values last whatever the direction. */
function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The rows sorted by `sort` (a new array; the input is left as is). Stable: rows with equal values keep their
 * order, so a table sorted by kind stays in the order its data came in within each kind. Rows without a value come
 * last in both directions.
 *
 * @example
 * sortRows(groups, columns, { key: 'count', direction: 'descending' }); // largest group first
 */
export function sortRows<Row>(rows: readonly Row[], columns: readonly ColumnLogic<Row>[], sort: SortState | undefined): Row[] {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!sort || !column) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((a, b) => {
      const missingA = a.value === undefined || a.value === '';
      const missingB = b.value === undefined || b.value === '';
      if (missingA !== missingB) return missingA ? 1 : -1;
      return (missingA ? 0 : sign * compareValues(a.value, b.value)) || a.index - b.index;
    })
    .map((e) => e.row);
}

/**
 * The sort after a click on `key`'s header: a new column starts largest-first when numeric, A-Z otherwise; the
 * same column flips.
 */
export function nextSort<Row>(current: SortState | undefined, column: ColumnLogic<Row>): SortState {
  if (current?.key === column.key) return { key: column.key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key: column.key, direction: column.numeric ? 'descending' : 'ascending' };
}

/** The text of one cell as the filter sees it. */
export function cellText<Row>(column: ColumnLogic<Row>, row: Row): string {
  if (column.text) return column.text(row);
  const value = column.value(row);
  return value === undefined ? '' : String(value);
}

/**
 * The rows matching `query`: every whitespace-separated word of it must occur, case-insensitively, in some
 * column's text or in the row's `extra` text (what its details show, such as the stack). An empty query keeps all.
 *
 * @example
 * filterRows(groups, columns, 'resize window'); // rows mentioning both words, in any column
 */
export function filterRows<Row>(rows: readonly Row[], columns: readonly ColumnLogic<Row>[], query: string, extra?: (row: Row) => string): Row[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = [...columns.map((c) => cellText(c, row)), extra ? extra(row) : ''].join('\n').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** The rows to render and how many are held back (see {@link MAX_RENDERED_ROWS}). */
export function capRows<Row>(rows: readonly Row[], max: number = MAX_RENDERED_ROWS): { shown: readonly Row[]; hidden: number } {
  return rows.length <= max ? { shown: rows, hidden: 0 } : { shown: rows.slice(0, max), hidden: rows.length - max };
}
