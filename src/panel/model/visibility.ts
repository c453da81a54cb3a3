/**
 * DevTools keeps a panel's page loaded while another panel is selected; the DevTools page tells the panel page
 * with these events (devtools.ts), so that it samples only while shown.
 */
export const PANEL_SHOWN_EVENT = 'leakscope-panel-shown';
export const PANEL_HIDDEN_EVENT = 'leakscope-panel-hidden';

/** Where the panel page exposes its debugger session (non-enumerable), for end-to-end tests and the console. */
export const PANEL_HOOK = Symbol.for('leakscope.panel');
