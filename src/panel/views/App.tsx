import type { DebuggerSession } from '../model/debugger-session.ts';
import type { CounterField, TabSession } from '../model/session.ts';
import type { PanelModels } from '../model/models.ts';
import type { LiveSeries } from '../model/series.ts';
import type { SnapshotStore } from '../model/snapshots.ts';
import type { ThemeModel } from '../model/theme.ts';
import { useStore } from '../model/store.ts';
import { DebuggerView } from './DebuggerView.tsx';
import { LiveGraphs } from './LiveGraphs.tsx';
import { DiffView } from './DiffView.tsx';
import { SnapshotBar } from './SnapshotBar.tsx';
import { SnapshotList } from './SnapshotList.tsx';
import { pageAttr, PageText } from './PageText.tsx';
import { APP } from './strings/app.ts';
import { ResourceTabs } from './tables/ResourceTabs.tsx';

/** The live cards, in the order of the resource kinds; `testId` is what the e2e tests read. */
const CARDS: { field: CounterField; testId: string }[] = [
  { field: 'listeners', testId: 'listener-count' },
  { field: 'connections', testId: 'connection-count' },
  { field: 'workers', testId: 'worker-count' },
  { field: 'channels', testId: 'channel-count' },
  { field: 'images', testId: 'image-count' },
  { field: 'objectUrls', testId: 'object-url-count' },
  { field: 'observers', testId: 'observer-count' },
  { field: 'timers', testId: 'timer-count' },
];

export function App({ models }: { models: PanelModels }) {
  const { session, debugging, snapshots, live, theme, reloadPage } = models;
  if (!session) {
    return (
      <main className="empty" role="alert">
        {APP.noTab.before}
        <code>{APP.noTab.code}</code>
        {APP.noTab.after}
      </main>
    );
  }
  return (
    <div className="app">
      <LiveView session={session} reloadPage={reloadPage} />
      {debugging && <DebuggerView session={debugging} />}
      {debugging && snapshots && live && <Workspace debugging={debugging} store={snapshots} live={live} theme={theme} />}
    </div>
  );
}

/**
 * The working area, laid out as in DevTools' Memory panel: the snapshot toolbar on top, the list of snapshots in a
 * sidebar, and beside it what keeps growing (cards, timeline), the comparison of the chosen pair, and its tables.
 */
function Workspace({ debugging, store, live, theme }: { debugging: DebuggerSession; store: SnapshotStore; live: LiveSeries; theme: ThemeModel }) {
  // Only whether a snapshot can be taken: reading the whole state would re-render the comparison and the tables
  // with every sample, once a second.
  const canTake = useStore(debugging, (s) => s.status === 'attached' && s.run.state !== 'running');
  const { entries } = useStore(store);
  const comparison = store.comparison();
  // "Since baseline" on the cards: the comparison's A, else the first snapshot taken.
  const baseline = store.pair()?.a.snapshot ?? entries[0]?.snapshot;
  // The tables: the snapshot selected in the list, else the latest.
  const shown = store.selectedEntry();
  return (
    <div className="snapshots">
      <SnapshotBar store={store} canTake={canTake} />
      <div className="snapshots-body">
        <SnapshotList store={store} />
        <div className="workspace-main">
          <LiveGraphs live={live} theme={theme} baseline={baseline} />
          <DiffView comparison={comparison} entryCount={entries.length} />
          {shown && (
            <section className="tables-of" aria-label={APP.tablesOfLabel(pageAttr(shown.label))}>
              <p className="muted" data-testid="tables-of">
                <PageText text={APP.tablesOf(shown.label, Boolean(comparison?.report))} />
              </p>
              <ResourceTabs snapshot={shown.snapshot} report={comparison?.report} />
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

function LiveView({ session, reloadPage }: { session: TabSession; reloadPage: (() => void) | undefined }) {
  const state = useStore(session);
  const watching = state.frames.size > 0;
  const lastNavigation = state.navigations.at(-1);
  return (
    <main>
      <header className="toolbar">
        <span className={`status status-${state.status}`} data-testid="status">
          ● {APP.status[state.status]}
        </span>
        <span className="tab">{APP.tab(state.tabId)}</span>
        {state.reconnects > 0 && (
          <span className="muted" data-testid="reconnects">
            {APP.reconnects(state.reconnects)}
          </span>
        )}
      </header>
      {state.problem && (
        <p className="problem" role="alert" data-testid="problem">
          {state.problem}
        </p>
      )}
      {!watching && state.status === 'live' && (
        <p className="hint" data-testid="not-instrumented">
          {APP.notInstrumented}{' '}
          {reloadPage && (
            <button type="button" data-testid="reload-page" onClick={reloadPage}>
              {APP.reloadPage}
            </button>
          )}
        </p>
      )}
      {/* What the page itself reports, live over the extension's own channel: it goes on when the debugger is not attached. */}
      <p className="page-counts muted" aria-label={APP.pageCountsLabel}>
        {CARDS.map(({ field, testId }, i) => (
          <span key={field}>
            {i > 0 && ' · '}
            {APP.counters[field]}{' '}
            <span className="count" data-testid={testId}>
              {watching ? session.total(field).toLocaleString('en-US') : '–'}
            </span>
          </span>
        ))}
        {' · '}
        {watching ? APP.framesInstrumented(state.frames.size) : APP.noData}
        {lastNavigation && (
          <span data-testid="last-navigation">
            {' · '}
            <PageText text={APP.navigations(state.navigations.length, lastNavigation.url)} />
          </span>
        )}
      </p>
    </main>
  );
}
