/**
 * Connections the browser closes by itself are not leaks: a WebSocket that CSP blocks, one to a refused port, one
 * the server closes, an EventSource the server ends for good. Each is opened N times per iteration by a page that
 * forgets it, through `leaks.cycle`, and must report nothing; the positive twins (the same page and line, a URL that
 * stays open or reconnects) report N per iteration at that line. Shared by the two ways of instrumenting (one spec
 * file each: `leakscopeExtension` is a worker option).
 *
 * Pages come from a small server on 127.0.0.1: Chromium's Local Network Access checks block a page on a public
 * origin from opening a WebSocket to a loopback address, so the page is served from loopback too.
 */
import { test, expect, type LeakResult } from 'leakscope/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { userFrame } from '../../src/playwright/frames.ts';
import { PLAIN_CHROMIUM } from './launch.ts';

const PAGES = new URL('../pages/', import.meta.url);
/** Connections opened per iteration. */
const N = 3;
const ITERATIONS = 3;
/** Cycles run by `leaks.cycle`: the warm-up one and the measured ones. */
const CYCLES = ITERATIONS + 1;

interface LivenessServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** `ws://127.0.0.1:PORT`: `/ws` stays open (greets with `hello`), `/ws-close` is closed by the server at once. */
  ws: string;
  /** A loopback port nothing listens on. */
  refusedPort: number;
  close(): Promise<void>;
}

/** A port that was free a moment ago and is closed again: connections to it are refused. */
async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Serves e2e/pages/*.html and event streams: `/events` stays open, `/events-retry` ends after one message and
 * tells the client to reconnect, `/events-204` answers 204 (the client must not reconnect), `/events-text` is not
 * an event stream (neither). Anything else is a 404.
 */
