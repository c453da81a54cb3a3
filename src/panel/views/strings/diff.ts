/** The text of DiffView.tsx: the compared pair's verdict, leaks and changes. */

export const DIFF = {
  noSnapshots: 'Take a baseline snapshot, use the page, then take another: their differences show here.',
  oneMore: 'Take or import one more snapshot to compare.',
  pair: (a: string, b: string) => `${a} → ${b}`,
  changes: (s: { appeared: number; grew: number; shrank: number; disappeared: number }) =>
    `Changes: ${s.appeared} appeared, ${s.grew} grew, ${s.shrank} shrank, ${s.disappeared} disappeared`,
  note: (note: string) => `Note: ${note}`,
  noStack: 'no stack was captured',
  fix: (fix: string) => `Fix: ${fix}`,
  nothingGrew: 'Nothing appeared or grew.',
  columns: { change: 'Change', kind: 'Kind', what: 'What', a: 'A', b: 'B', created: 'Created at' },
  more: (n: number) => `and ${n} more (export the diff to see them all)`,
  moreLeaks: (n: number) => `and ${n.toLocaleString('en-US')} more leaks (export the report to see them all)`,
} as const;
