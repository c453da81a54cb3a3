import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { diffFile, reportFile, snapshotFile, type ExportFile } from '../model/exports.ts';
import type { SnapshotStore } from '../model/snapshots.ts';
import { useStore } from '../model/store.ts';
import { formatBytes } from './format.ts';
import { pageAttr, PageText } from './PageText.tsx';
import { SNAPSHOT_BAR } from './strings/snapshots.ts';

/** Saves `file` through an `<a download>` click: no permission prompt, and the browser's own download UI. */
function download(file: ExportFile) {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  // The download reads the blob after the click returns; revoking at once can cancel it in some Chrome versions.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The snapshot toolbar: take a labelled snapshot, pick A and B, export, import (button or files dropped anywhere on
 * the panel). Import errors are listed here, one line per file.
 */
export function SnapshotBar({ store, canTake }: { store: SnapshotStore; canTake: boolean }) {
  const state = useStore(store);
  const [label, setLabel] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const dragging = useFileDrop(store);
  const pair = store.pair();
  const comparison = pair && store.comparison();
  // The snapshot selected in the list, else the latest.
  const exportable = store.selectedEntry();

  const take = async () => {
    const entry = await store.take(label);
    if (entry) setLabel('');
  };
  const imported = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Cleared so that choosing the same file again fires `change` again.
    event.target.value = '';
    void store.importFiles(files);
  };

  return (
    <section className="snapshot-bar" aria-label={SNAPSHOT_BAR.section}>
      <div className="toolbar">
        <input
          type="text"
          data-testid="snapshot-label"
          placeholder={SNAPSHOT_BAR.labelPlaceholder(state.entries.length)}
          aria-label={SNAPSHOT_BAR.labelField}
          maxLength={200}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && canTake && !state.taking) void take();
          }}
        />
        <button type="button" data-testid="take-snapshot" disabled={!canTake || state.taking} onClick={() => void take()}>
          {state.taking ? SNAPSHOT_BAR.taking : SNAPSHOT_BAR.take}
        </button>
        <span className="group">
          {SNAPSHOT_BAR.compare}
          <PairSelect side="a" store={store} value={pair?.a.id} />
          <PairSelect side="b" store={store} value={pair?.b.id} />
        </span>
        <span className="group">
          {SNAPSHOT_BAR.export}
          <button
            type="button"
            data-testid="export-snapshot"
            disabled={!exportable}
            title={SNAPSHOT_BAR.exportSnapshotTitle(exportable && pageAttr(exportable.label))}
            onClick={() => exportable && download(snapshotFile(exportable))}
          >
            {SNAPSHOT_BAR.exportSnapshot}
          </button>
          <button
            type="button"
            data-testid="export-diff"
            disabled={!comparison?.diff}
            title={SNAPSHOT_BAR.exportDiffTitle}
            onClick={() => comparison && withFile(diffFile(comparison))}
          >
            {SNAPSHOT_BAR.exportDiff}
          </button>
          <button
            type="button"
            data-testid="export-report"
            disabled={!comparison?.report}
            title={SNAPSHOT_BAR.exportReportTitle}
            onClick={() => comparison && withFile(reportFile(comparison))}
          >
            {SNAPSHOT_BAR.exportReport}
          </button>
        </span>
        <button type="button" data-testid="import-button" onClick={() => input.current?.click()}>
          {SNAPSHOT_BAR.import}
        </button>
        <input ref={input} type="file" accept=".json,application/json" multiple hidden data-testid="import-input" onChange={imported} />
      </div>
      {state.importing && (
        <div className="import-progress" role="status" data-testid="import-progress" data-stage={state.importing.stage}>
          <progress
            aria-label={SNAPSHOT_BAR.importProgressLabel}
            max={state.importing.total || 1}
            // No value while parsing: an indeterminate bar, as there is no count to show.
            value={state.importing.stage === 'reading' ? state.importing.loaded : undefined}
          />{' '}
          <PageText
            text={SNAPSHOT_BAR.importing(
              state.importing.name,
              state.importing.stage,
              formatBytes(state.importing.loaded),
              formatBytes(state.importing.total),
            )}
          />{' '}
          <button type="button" data-testid="import-cancel" title={SNAPSHOT_BAR.cancelImportTitle} onClick={store.cancelImport}>
            {SNAPSHOT_BAR.cancelImport}
          </button>
        </div>
      )}
      {state.takeError && (
        <p className="problem" role="alert" data-testid="take-error">
          {state.takeError}
        </p>
      )}
      {state.importErrors.length > 0 && (
        <div className="import-error problem" role="alert" data-testid="import-error">
          {state.importErrors.map((line, i) => (
            <p key={i} className="import-error-line">
              {line}
            </p>
          ))}
          <button type="button" data-testid="import-error-dismiss" onClick={store.dismissImportErrors}>
            {SNAPSHOT_BAR.dismiss}
          </button>
        </div>
      )}
      {state.storageError && (
        <p className="muted" data-testid="storage-error">
          {state.storageError}
        </p>
      )}
      {dragging && (
        <div className="drop-hint" data-testid="drop-hint" aria-hidden="true">
          {SNAPSHOT_BAR.dropHint}
        </div>
      )}
    </section>
  );
}

function withFile(file: ExportFile | undefined) {
  if (file) download(file);
}

function PairSelect({ side, store, value }: { side: 'a' | 'b'; store: SnapshotStore; value: string | undefined }) {
  const { entries } = useStore(store);
  return (
    <select
      data-testid={`compare-${side}`}
      aria-label={SNAPSHOT_BAR.pairLabel[side]}
      disabled={entries.length < 2}
      value={value ?? ''}
      onChange={(e) => store.choose(side, e.target.value || undefined)}
    >
      {entries.length < 2 && <option value="">{SNAPSHOT_BAR.pairNeedsTwo(side)}</option>}
      {entries.length >= 2 &&
        entries.map((e) => (
          <option key={e.id} value={e.id}>
            {SNAPSHOT_BAR.pairOption(side, pageAttr(e.label), new Date(e.takenAt).toLocaleTimeString('en-GB'))}
          </option>
        ))}
    </select>
  );
}

/**
 * Files dragged over the whole panel: returns whether a drag with files is over it, and imports dropped files.
 * Only drags carrying files are accepted, so dragging text inside the panel behaves as usual.
 */
function useFileDrop(store: SnapshotStore): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; a depth count tells when the drag has left the page.
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // without it the browser opens the file instead of dropping it here
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void store.importFiles([...(e.dataTransfer?.files ?? [])]);
    };
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  }, [store]);
  return dragging;
}
