import { kindCounts, type SnapshotEntry, type SnapshotStore } from '../model/snapshots.ts';
import { useStore } from '../model/store.ts';
import { pageAttr, PageText } from './PageText.tsx';
import { SNAPSHOT_LIST } from './strings/snapshots.ts';

const time = (ms: number) => new Date(ms).toLocaleTimeString('en-GB');

/**
 * The item's tooltip: the page's title and URL, then per-kind counts in one line (`listener 12 · websocket 3 ·
 * detached-dom 4`). The page's strings are escaped one by one: the line breaks between them are the panel's.
 */
function countsTitle(entry: SnapshotEntry): string {
  const { title, url } = entry.snapshot.meta;
  const counts = Object.entries(kindCounts(entry.snapshot)).map(([kind, n]) => `${kind} ${n.toLocaleString('en-US')}`);
  return [...(title ? [pageAttr(title)] : []), pageAttr(url), counts.join(' · ')].join('\n');
}

/** The sidebar list of snapshots: label, time, origin; pick A and B, select one (for export), delete. */
export function SnapshotList({ store }: { store: SnapshotStore }) {
  const state = useStore(store);
  const pair = store.pair();
  const selected = store.selectedEntry();
  if (state.entries.length === 0) {
    return (
      <aside className="snapshot-list" data-testid="snapshot-list">
        <p className="muted">{SNAPSHOT_LIST.empty}</p>
      </aside>
    );
  }
  return (
    <aside className="snapshot-list" data-testid="snapshot-list">
      <ul>
        {state.entries.map((entry) => {
          const role = pair ? [pair.a.id === entry.id ? 'A' : '', pair.b.id === entry.id ? 'B' : ''].join('') : '';
          return (
            <li
              key={entry.id}
              data-testid="snapshot-item"
              data-label={entry.label}
              data-origin={entry.origin}
              data-role={role}
              className={entry.id === selected?.id ? 'selected' : undefined}
              aria-selected={entry.id === selected?.id}
              title={countsTitle(entry)}
              tabIndex={0}
              onClick={() => store.select(entry.id)}
              onKeyDown={(e) => {
                if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) store.select(entry.id);
              }}
            >
              <span className="snapshot-label">
                <PageText text={entry.label} />
              </span>
              <span className="muted snapshot-time">{time(entry.takenAt)}</span>
              <span className="muted snapshot-origin" data-testid="snapshot-origin">
                <PageText text={SNAPSHOT_LIST.origin(entry.origin, entry.fileName)} />
              </span>
              <span className="snapshot-actions">
                <button
                  type="button"
                  aria-pressed={pair?.a.id === entry.id}
                  title={SNAPSHOT_LIST.chooseA}
                  onClick={(e) => (e.stopPropagation(), store.choose('a', entry.id))}
                >
                  A
                </button>
                <button
                  type="button"
                  aria-pressed={pair?.b.id === entry.id}
                  title={SNAPSHOT_LIST.chooseB}
                  onClick={(e) => (e.stopPropagation(), store.choose('b', entry.id))}
                >
                  B
                </button>
                <button
                  type="button"
                  data-testid="snapshot-delete"
                  title={SNAPSHOT_LIST.deleteTitle}
                  aria-label={SNAPSHOT_LIST.deleteLabel(pageAttr(entry.label))}
                  onClick={(e) => (e.stopPropagation(), store.remove(entry.id))}
                >
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
