import { useSyncExternalStore } from 'react';
import type { SessionState, TabSession } from '../model/session.ts';

const STATUS_TEXT: Record<SessionState['status'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'tab-closed': 'Tab closed',
  'extension-gone': 'Extension reloaded',
};

export function App({ session }: { session: TabSession | undefined }) {
  if (!session) {
    return (
      <main className="empty" role="alert">
        Open Leakscope from DevTools, or add <code>?tabId=N</code> to this page's address to watch tab N.
      </main>
    );
  }
  return <LiveView session={session} />;
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
        <div className="card">
          <div className="card-title">Event listeners</div>
          <div className="card-value" data-testid="listener-count">
            {watching ? session.total('listeners').toLocaleString('en-US') : '–'}
          </div>
          <div className="card-sub">{watching ? `${state.frames.size} frame${state.frames.size === 1 ? '' : 's'}` : 'no data yet'}</div>
        </div>
      </section>
      {lastNavigation && (
        <p className="muted" data-testid="last-navigation">
          {state.navigations.length} navigation{state.navigations.length === 1 ? '' : 's'}; last: {lastNavigation.url}
        </p>
      )}
    </main>
  );
}