async function startServer(): Promise<LivenessServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('retry: 600000\ndata: hello\n\n');
      return;
    }
    if (path === '/events-retry') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.end('retry: 200\ndata: hello\n\n');
      return;
    }
    if (path === '/events-204') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/events-text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('data: not a stream\n\n');
      return;
    }
    const page = /^\/([\w-]+\.html)$/.exec(path);
    if (page) {
      try {
        const body = readFileSync(new URL(page[1]!, PAGES));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(body);
        return;
      } catch {
        // not a fixture page: 404 below
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    socket.on('error', () => undefined);
    if (req.url === '/ws-close') socket.close(1000, 'done');
    else socket.send('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    ws: `ws://127.0.0.1:${port}`,
    refusedPort: await refusedPort(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** 1-based line of `marker` in a fixture page. */
function lineOf(file: string, marker: string): number {
  const index = readFileSync(new URL(file, PAGES), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(marker));
  if (index === -1) throw new Error(`${marker} is not in ${file}`);
  return index + 1;
}

type Seen = { open: number; error: number; close: number; ended: number };
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: Seen }).seen);
const liveConnections = (page: Page) =>
  page.evaluate(() => (window as unknown as Record<symbol, { stats(): { connections: number } }>)[Symbol.for('leakscope')]!.stats().connections);
const websocketGroups = (result: LeakResult) => result.snapshots.at(-1)!.groups.filter((g) => g.kind === 'websocket');

/** Each cycle opens N connections and waits until the page saw what the browser did with them (no fixed sleep). */
function opener(page: Page, fn: 'openSockets' | 'openSources', url: string, done: keyof Seen) {
  let cycle = 0;
  return async () => {
    cycle++;
    await page.evaluate(([f, u, n]) => (window as unknown as Record<string, (u: string, n: number) => void>)[f]!(u, n), [fn, url, N] as const);
    await page.waitForFunction(([k, want]) => (window as unknown as { seen: Seen }).seen[k] >= want, [done, cycle * N] as const);
  };
}

export function defineLivenessTests(extension: boolean): void {
  test.use({ launchOptions: PLAIN_CHROMIUM });
  let server: LivenessServer;
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(async () => {
    await server.close();
  });

  /** The run must show no connection at all: none grew, none is live in the last snapshot, none is counted now. */
  const expectNoConnections = async (page: Page, result: LeakResult) => {
    expect(result.snapshots[0]!.health.instrumented).toBe(true);
    expect(result.report.leaks.filter((l) => l.kind === 'websocket')).toEqual([]);
    await expect(result).toHaveNoLeaks();
    expect(websocketGroups(result)).toEqual([]);
    await expect.poll(() => liveConnections(page)).toBe(0);
  };

  /** N per iteration, at `marker`'s line of `file`. */
  const expectLeakAt = (result: LeakResult, type: string, file: string, marker: string) => {
    const [leak, ...others] = result.report.leaks.filter((l) => l.kind === 'websocket');
    expect(others).toEqual([]);
    expect(leak).toMatchObject({ type, perIteration: N, values: [N, 2 * N, 3 * N, 4 * N] });
    const frame = userFrame(leak!.stack);
    expect(frame).toMatchObject({ url: `${server.url}${file}`, line: lineOf(file, marker) });
  };

  test.describe(extension ? 'connections the browser closes, extension loaded' : 'connections the browser closes, init script', () => {
    test.beforeEach(({ page }) => {
      // Which instrumentation runs: the extension's service worker is there only in extension mode.
      expect(
        page
          .context()
          .serviceWorkers()
          .some((w) => w.url().startsWith('chrome-extension://')),
      ).toBe(extension);
    });

    test('WebSockets that CSP blocks (error, readyState CLOSED, no close event) are no leak', async ({ page, leaks }) => {
      await page.goto(`${server.url}connections-csp.html`);
      const result = await leaks.cycle(opener(page, 'openSockets', 'ws://blocked.leakscope.test/live', 'error'), { iterations: ITERATIONS });
      expect(await seen(page)).toMatchObject({ open: 0, error: CYCLES * N });
      await expectNoConnections(page, result);
    });

    test('positive twin: the same CSP page, sockets to its own origin stay open and leak N per iteration at their line', async ({ page, leaks }) => {
      await page.goto(`${server.url}connections-csp.html`);
      const result = await leaks.cycle(opener(page, 'openSockets', `${server.ws}/ws`, 'open'), { iterations: ITERATIONS });
      expect(await seen(page)).toMatchObject({ open: CYCLES * N, error: 0, close: 0 });
      expectLeakAt(result, 'WebSocket', 'connections-csp.html', 'LEAK:csp-websocket');
    });

    test('WebSockets to a refused port are no leak', async ({ page, leaks }) => {
      await page.goto(`${server.url}connections-liveness.html`);
      const result = await leaks.cycle(opener(page, 'openSockets', `ws://127.0.0.1:${server.refusedPort}/`, 'close'), { iterations: ITERATIONS });
      expect(await seen(page)).toMatchObject({ open: 0, close: CYCLES * N });
      await expectNoConnections(page, result);
    });

    test('WebSockets the server closes are no leak, and the page still gets its close events', async ({ page, leaks }) => {
      await page.goto(`${server.url}connections-liveness.html`);
      const result = await leaks.cycle(opener(page, 'openSockets', `${server.ws}/ws-close`, 'close'), { iterations: ITERATIONS });
      expect(await seen(page)).toMatchObject({ open: CYCLES * N, error: 0, close: CYCLES * N });
      await expectNoConnections(page, result);
    });

    test('positive twin: the same page, sockets the server keeps open leak N per iteration at their line', async ({ page, leaks }) => {
      await page.goto(`${server.url}connections-liveness.html`);
      const result = await leaks.cycle(opener(page, 'openSockets', `${server.ws}/ws`, 'open'), { iterations: ITERATIONS });
      expect(await seen(page)).toMatchObject({ open: CYCLES * N, close: 0 });
      expectLeakAt(result, 'WebSocket', 'connections-liveness.html', 'LEAK:liveness-websocket');
    });

    for (const [what, path] of [
      ['a 204', '/events-204'],
      ['a wrong content type', '/events-text'],
    ] as const) {
      test(`EventSources the server ends with ${what} (CLOSED, no reconnection) are no leak`, async ({ page, leaks }) => {
        await page.goto(`${server.url}connections-liveness.html`);
        const result = await leaks.cycle(opener(page, 'openSources', path, 'ended'), { iterations: ITERATIONS });
        expect(await seen(page)).toMatchObject({ open: 0, ended: CYCLES * N });
        await expectNoConnections(page, result);
      });
    }

    test('positive twin: EventSources that reconnect (CONNECTING between streams) leak N per iteration at their line', async ({ page, leaks }) => {
      await page.goto(`${server.url}connections-liveness.html`);
      const result = await leaks.cycle(opener(page, 'openSources', '/events-retry', 'open'), { iterations: ITERATIONS });
      expect((await seen(page)).ended).toBe(0);
      expectLeakAt(result, 'EventSource', 'connections-liveness.html', 'LEAK:liveness-eventsource');
    });

    test('a closed socket the page keeps carries none of our listeners; the page handler still runs', async ({ page }) => {
      await page.goto(`${server.url}connections-liveness.html`);
      const cdp = await page.context().newCDPSession(page);
      const listenersOnKept = async () => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'kept[kept.length - 1]' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
        await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
        return listeners.map((l) => l.type).sort();
      };
      const keep = (u: string) =>
        page.evaluate((url) => {
          const w = window as unknown as { keepSocket(u: string): void; kept: WebSocket[]; seen: Seen };
          w.keepSocket(url);
          w.kept.at(-1)!.onclose = () => w.seen.close++;
        }, u);
      const closed = () => page.waitForFunction(() => (window as unknown as { kept: WebSocket[] }).kept.at(-1)!.readyState === WebSocket.CLOSED);

      // The control: an open socket carries ours (close, error, message) besides the page's `onclose`.
      await keep(`${server.ws}/ws`);
      await page.waitForFunction(() => (window as unknown as { kept: WebSocket[] }).kept.at(-1)!.readyState === WebSocket.OPEN);
      expect(await listenersOnKept()).toEqual(['close', 'close', 'error', 'message']);
      await page.evaluate(() => (window as unknown as { kept: WebSocket[] }).kept.at(-1)!.close());
      await closed();
      await expect.poll(listenersOnKept).toEqual(['close']);
      // Closed by the browser (refused) and by the server: only the page's own `onclose` is left.
      for (const url of [`ws://127.0.0.1:${server.refusedPort}/`, `${server.ws}/ws-close`]) {
        await keep(url);
        await closed();
        await expect.poll(listenersOnKept).toEqual(['close']);
      }
      expect((await seen(page)).close).toBe(3);
      await expect.poll(() => liveConnections(page)).toBe(0);
      await cdp.detach();
    });
  });
}
