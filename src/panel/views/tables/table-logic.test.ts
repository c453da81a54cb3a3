import { describe, expect, it } from 'vitest';
import { capRows, filterRows, nextSort, sortRows, type ColumnLogic } from './table-logic.ts';

interface Row {
  name: string;
  count: number;
  url?: string;
}

const columns: ColumnLogic<Row>[] = [
  { key: 'name', value: (r) => r.name },
  { key: 'count', value: (r) => r.count, numeric: true, text: (r) => `${r.count} live` },
  { key: 'url', value: (r) => r.url },
];

const rows: Row[] = [
  { name: 'resize', count: 7, url: 'https://app.test/a.js' },
  { name: 'keydown', count: 12 },
  { name: 'item10', count: 7, url: 'https://app.test/b.js' },
  { name: 'item2', count: 1, url: 'https://app.test/a.js' },
];

describe('sortRows', () => {
  it('sorts numbers numerically and keeps equal rows in their order', () => {
    expect(sortRows(rows, columns, { key: 'count', direction: 'descending' }).map((r) => r.name)).toEqual(['keydown', 'resize', 'item10', 'item2']);
    expect(sortRows(rows, columns, { key: 'count', direction: 'ascending' }).map((r) => r.name)).toEqual(['item2', 'resize', 'item10', 'keydown']);
  });

  it('sorts text naturally and case-insensitively', () => {
    expect(sortRows(rows, columns, { key: 'name', direction: 'ascending' }).map((r) => r.name)).toEqual(['item2', 'item10', 'keydown', 'resize']);
    expect(
      sortRows(
        [
          { name: 'B', count: 0 },
          { name: 'a', count: 0 },
        ],
        columns,
        { key: 'name', direction: 'ascending' },
      ).map((r) => r.name),
    ).toEqual(['a', 'B']);
  });

  it('puts rows without a value last in both directions', () => {
    for (const direction of ['ascending', 'descending'] as const) {
      expect(sortRows(rows, columns, { key: 'url', direction }).at(-1)!.name).toBe('keydown');
    }
  });

  it('leaves the input alone and keeps the order without a sort or for an unknown column', () => {
    const copy = [...rows];
    expect(sortRows(rows, columns, undefined)).toEqual(rows);
    expect(sortRows(rows, columns, { key: 'nope', direction: 'ascending' })).toEqual(rows);
    sortRows(rows, columns, { key: 'count', direction: 'ascending' });
    expect(rows).toEqual(copy);
  });
});

describe('nextSort', () => {
  it('starts numeric columns largest first, text columns A-Z, and flips on the same column', () => {
    expect(nextSort(undefined, columns[1]!)).toEqual({ key: 'count', direction: 'descending' });
    expect(nextSort(undefined, columns[0]!)).toEqual({ key: 'name', direction: 'ascending' });
    expect(nextSort({ key: 'count', direction: 'descending' }, columns[1]!)).toEqual({ key: 'count', direction: 'ascending' });
    expect(nextSort({ key: 'count', direction: 'ascending' }, columns[0]!)).toEqual({ key: 'name', direction: 'ascending' });
  });
});

describe('filterRows', () => {
  it('matches any column, case-insensitively, every word', () => {
    expect(filterRows(rows, columns, 'RESIZE').map((r) => r.name)).toEqual(['resize']);
    expect(filterRows(rows, columns, 'a.js').map((r) => r.name)).toEqual(['resize', 'item2']);
    expect(filterRows(rows, columns, 'a.js item').map((r) => r.name)).toEqual(['item2']);
    expect(filterRows(rows, columns, '12 live').map((r) => r.name)).toEqual(['keydown']);
  });

  it('keeps everything for an empty query and nothing when no row matches', () => {
    expect(filterRows(rows, columns, '  ')).toEqual(rows);
    expect(filterRows(rows, columns, 'websocket')).toEqual([]);
  });

  it('also matches the extra text of a row', () => {
    expect(filterRows(rows, columns, 'onResize', (r) => (r.name === 'resize' ? 'onResize (a.js:10:3)' : '')).map((r) => r.name)).toEqual(['resize']);
  });

  it('treats markup and regex characters as plain text', () => {
    const hostile: Row[] = [
      { name: '<img src=x onerror=alert(1)>', count: 1 },
      { name: 'a.b', count: 1 },
    ];
    expect(filterRows(hostile, columns, '<img').length).toBe(1);
    expect(filterRows(hostile, columns, '.*').length).toBe(0);
  });
});

describe('capRows', () => {
  it('renders up to the cap and counts the rest', () => {
    const many = Array.from({ length: 1203 }, (_, i) => i);
    expect(capRows(many, 500)).toMatchObject({ hidden: 703 });
    expect(capRows(many, 500).shown.length).toBe(500);
    expect(capRows(many.slice(0, 500), 500)).toEqual({ shown: many.slice(0, 500), hidden: 0 });
  });
});
