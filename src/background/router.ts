/**
 * Per-tab routing between content relays (one per frame) and panels (any number per tab).
 *
 * State is in memory only: when the service worker is stopped it is lost, panels reconnect and subscribe again,
 * and the background asks the tab's relays to report everything anew.
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import { Bridge } from '../shared/bridge.ts';
import { portWall, tabMessageWall } from '../shared/port-wall.ts';
import {
  BackgroundToContent,
  BackgroundToPanel,
  ContentToBackground,
  PanelToBackground,
  PORT_CONTENT,
  PORT_PANEL,
  PROTOCOL_VERSION,
  type PageStats,
} from '../shared/protocol.ts';

type PanelBridge = Bridge<typeof BackgroundToPanel, typeof PanelToBackground>;

interface FrameState {
  port: Runtime.Port;
  stats: PageStats | undefined;
  /** The protocol version the frame's page script announced in its hello, when it is not ours. */
  otherVersion?: number;
}

/**
 * What the panel says when a frame's page script speaks another protocol version than the extension: which side
 * is older, and what to do.
 *
 * @example
 * versionProblem(0, 0); // 'This tab runs an older Leakscope page script (protocol 0; the extension speaks 1): reload it.'
 */
export function versionProblem(pageVersion: number, frameId: number): string {
  const where = frameId === 0 ? 'This tab runs' : `A frame of this tab (frame ${frameId}) runs`;
  return pageVersion < PROTOCOL_VERSION
    ? `${where} an older Leakscope page script (protocol ${pageVersion}; the extension speaks ${PROTOCOL_VERSION}): reload it.`
    : `${where} a newer Leakscope page script (protocol ${pageVersion}) than this extension (protocol ${PROTOCOL_VERSION}): update Leakscope, then reload the tab.`;
}

/** What the panel says when the panel itself speaks another protocol version than the extension's background. */
export function panelVersionProblem(panelVersion: number): string {
  return panelVersion < PROTOCOL_VERSION
    ? `This panel is older than the extension (protocol ${panelVersion}; the extension speaks ${PROTOCOL_VERSION}): close and reopen DevTools.`
    : `This panel is newer than the extension (protocol ${panelVersion}; the extension speaks ${PROTOCOL_VERSION}): reload the extension, then reopen DevTools.`;
}

interface TabState {
  frames: Map<number, FrameState>;
  panels: Set<PanelBridge>;
}

export function startRouter(browser: Browser): void {
  const tabs = new Map<number, TabState>();
  const tab = (tabId: number): TabState => {
    let state = tabs.get(tabId);
    if (!state) tabs.set(tabId, (state = { frames: new Map(), panels: new Set() }));
    return state;
  };
  const toPanels = (tabId: number, send: (panel: PanelBridge) => void) => {
    for (const panel of tabs.get(tabId)?.panels ?? []) {
      try {
        send(panel);
      } catch {
        tabs.get(tabId)?.panels.delete(panel); // its port closed under us; onDisconnect tidies the rest
      }
    }
  };
  const ownExtensionPage = (sender: Runtime.MessageSender | undefined) =>
    sender?.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL(''));

  browser.runtime.onConnect.addListener((port) => {
    if (port.name === PORT_CONTENT) acceptContent(port);
    else if (port.name === PORT_PANEL && ownExtensionPage(port.sender)) acceptPanel(port);
    else port.disconnect();
  });

  function acceptContent(port: Runtime.Port) {
    const tabId = port.sender?.tab?.id;
    const frameId = port.sender?.frameId ?? 0;
    if (tabId === undefined || port.sender?.id !== browser.runtime.id) return port.disconnect();
    const bridge = new Bridge(portWall(port), {}, ContentToBackground);
    const frames = tab(tabId).frames;
    // A new document in the frame replaces the old one, even if the old port has not closed yet.
    frames.set(frameId, { port, stats: undefined });
    // The hello passes the bridge whatever its version (see HANDSHAKE_MESSAGES); the relay forwards the page
    // script's version in it. A frame of another version is remembered, so that a panel subscribing later hears of it.
    bridge.on('hello', ({ version }) => {
      const frame = frames.get(frameId);
      if (frame?.port !== port) return;
      if (version === PROTOCOL_VERSION) {
        delete frame.otherVersion;
        return;
      }
      frame.otherVersion = version;
      toPanels(tabId, (p) => p.send('problem', { code: 'version-mismatch', message: versionProblem(version, frameId) }));
    });
    bridge.on('stats', (stats) => {
      const frame = frames.get(frameId);
      if (frame?.port !== port) return;
      frame.stats = stats;
      toPanels(tabId, (p) => p.send('stats', { frameId, stats }));
    });
    port.onDisconnect.addListener(() => {
      bridge.dispose();
      if (frames.get(frameId)?.port !== port) return;
      frames.delete(frameId);
      toPanels(tabId, (p) => p.send('frameGone', { frameId }));
    });
  }

  function acceptPanel(port: Runtime.Port) {
    const bridge: PanelBridge = new Bridge(portWall(port), BackgroundToPanel, PanelToBackground);
    let subscribedTo: number | undefined;
    /** Set when the panel's port closes: a subscribe still waiting for its tab must then add nothing. */
    let gone = false;
    const subscribe = async ({ version, tabId }: { version: number; tabId: number }) => {
      if (version !== PROTOCOL_VERSION) {
        bridge.send('problem', { code: 'version-mismatch', message: panelVersionProblem(version) });
        return;
      }
      try {
        await browser.tabs.get(tabId);
      } catch {
        if (!gone) bridge.send('problem', { code: 'no-tab', message: `There is no tab ${tabId}: it was closed.` });
        return;
      }
      // The panel closed while the tab was looked up: adding it would leave a dead bridge among the tab's panels.
      if (gone) return;
      if (subscribedTo !== undefined) tabs.get(subscribedTo)?.panels.delete(bridge);
      subscribedTo = tabId;
      const state = tab(tabId);
      state.panels.add(bridge);
      const frames = [...state.frames].flatMap(([frameId, f]) => (f.stats ? [{ frameId, stats: f.stats }] : []));
      bridge.send('welcome', { version: PROTOCOL_VERSION, tabId, frames });
      for (const [frameId, f] of state.frames) {
        if (f.otherVersion !== undefined) bridge.send('problem', { code: 'version-mismatch', message: versionProblem(f.otherVersion, frameId) });
      }
      // Nothing known (the worker was restarted, or the panel opened first): ask the tab's relays to report.
      if (frames.length === 0) new Bridge(tabMessageWall(browser.tabs, tabId), BackgroundToContent, {}).send('resend', { tabId });
    };
    bridge.on('subscribe', (message) => void subscribe(message));
    port.onDisconnect.addListener(() => {
      gone = true;
      bridge.dispose();
      if (subscribedTo !== undefined) tabs.get(subscribedTo)?.panels.delete(bridge);
    });
  }

  browser.tabs.onRemoved.addListener((tabId) => {
    toPanels(tabId, (p) => p.send('tabClosed', { tabId }));
    tabs.delete(tabId);
  });

  const navigated = (kind: 'load' | 'history' | 'fragment') => (details: { tabId: number; frameId: number; url: string }) => {
    if (details.frameId !== 0) return;
    toPanels(details.tabId, (p) => p.send('navigated', { url: details.url.slice(0, 4096), kind }));
  };
  browser.webNavigation.onCommitted.addListener(navigated('load'));
  browser.webNavigation.onHistoryStateUpdated.addListener(navigated('history'));
  browser.webNavigation.onReferenceFragmentUpdated.addListener(navigated('fragment'));
}
