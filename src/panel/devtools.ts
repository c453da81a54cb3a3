/** The DevTools page: registers the Leakscope panel for the inspected tab, and tells it when it is shown. */
import browser from 'webextension-polyfill';
import { PANEL_HIDDEN_EVENT, PANEL_SHOWN_EVENT } from './model/visibility.ts';

void browser.devtools.panels.create('Leakscope', '', 'src/panel/panel.html').then((panel) => {
  let shownIn: Window | undefined;
  panel.onShown.addListener((win: Window) => {
    shownIn = win;
    win.dispatchEvent(new Event(PANEL_SHOWN_EVENT));
  });
  panel.onHidden.addListener(() => shownIn?.dispatchEvent(new Event(PANEL_HIDDEN_EVENT)));
});
