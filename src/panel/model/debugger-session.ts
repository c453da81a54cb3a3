/**
 * The panel's debugger session for the inspected tab: `chrome.debugger` is attached while the panel is open,
 * counters are sampled once a second while it is visible, and snapshots are taken on demand, all through the one
 * collector. The debugger lives here rather than in the service worker because the worker is stopped when idle,
 * and an attachment owned by a stopped worker would be lost with it (PLATFORM.md: DevTools pages may use it).
 *
 * Every way the attachment can end is a state the view shows, never an exception: the user cancelled the
 * "started debugging" infobar, the tab was closed or crashed, the page cannot be inspected (chrome:// pages,
 * the Web Store), or another debugger holds it.
 */
import { collect, TimeLimit } from '../../collector/collect.ts';
import { Connection } from '../../collector/connection.ts';
import { collectGarbage } from '../../collector/gc.ts';
import { debuggerCdp, debuggerErrorMessage, type DebuggerApi } from '../../collector/debugger-cdp.ts';
import { sample, type LiveSample } from '../../collector/sample.ts';
import type { Snapshot } from '../../core/index.ts';
import { Store } from './store.ts';

/** `chrome.debugger`, as far as this model uses it. */
export interface DebuggerHost extends DebuggerApi {
  attach(target: { tabId: number }, version: string): Promise<void>;
  detach(target: { tabId: number }): Promise<void>;
  onDetach: {
    addListener(fn: (source: { tabId?: number }, reason: string) => void): void;
    removeListener(fn: (source: { tabId?: number }, reason: string) => void): void;
  };
}

export type DebuggerStatus = 'attaching' | 'attached' | 'canceled-by-user' | 'detached' | 'tab-closed' | 'cannot-inspect' | 'crashed';

export interface Marker {
  time: number;
  /** `epoch`: the page's own navigation log moved on (SPA route changes included); the others come from webNavigation. */
  kind: 'epoch' | 'load' | 'history' | 'fragment';
  url: string;
}

export interface SnapshotRun {
  state: 'idle' | 'running' | 'done' | 'failed';
  snapshot?: Snapshot;
  error?: string;
  durationMs?: number;
}

export interface DebuggerState {
  status: DebuggerStatus;
  /** Why the session is not attached, in one line. */
  message: string | undefined;
  latest: LiveSample | undefined;
  /** Why the last sample failed (a busy page), cleared by the next good one. */
  sampleError: string | undefined;
  samples: readonly LiveSample[];
  markers: readonly Marker[];
  run: SnapshotRun;
  /** The last "Collect garbage" the user asked for. */
  gc: { state: 'idle' | 'running' | 'done' | 'failed'; error?: string };
}

/** Samples kept for the graphs (one hour at 1 Hz, as many as the timeline shows). */
export const MAX_SAMPLES = 3600;
const MAX_MARKERS = 1000;
export const SAMPLE_INTERVAL_MS = 1000;
const PROTOCOL = '1.3';
/**
 * Counting detached nodes makes Chrome collect all garbage first, which stops the page for as long (measured: 15-25
 * ms on a small page, 70-90 ms with a 19 MB heap). So a count that took t ms is not taken again for
 * DETACHED_BACKOFF × t ms (at most DETACHED_MAX_WAIT_MS): the page spends at most 1/DETACHED_BACKOFF of its time on
 * it. A small page is still counted about every second; samples in between repeat the last count. A snapshot or
 * "Collect garbage" makes the next sample count again.
 */
const DETACHED_BACKOFF = 30;
const DETACHED_MAX_WAIT_MS = 60_000;

export interface DebuggerSessionOptions {
  /** Whether the tab still exists (tells a closed tab from a crashed or navigated one). */
  tabExists(tabId: number): Promise<boolean>;
  /** Default snapshot time-out, in ms. */
  snapshotTimeoutMs?: number;
}

const INITIAL_STATE: DebuggerState = {
  status: 'attaching',
  message: undefined,
  latest: undefined,
  sampleError: undefined,
  samples: [],
  markers: [],
  run: { state: 'idle' },
  gc: { state: 'idle' },
};

export class DebuggerSession extends Store<DebuggerState> {
  private readonly connection: Connection;
  private visible = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<unknown> | undefined;
  private disposed = false;
  private lastEpoch: number | undefined;
  private nextDetachedAt = 0;
  private readonly stopCrashWatch: (() => void)[];
  snapshotTimeoutMs: number;

