/**
 * The panel's table: sortable headers, a filter over every column, rows that open to show their details, and a cap
 * on the rows rendered so that a page with thousands of groups does not freeze the panel. The logic lives in
 * table-logic.ts; this file only draws it. Every page string is rendered as React text, through PageText (a cell's
 * text by default; a column's own `render` uses it too).
 */
import { Fragment, useId, useMemo, useState, type ReactNode } from 'react';
import { PageText } from '../PageText.tsx';
import { DATA_TABLE } from '../strings/tables.ts';
import { capRows, filterRows, MAX_RENDERED_ROWS, nextSort, sortRows, type ColumnLogic, type SortState } from './table-logic.ts';

export interface Column<Row> extends ColumnLogic<Row> {
  title: string;
  /** The cell's content; the filter text (or value) as text when absent. */
  render?: (row: Row) => ReactNode;
  /** A tooltip for the header: what the column means. */
  description?: string;
}

export interface DataTableProps<Row> {
  /** Names the table for tests (`table-<name>`) and for screen readers. */
  name: string;
  label: string;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  /** A key unique among the rows and stable across renders (a signature), so expanded rows stay expanded. */
  rowKey: (row: Row, index: number) => string;
  /** The row's details, shown when it is expanded; rows cannot be expanded without it. */
  details?: (row: Row) => ReactNode;
  /** Text the filter also matches, such as what the details show (stack frames, samples). */
  searchText?: (row: Row) => string;
  initialSort?: SortState;
  /** What an empty table says (before any filter). */
  empty: ReactNode;
  maxRows?: number;
}

export function DataTable<Row>({
  name,
  label,
  rows,
  columns,
  rowKey,
  details,
  searchText,
  initialSort,
  empty,
  maxRows = MAX_RENDERED_ROWS,
}: DataTableProps<Row>) {
  const [sort, setSort] = useState<SortState | undefined>(initialSort);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const id = useId();

  const visible = useMemo(() => sortRows(filterRows(rows, columns, query, searchText), columns, sort), [rows, columns, query, searchText, sort]);
  const { shown, hidden } = capRows(visible, maxRows);
  const span = columns.length + (details ? 1 : 0);

  const toggle = (key: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <div className="data-table" data-testid={`table-${name}`}>
      <div className="table-tools">
        <input
          type="search"
          className="table-filter"
          data-testid="table-filter"
          placeholder={DATA_TABLE.filter}
          aria-label={DATA_TABLE.filterLabel(label)}
          aria-controls={id}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="muted" data-testid="table-count" aria-live="polite">
          {DATA_TABLE.rows(visible.length, rows.length, query !== '')}
        </span>
      </div>
      <table id={id} aria-label={label}>
        <thead>
          <tr>
            {details && (
              <th scope="col" className="disclosure-col">
                <span className="visually-hidden">{DATA_TABLE.details}</span>
              </th>
            )}
            {columns.map((column) => {
              const direction = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={direction ?? 'none'}
                  className={column.numeric ? 'numeric' : undefined}
                  title={column.description}
                >
                  {/* A button, so the header sorts from the keyboard (Enter, Space) as well as by click. */}
                  <button type="button" className="sort" data-testid={`sort-${column.key}`} onClick={() => setSort((s) => nextSort(s, column))}>
                    {column.title}
                    <span aria-hidden="true" className="sort-mark">
                      {direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => {
            const key = rowKey(row, index);
            const open = expanded.has(key);
            const detailsId = `${id}-d-${index}`;
            return (
              <Fragment key={key}>
                <tr data-testid="table-row" className={open ? 'row-open' : undefined}>
                  {details && (
                    <td className="disclosure-col">
                      <button
                        type="button"
                        className="disclosure"
                        data-testid="row-toggle"
                        aria-expanded={open}
                        aria-controls={open ? detailsId : undefined}
                        aria-label={open ? DATA_TABLE.hideDetails : DATA_TABLE.showDetails}
                        onClick={() => toggle(key)}
                      >
                        {open ? '▾' : '▸'}
                      </button>
                    </td>
                  )}
                  {columns.map((column) => (
                    <td key={column.key} data-column={column.key} className={column.numeric ? 'numeric' : undefined}>
                      {column.render ? column.render(row) : <PageText text={cellFallback(column, row)} />}
                    </td>
                  ))}
                </tr>
                {details && open && (
                  <tr className="row-details" data-testid="row-details" id={detailsId}>
                    <td colSpan={span}>{details(row)}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p className="table-empty muted" data-testid="table-empty">
          {empty}
        </p>
      ) : (
        visible.length === 0 && (
          <p className="table-empty muted" data-testid="table-empty">
            <PageText text={DATA_TABLE.noMatch(query)} />
          </p>
        )
      )}
      {hidden > 0 && (
        <p className="table-more muted" data-testid="table-more">
          {DATA_TABLE.more(hidden)}
        </p>
      )}
    </div>
  );
}

function cellFallback<Row>(column: Column<Row>, row: Row): string {
  if (column.text) return column.text(row);
  const value = column.value(row);
  if (value === undefined) return '–';
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}
