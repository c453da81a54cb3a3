/** The panel entry: finds the inspected tab, opens its session, renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import browser from 'webextension-polyfill';
import { inspectedTabId } from './model/inspected-tab.ts';
import { TabSession } from './model/session.ts';
import { App } from './views/App.tsx';

const tabId = inspectedTabId(browser, location.search);
const session = tabId === undefined ? undefined : new TabSession(browser, tabId);
addEventListener('pagehide', () => session?.dispose());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