  constructor(
    private readonly host: DebuggerHost,
    readonly tabId: number,
    private readonly opts: DebuggerSessionOptions,
  ) {
    super(INITIAL_STATE);
    this.connection = new Connection(debuggerCdp(host, tabId));
    this.snapshotTimeoutMs = opts.snapshotTimeoutMs ?? 20_000;
    host.onDetach.addListener(this.onDetach);
    // A crashed renderer leaves the debugger attached but answering nothing: the protocol says so with an event.
    this.stopCrashWatch = [this.connection.cdp.on('Inspector.targetCrashed', () => this.crashed())];
    void this.attach();
  }

  /** The view is shown or hidden: sampling runs only while it is shown. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.schedule(0);
    else clearTimeout(this.timer);
  }

  /** Attaches again after the user cancelled debugging, or the tab crashed or navigated away and back. */
  reattach = (): Promise<void> => this.attach();

  /** A navigation the browser reported (webNavigation, via the background). */
  navigated(kind: 'load' | 'history' | 'fragment', url: string): void {
    this.mark({ time: Date.now(), kind, url });
    // A crashed tab, or one that was on a page we cannot inspect, may be inspectable again after a load.
    if (kind === 'load' && (this.current.status === 'detached' || this.current.status === 'cannot-inspect' || this.current.status === 'crashed'))
      void this.attach();
  }

  /** Takes a snapshot over the debugger; failures end up in `state.run` (and are returned rejected). */
  takeSnapshot = async (label = 'snapshot'): Promise<Snapshot> => {
    if (this.current.run.state === 'running') throw new Error('A snapshot is already being taken.');
    const started = Date.now();
    this.update({ run: { state: 'running' } });
    try {
      const snapshot = await this.exclusive('taking a snapshot', started, (timeoutMs, limit) =>
        collect(this.connection, { label, timeoutMs, onExtraTime: (ms) => limit.extend(ms) }),
      );
      this.update({ run: { state: 'done', snapshot, durationMs: Date.now() - started } });
      return snapshot;
    } catch (error) {
      this.update({ run: { state: 'failed', error: firstLine(error), durationMs: Date.now() - started } });
      throw error;
    }
  };

