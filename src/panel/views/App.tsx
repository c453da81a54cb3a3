import { useSyncExternalStore } from 'react';
import type { DebuggerSession } from '../model/debugger-session.ts';
import type { CounterField, SessionState, TabSession } from '../model/session.ts';
import { DebuggerView } from './DebuggerView.tsx';
import { LatestSnapshotTables } from './tables/LatestSnapshotTables.tsx';

/** The live cards, in the order of the resource kinds; `testId` is what the e2e tests read. */
const CARDS: { field: CounterField; title: string; testId: string }[] = [
  { field: 'listeners', title: 'Event listeners', testId: 'listener-count' },
  { field: 'connections', title: 'Connections', testId: 'connection-count' },
  { field: 'images', title: 'Images', testId: 'image-count' },
  { field: 'objectUrls', title: 'Object URLs', testId: 'object-url-count' },
  { field: 'observers', title: 'Observers', testId: 'observer-count' },
  { field: 'timers', title: 'Timers', testId: 'timer-count' },
];

const STATUS_TEXT: Record<SessionState['status'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'tab-closed': 'Tab closed',
  'extension-gone': 'Extension reloaded',
};

export function App({ session, debugging }: { session: TabSession | undefined; debugging?: DebuggerSession | undefined }) {
  if (!session) {
    return (
      <main className="empty" role="alert">
        Open Leakscope from DevTools, or add <code>?tabId=N</code> to this page's address to watch tab N.
      </main>
    );
  }
  return (
    <>
      <LiveView session={session} />
      {debugging && <DebuggerView session={debugging} />}
      {debugging && <LatestSnapshotTables session={debugging} />}
    </>
  );
}

function LiveView({ session }: { session: TabSession }) {
  const state = useSyncExternalStore(session.subscribe, () => session.state);
  const watching = state.frames.size > 0;
  const lastNavigation = state.navigations.at(-1);
  return (
    <main>
      <header className="toolbar">
        <span className={`status status-${state.status}`} data-testid="status">
          ● {STATUS_TEXT[state.status]}
        </span>
        <span className="tab">Tab {state.tabId}</span>
        {state.reconnects > 0 && <span className="muted" data-testid="reconnects">reconnected {state.reconnects}×</span>}
      </header>
      {state.problem && (
        <p className="problem" role="alert" data-testid="problem">
          {state.problem}
        </p>
      )}
      {!watching && state.status === 'live' && (
        <p className="hint" data-testid="not-instrumented">
          Reload the page to start watching it.
        </p>
      )}
      <section className="cards">
        {CARDS.map(({ field, title, testId }) => (
          <div className="card" key={field}>
            <div className="card-title">{title}</div>
            <div className="card-value" data-testid={testId}>
              {watching ? session.total(field).toLocaleString('en-US') : '–'}
            </div>
          </div>
        ))}
      </section>
      <p className="muted">{watching ? `${state.frames.size} frame${state.frames.size === 1 ? '' : 's'} instrumented` : 'no data yet'}</p>
      {lastNavigation && (
        <p className="muted" data-testid="last-navigation">
          {state.navigations.length} navigation{state.navigations.length === 1 ? '' : 's'}; last: {lastNavigation.url}
        </p>
      )}
    </main>
  );
}
