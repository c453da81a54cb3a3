/** The text of SnapshotBar.tsx (take, compare, export, import) and SnapshotList.tsx (the sidebar). */

export const SNAPSHOT_BAR = {
  section: 'Snapshots',
  labelPlaceholder: (entries: number) => (entries === 0 ? 'baseline' : `snapshot ${entries + 1}`),
  labelField: 'Snapshot label',
  take: 'Take snapshot',
  taking: 'Taking snapshot…',
  compare: 'Compare',
  export: 'Export',
  exportSnapshot: 'Snapshot',
  exportSnapshotTitle: (label: string | undefined) => (label === undefined ? 'No snapshot yet' : `Snapshot "${label}" as JSON`),
  exportDiff: 'Diff',
  exportDiffTitle: 'The diff of A and B as JSON',
  exportReport: 'HTML report',
  exportReportTitle: 'The report of A and B as an HTML page',
  import: 'Import…',
  importing: (name: string, stage: 'reading' | 'parsing', loaded: string, total: string) =>
    stage === 'reading' ? `Importing ${name}: ${loaded} of ${total} read…` : `Importing ${name}: checking the snapshot…`,
  importProgressLabel: 'Import progress',
  cancelImport: 'Cancel',
  cancelImportTitle: 'Stop importing: the snapshots already listed stay as they are',
  dismiss: 'Dismiss',
  dropHint: 'Drop Leakscope snapshot files to import them',
  pairLabel: { a: 'Compare A (before)', b: 'Compare B (after)' },
  pairNeedsTwo: (side: 'a' | 'b') => `${side === 'a' ? 'A' : 'B'}: two snapshots needed`,
  pairOption: (side: 'a' | 'b', label: string, time: string) => `${side.toUpperCase()}: ${label} (${time})`,
} as const;

export const SNAPSHOT_LIST = {
  empty: 'No snapshots yet. Take one as a baseline, use the page, then take another to compare.',
  origin: (origin: 'taken' | 'imported', fileName: string | undefined) => (origin === 'imported' ? `imported: ${fileName ?? ''}` : 'taken'),
  chooseA: 'Compare from this snapshot (A)',
  chooseB: 'Compare to this snapshot (B)',
  deleteTitle: 'Delete this snapshot',
  deleteLabel: (label: string) => `Delete ${label}`,
} as const;