  /** Forces a garbage collection in the page (the "Collect garbage" button); the next sample shows what is left. */
  collectGarbage = async (): Promise<void> => {
    if (this.current.gc.state === 'running') return;
    this.update({ gc: { state: 'running' } });
    try {
      await this.exclusive('collecting garbage', Date.now(), () => collectGarbage(this.connection));
      this.update({ gc: { state: 'done' } });
    } catch (error) {
      this.update({ gc: { state: 'failed', error: firstLine(error) } });
    }
  };

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.host.onDetach.removeListener(this.onDetach);
    for (const stop of this.stopCrashWatch) stop();
    this.close();
    if (this.current.status === 'attached') void this.host.detach({ tabId: this.tabId }).catch(() => undefined);
  }

  private mark(marker: Marker) {
    this.update({ markers: [...this.current.markers, marker].slice(-MAX_MARKERS) });
  }

  /**
   * Runs `step` alone on the debugger, bounded in time from `started` (the user's click). It never interleaves
   * with a sample: both reset the DOM agent. Waiting for a sample in flight counts toward the bound, so a sample
   * stuck on a busy page does not hold the step past it.
   */
  private async exclusive<T>(what: string, started: number, step: (timeoutMs: number, limit: TimeLimit) => Promise<T>): Promise<T> {
    const timeoutMs = this.snapshotTimeoutMs;
    // The bound grows when the step says it needs more (a snapshot of a page with many frames).
    const limit = new TimeLimit(timeoutMs, what);
    const previous = this.inFlight;
    const steps = (async () => {
      await previous?.catch(() => undefined);
      if (Date.now() - started >= timeoutMs) throw new Error('timed out while a sample was being taken'); // already reported by the bound below
      if (this.current.status !== 'attached') throw new Error(this.current.message ?? 'The debugger is not attached.');
      // The bound below, over the whole step, is the one that reports; the step's own only ends its work.
      return step(timeoutMs, limit);
    })();
    steps.catch(() => undefined); // when the bound wins the race, nobody else awaits these steps
    const work = limit.race(steps);
    this.inFlight = work;
    try {
      const result = await work;
      this.nextDetachedAt = 0; // garbage was collected: count detached nodes again
      return result;
    } catch (error) {
      await this.checkAttachment(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      this.inFlight = undefined;
      // The next sample a full interval later: at once, on a page with tens of thousands of detached nodes, its
      // count would hold a snapshot the user asks for right after this one.
      this.schedule(SAMPLE_INTERVAL_MS);
    }
  }

  private async attach(): Promise<void> {
    if (this.disposed) return;
    this.update({ status: 'attaching', message: undefined });
    try {
      await this.host.attach({ tabId: this.tabId }, PROTOCOL);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/already attached/i.test(text) && (await this.usable())) {
        // Another Leakscope panel of this extension (DevTools and a pop-out tab) holds it: share it.
      } else if (/no tab with/i.test(text) || !(await this.opts.tabExists(this.tabId))) {
        return this.update({ status: 'tab-closed', message: `Tab ${this.tabId} was closed.` });
      } else {
        return this.update({ status: 'cannot-inspect', message: `Leakscope cannot inspect this page: ${text.split('\n')[0]}` });
      }
    }
    if (this.disposed) {
      await this.host.detach({ tabId: this.tabId }).catch(() => undefined);
      return;
    }
    // For Inspector.targetCrashed; a page that cannot enable it is still worth sampling.
    await this.connection.cdp.send('Inspector.enable').catch(() => undefined);
    this.update({ status: 'attached', message: undefined, sampleError: undefined });
    this.schedule(0);
  }

  private crashed() {
    if (this.disposed) return;
    clearTimeout(this.timer);
    // The attachment outlives the crash (no onDetach) and answers again once the tab is reloaded: the next load,
    // or Re-attach, takes it up again.
    this.update({
      status: 'crashed',
      message: 'The page crashed (its renderer process is gone, often from running out of memory). Reload the tab to watch it again.',
      sampleError: undefined,
      ...(this.current.run.state === 'running' ? { run: { state: 'failed', error: 'The page crashed while the snapshot was being taken.' } } : {}),
    });
  }

  private async usable(): Promise<boolean> {
    try {
      await this.host.sendCommand({ tabId: this.tabId }, 'Runtime.evaluate', { expression: '0' });
      return true;
    } catch {
      return false;
    }
  }

  private readonly onDetach = (source: { tabId?: number }, reason: string) => {
    if (source.tabId !== this.tabId || this.disposed) return;
    clearTimeout(this.timer);
    if (reason === 'canceled_by_user') {
      this.update({
        status: 'canceled-by-user',
        message: 'Debugging was cancelled from the browser (the "started debugging" bar was closed). Leakscope needs it to take snapshots.',
      });
      return;
    }
    void this.opts
      .tabExists(this.tabId)
      .then((exists) =>
        this.update(
          exists
            ? { status: 'detached', message: `The debugger was detached (${reason.slice(0, 100)}): the tab crashed or something else took it.` }
            : { status: 'tab-closed', message: `Tab ${this.tabId} was closed.` },
        ),
      );
  };

  /** After a failed command: was it because the attachment is gone? */
  private async checkAttachment(message: string) {
    if (!/not attached|no tab with|target closed/i.test(message) || this.current.status !== 'attached') return;
    const exists = await this.opts.tabExists(this.tabId);
    this.update(
      exists
        ? { status: 'detached', message: debuggerErrorMessage(this.tabId, new Error('not attached')) }
        : { status: 'tab-closed', message: `Tab ${this.tabId} was closed.` },
    );
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    if (this.disposed || !this.visible || this.current.status !== 'attached') return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick() {
    if (this.current.status !== 'attached' || this.current.run.state === 'running' || this.inFlight) return;
    // Counting detached nodes stops the page for a garbage collection: at most 1/DETACHED_BACKOFF of the time.
    const withDetached = Date.now() >= this.nextDetachedAt;
    const work = sample(this.connection, { detached: withDetached, timeoutMs: withDetached ? 5000 : 900 });
    this.inFlight = work;
    try {
      const fresh = await work;
      if (withDetached) this.nextDetachedAt = Date.now() + Math.min(fresh.detachedMs * DETACHED_BACKOFF, DETACHED_MAX_WAIT_MS);
      const s = fresh.detachedNodes === undefined ? { ...fresh, detachedNodes: this.current.latest?.detachedNodes } : fresh;
      const epoch = s.registry?.epoch;
      if (epoch !== undefined && this.lastEpoch !== undefined && epoch !== this.lastEpoch)
        this.mark({ time: s.time, kind: 'epoch', url: s.registry!.url });
      this.lastEpoch = epoch;
      this.update({ latest: s, sampleError: undefined, samples: [...this.current.samples, s].slice(-MAX_SAMPLES) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.update({ sampleError: message.split('\n')[0] });
      await this.checkAttachment(message);
    } finally {
      if (this.inFlight === work) this.inFlight = undefined;
      this.schedule(SAMPLE_INTERVAL_MS);
    }
  }
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
