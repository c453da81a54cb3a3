import { describe, expect, it, vi } from 'vitest';
import { DebuggerSession, type DebuggerHost } from './debugger-session.ts';

type DetachFn = (source: { tabId?: number }, reason: string) => void;

/** A chrome.debugger stand-in: attaches, answers the sampler's commands, and lets a test detach it. */
function fakeHost(opts: { attachError?: string } = {}) {
  const detachListeners = new Set<DetachFn>();
  let attached = false;
  const host: DebuggerHost = {
    attach: vi.fn(async () => {
      if (opts.attachError) throw new Error(opts.attachError);
      attached = true;
    }),
    detach: vi.fn(async () => {
      attached = false;
    }),
    sendCommand: vi.fn(async (_target, method: string) => {
      if (!attached) throw new Error('Debugger is not attached to the tab with id: 7.');
      if (method === 'Performance.getMetrics') return { metrics: [{ name: 'Nodes', value: 10 }] };
      if (method === 'Runtime.getHeapUsage') return { usedSize: 1000, totalSize: 2000 };
      if (method === 'Runtime.evaluate')
        return {
          result: {
            value: [
              {
                listeners: 3,
                connections: 0,
                workers: 0,
                channels: 0,
                images: 0,
                imageBytes: 0,
                objectUrls: 0,
                observers: 0,
                timers: 0,
                epoch: 0,
                url: 'http://a.test/',
                errors: 0,
              },
            ],
          },
        };
      if (method === 'DOM.getDetachedDomNodes') return { detachedNodes: [] };
      return {};
    }),
    onEvent: { addListener: () => undefined, removeListener: () => undefined },
    onDetach: { addListener: (fn) => detachListeners.add(fn), removeListener: (fn) => detachListeners.delete(fn) },
  };
  const detachByBrowser = (reason: string) => {
    attached = false;
    for (const fn of detachListeners) fn({ tabId: 7 }, reason);
  };
  return { host, detachByBrowser };
}

const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true));

describe('DebuggerSession', () => {
  it('attaches, samples, and says so when the user cancels debugging; Re-attach works and nothing throws', async () => {
    const { host, detachByBrowser } = fakeHost();
    const session = new DebuggerSession(host, 7, { tabExists: async () => true });
    await until(() => session.state.latest?.registry?.listeners === 3);
    expect(session.state.status).toBe('attached');
    detachByBrowser('canceled_by_user');
    expect(session.state.status).toBe('canceled-by-user');
    expect(session.state.message).toMatch(/cancelled/);
    await expect(session.takeSnapshot()).rejects.toThrow(/cancelled/);
    await session.reattach();
    expect(session.state.status).toBe('attached');
    session.dispose();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- a mock, read, never called
    expect(host.detach).toHaveBeenCalledWith({ tabId: 7 });
  });

  it('tells a closed tab from a crashed one', async () => {
    const closed = fakeHost();
    const a = new DebuggerSession(closed.host, 7, { tabExists: async () => false });
    await until(() => a.state.status === 'attached');
    closed.detachByBrowser('target_closed');
    await until(() => a.state.status === 'tab-closed');
    const crashed = fakeHost();
    const b = new DebuggerSession(crashed.host, 7, { tabExists: async () => true });
    await until(() => b.state.status === 'attached');
    crashed.detachByBrowser('target_closed');
    await until(() => b.state.status === 'detached');
    // A new document loaded in the tab: attach again by itself.
    b.navigated('load', 'http://a.test/');
    await until(() => b.state.status === 'attached');
    expect(b.state.markers.map((m) => m.kind)).toEqual(['load']);
    a.dispose();
    b.dispose();
  });

  it('says when a page cannot be inspected, and ignores detaches of other tabs', async () => {
    const { host } = fakeHost({ attachError: 'Cannot access a chrome:// URL' });
    const session = new DebuggerSession(host, 7, { tabExists: async () => true });
    await until(() => session.state.status === 'cannot-inspect');
    expect(session.state.message).toBe('Leakscope cannot inspect this page: Cannot access a chrome:// URL');
    session.dispose();
  });
});
