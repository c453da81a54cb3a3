/**
 * The panel's model of one inspected tab: a port to the background that reconnects whenever the service worker
 * is stopped or restarted, and the live state it reports. Views read it with `useStore` (store.ts).
 */
import type { Browser } from 'webextension-polyfill';
import { Bridge } from '../../shared/bridge.ts';
import { portWall } from '../../shared/port-wall.ts';
import { BackgroundToPanel, PanelToBackground, PORT_PANEL, PROTOCOL_VERSION, type PageStats } from '../../shared/protocol.ts';
import { Store } from './store.ts';

/** The live counters a page reports, by their field in PageStats. */
export type CounterField = 'listeners' | 'connections' | 'workers' | 'channels' | 'images' | 'objectUrls' | 'observers' | 'timers';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'tab-closed' | 'extension-gone';

export interface NavigationMark {
  url: string;
  kind: 'load' | 'history' | 'fragment';
  at: number;
}

export interface SessionState {
  tabId: number;
  status: ConnectionStatus;
  /** Latest counters per frame id (0 is the top frame). */
  frames: ReadonlyMap<number, PageStats>;
  navigations: readonly NavigationMark[];
  /** How many times the port was re-opened (service worker restarts). */
  reconnects: number;
  problem: string | undefined;
}

const MAX_NAVIGATIONS = 1000;
const RETRY_MS = [50, 200, 500, 1000, 2000];

export class TabSession extends Store<SessionState> {
  private bridge: Bridge<typeof PanelToBackground, typeof BackgroundToPanel> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private disposed = false;

  constructor(
    private readonly browser: Browser,
    readonly tabId: number,
  ) {
    super({ tabId, status: 'connecting', frames: new Map(), navigations: [], reconnects: 0, problem: undefined });
    this.connect();
  }

  /** Sum of a counter over all frames of the tab. */
  total(field: CounterField): number {
    let sum = 0;
    for (const stats of this.current.frames.values()) sum += stats[field];
    return sum;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retry);
    this.bridge?.dispose();
    this.close();
  }

  private connect() {
    if (this.disposed) return;
    let port;
    try {
      port = this.browser.runtime.connect({ name: PORT_PANEL });
    } catch {
      this.update({ status: 'extension-gone', problem: 'Leakscope was reloaded or removed: close and reopen DevTools.' });
      return;
    }
    const bridge = new Bridge(portWall(port), PanelToBackground, BackgroundToPanel);
    this.bridge = bridge;
    bridge.on('welcome', ({ frames }) => {
      this.failures = 0;
      // A restarted worker knows nothing yet and asks the tab to report again: keep what we had until it does.
      const keep = frames.length === 0 && this.current.reconnects > 0;
      this.update({ status: 'live', frames: keep ? this.current.frames : new Map(frames.map((f) => [f.frameId, f.stats])), problem: undefined });
    });
    bridge.on('stats', ({ frameId, stats }) => {
      const frames = new Map(this.current.frames);
      frames.set(frameId, stats);
      this.update({ frames });
    });
    bridge.on('frameGone', ({ frameId }) => {
      if (!this.current.frames.has(frameId)) return;
      const frames = new Map(this.current.frames);
      frames.delete(frameId);
      this.update({ frames });
    });
    bridge.on('navigated', ({ url, kind }) => {
      const navigations = [...this.current.navigations, { url, kind, at: Date.now() }].slice(-MAX_NAVIGATIONS);
      this.update({ navigations });
    });
    bridge.on('tabClosed', () => this.update({ status: 'tab-closed', frames: new Map() }));
    bridge.on('problem', ({ code, message }) => this.update({ problem: message, ...(code === 'no-tab' ? { status: 'tab-closed' as const } : {}) }));
    port.onDisconnect.addListener(() => {
      bridge.dispose();
      if (this.bridge !== bridge || this.disposed || this.current.status === 'tab-closed') return;
      // The service worker was stopped (idle, update, crash): open a new port; it will wake it.
      this.update({ status: 'reconnecting', reconnects: this.current.reconnects + 1 });
      const delay = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
      this.retry = setTimeout(() => this.connect(), delay);
    });
    bridge.send('subscribe', { version: PROTOCOL_VERSION, tabId: this.tabId });
  }
}
