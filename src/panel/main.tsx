/** The panel entry: finds the inspected tab, opens its sessions (page data, debugger), renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import browser from 'webextension-polyfill';
import { chromeDebuggerHost, tabLookup } from './model/chrome-debugger.ts';
import { DebuggerSession } from './model/debugger-session.ts';
import { inspectedTabId } from './model/inspected-tab.ts';
import { TabSession } from './model/session.ts';
import { applyTheme, chooseTheme } from './model/theme.ts';
import { browserSessionId, snapshotDb } from './model/snapshot-db.ts';
import { SnapshotStore } from './model/snapshots.ts';
import { PANEL_HIDDEN_EVENT, PANEL_SHOWN_EVENT, PANEL_HOOK } from './model/visibility.ts';
import { App } from './views/App.tsx';
import { devtoolsOpener, SourceOpenerContext } from './views/tables/StackFrames.tsx';

applyTheme(document.documentElement, chooseTheme(location.search, (browser as Partial<typeof browser>).devtools?.panels?.themeName));

const tabId = inspectedTabId(browser, location.search);
const session = tabId === undefined ? undefined : new TabSession(browser, tabId);
const debugging = tabId === undefined ? undefined : new DebuggerSession(chromeDebuggerHost(), tabId, { tabExists: tabLookup(browser) });
const snapshots =
  tabId === undefined || !debugging
    ? undefined
    : new SnapshotStore({
        takeSnapshot: debugging.takeSnapshot,
        persistence: snapshotDb({ tabId, session: browserSessionId(browser.storage.session), tabExists: tabLookup(browser) }),
      });
void snapshots?.restore();

if (session && debugging) {
  // Navigations the browser reports become markers on the debugger session's timeline.
  let seen = 0;
  session.subscribe(() => {
    const navigations = session.state.navigations;
    for (const n of navigations.slice(seen)) debugging.navigated(n.kind, n.url);
    seen = navigations.length;
  });
  // Sample only while shown: a hidden pop-out tab, or another DevTools panel selected (see devtools.ts).
  const visibility = () => debugging.setVisible(document.visibilityState === 'visible');
  document.addEventListener('visibilitychange', visibility);
  addEventListener(PANEL_SHOWN_EVENT, () => debugging.setVisible(true));
  addEventListener(PANEL_HIDDEN_EVENT, () => debugging.setVisible(false));
  visibility();
  // For the end-to-end tests and the console: the panel's debugger session.
  Object.defineProperty(window, PANEL_HOOK, { value: Object.freeze({ debugger: debugging }), enumerable: false });
}
addEventListener('pagehide', () => {
  session?.dispose();
  debugging?.dispose();
  snapshots?.dispose();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SourceOpenerContext value={devtoolsOpener()}>
      <App
        session={session}
        debugging={debugging}
        snapshots={snapshots}
        reloadPage={tabId === undefined ? undefined : () => void browser.tabs.reload(tabId).catch(() => undefined)}
      />
    </SourceOpenerContext>
  </StrictMode>,
);
