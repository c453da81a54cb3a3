/**
 * The one place where the panel's models are built, for the tab it inspects: the page's live counts (TabSession),
 * the debugger session, the snapshots, the timeline's series and the colour theme; and the wiring between them
 * (the browser's navigations become markers on the debugger's timeline). main.tsx builds them once and disposes of
 * them when the panel page goes away; the views receive them.
 */
import type { Browser } from 'webextension-polyfill';
import { chromeDebuggerHost, tabLookup } from './chrome-debugger.ts';
import { DebuggerSession } from './debugger-session.ts';
import { workerImporter } from './import-client.ts';
import { inspectedTabId } from './inspected-tab.ts';
import { LiveSeries } from './series.ts';
import { TabSession } from './session.ts';
import { browserSessionId, snapshotDb } from './snapshot-db.ts';
import { SnapshotStore } from './snapshots.ts';
import { ThemeModel, type ThemeEnvironment } from './theme.ts';

export interface PanelModels {
  /** The inspected tab; undefined when the panel was opened with none (no DevTools, no `?tabId=`). */
  tabId: number | undefined;
  /** The rest exist only with a tab. */
  session: TabSession | undefined;
  debugging: DebuggerSession | undefined;
  snapshots: SnapshotStore | undefined;
  /** The timeline's and the cards' series of the debugger's samples. */
  live: LiveSeries | undefined;
  theme: ThemeModel;
  /** Reloads the inspected tab (the "Reload page" button). */
  reloadPage: (() => void) | undefined;
  dispose(): void;
}

export interface PanelEnvironment {
  browser: Browser;
  /** The page's query string (`?tabId=`, `?theme=`). */
  search: string;
  /** What the theme reads besides `search`. */
  theme: Omit<ThemeEnvironment, 'search'>;
}

/**
 * Builds every model of the panel.
 *
 * @example
 * const models = createModels({ browser, search: location.search, theme: { devtools: chrome.devtools?.panels } });
 * addEventListener('pagehide', () => models.dispose());
 */
export function createModels({ browser, search, theme: themeEnv }: PanelEnvironment): PanelModels {
  const theme = new ThemeModel({ ...themeEnv, search });
  const tabId = inspectedTabId(browser, search);
  if (tabId === undefined) {
    return {
      tabId,
      session: undefined,
      debugging: undefined,
      snapshots: undefined,
      live: undefined,
      theme,
      reloadPage: undefined,
      dispose: () => theme.dispose(),
    };
  }
  const session = new TabSession(browser, tabId);
  const debugging = new DebuggerSession(chromeDebuggerHost(), tabId, { tabExists: tabLookup(browser) });
  const snapshots = new SnapshotStore({
    takeSnapshot: debugging.takeSnapshot,
    persistence: snapshotDb({ tabId, session: browserSessionId(browser.storage.session), tabExists: tabLookup(browser) }),
    importer: workerImporter,
  });
  void snapshots.restore();
  const live = new LiveSeries(debugging);
  const stopLive = live.connect();
  // Navigations the browser reports become markers on the debugger session's timeline.
  let seen = 0;
  const stopNavigations = session.subscribe(() => {
    const navigations = session.state.navigations;
    for (const n of navigations.slice(seen)) debugging.navigated(n.kind, n.url);
    seen = navigations.length;
  });
  return {
    tabId,
    session,
    debugging,
    snapshots,
    live,
    theme,
    reloadPage: () => void browser.tabs.reload(tabId).catch(() => undefined),
    dispose() {
      stopNavigations();
      stopLive();
      session.dispose();
      debugging.dispose();
      snapshots.dispose();
      theme.dispose();
    },
  };
}
