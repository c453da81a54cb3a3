/** The DevTools page: registers the Leakscope panel for the inspected tab. */
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Leakscope', '', 'src/panel/panel.html');
