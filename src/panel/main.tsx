/** The panel entry: builds the models for the inspected tab (model/models.ts), follows the theme, renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import browser from 'webextension-polyfill';
import { createModels } from './model/models.ts';
import { applyPalette, SYSTEM_DARK, type DevtoolsThemeApi } from './model/theme.ts';
import { PANEL_HIDDEN_EVENT, PANEL_SHOWN_EVENT, PANEL_HOOK } from './model/visibility.ts';
import { App } from './views/App.tsx';
import { devtoolsOpener, SourceOpenerContext } from './views/tables/StackFrames.tsx';

// `chrome.devtools` exists only in DevTools pages; the pop-out tab (`panel.html?tabId=N`) has none.
const devtools = (globalThis as { chrome?: { devtools?: { panels?: DevtoolsThemeApi } } }).chrome?.devtools?.panels;
const models = createModels({
  browser,
  search: location.search,
  theme: {
    devtools,
    systemDark: matchMedia(SYSTEM_DARK),
    onShown: (fn) => {
      addEventListener(PANEL_SHOWN_EVENT, fn);
      return () => removeEventListener(PANEL_SHOWN_EVENT, fn);
    },
  },
});
const { debugging, theme } = models;

applyPalette(document.documentElement, theme.state.palette);
theme.subscribe(() => applyPalette(document.documentElement, theme.state.palette));

if (debugging) {
  // Sample only while shown: a hidden pop-out tab, or another DevTools panel selected (see devtools.ts).
  const visibility = () => debugging.setVisible(document.visibilityState === 'visible');
  document.addEventListener('visibilitychange', visibility);
  addEventListener(PANEL_SHOWN_EVENT, () => debugging.setVisible(true));
  addEventListener(PANEL_HIDDEN_EVENT, () => debugging.setVisible(false));
  visibility();
  // For the end-to-end tests and the console: the panel's debugger session.
  Object.defineProperty(window, PANEL_HOOK, { value: Object.freeze({ debugger: debugging }), enumerable: false });
}
addEventListener('pagehide', () => models.dispose());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SourceOpenerContext value={devtoolsOpener()}>
      <App models={models} />
    </SourceOpenerContext>
  </StrictMode>,
);
