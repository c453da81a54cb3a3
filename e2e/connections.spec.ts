/**
 * Connections in the registry: WebSocket, EventSource and BroadcastChannel. Each leak has a clean twin that must
 * report nothing once its connections are closed, by the page or by the browser.
 *
 * The fixture pages, an event stream and a WebSocket endpoint come from one small server on 127.0.0.1: Chromium's
 * Local Network Access checks block a page on a public origin (such as the routed fixture origin) from opening
 * a WebSocket to a loopback address (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS), so the page must be
 * served from loopback too.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ReadoutGroup, ReadoutSummary } from '../src/content/instrument/readout.ts';
import { expect, test } from './fixtures.ts';

type Readout = { summary(): ReadoutSummary; stats(): { connections: number } };

const summary = (page: Page) =>
  page.evaluate(() => (window as unknown as Record<symbol, { summary(): ReadoutSummary }>)[Symbol.for('leakscope')]!.summary());
const groups = async (page: Page, type: string): Promise<ReadoutGroup[]> =>
  (await summary(page)).groups.filter((g) => g.kind === 'websocket' && g.type === type);
const connections = (page: Page) => page.evaluate(() => (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats().connections);

const PAGES = new URL('./pages/', import.meta.url);

/** Line and column (1-based, as V8 gives them) of `call` on the line of `marker` in a fixture page. */
function whereIs(file: string, marker: string, call: string): { line: number; column: number } {
  const lines = readFileSync(new URL(file, PAGES), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(marker));
  if (index === -1) throw new Error(`${marker} is not in ${file}`);
  return { line: index + 1, column: lines[index]!.indexOf(call) + 1 };
}

interface Server {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** `ws://127.0.0.1:PORT/ws`: greets every socket with `hello` and echoes what it receives. */
  wsUrl: string;
  /** Event streams the server holds open right now. */
  openStreams(): number;
  close(): Promise<void>;
}

/**
 * Serves e2e/pages/*.html, `GET /events` (an event stream that sends one message and stays open; the client is
 * told to wait ten minutes before reconnecting) and the WebSocket endpoint `/ws`. Anything else is a 404.
 */
async function startServer(): Promise<Server> {
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('retry: 600000\ndata: hello\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
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
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (socket) => {
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    socket.send('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    openStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let server: Server;
let wsUrl: string;

test.beforeAll(async () => {
  server = await startServer();
  wsUrl = server.wsUrl;
});

test.afterAll(async () => {
  await server.close();
});

/** Opens a fixture page from the loopback server. */
const open = async (page: Page, name: string) => {
  await page.goto(`${server.url}${name}`);
  return page;
};

test.describe('WebSocket', () => {
  test('sockets opened and never closed: one group with their count, kept after GC, stack at the fixture line', async ({ page: tab, context }) => {
    const page = await open(tab, 'connections-leaky.html');
    await page.evaluate((url) => (window as unknown as { openSockets(u: string, n: number): void }).openSockets(url, 3), wsUrl);
    // The server greets every socket: once each got its hello, all are OPEN and counted as received.
    await expect.poll(() => page.evaluate(() => (window as unknown as { received: number }).received)).toBeGreaterThanOrEqual(3);

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();

    const [group, ...others] = await groups(page, 'WebSocket');
    expect(others).toEqual([]);
    expect(group).toMatchObject({ kind: 'websocket', type: 'WebSocket', target: wsUrl, count: 3 });
    expect(group!.samples).toHaveLength(3);
    for (const sample of group!.samples) {
      expect(sample.description).toMatch(new RegExp(`^${wsUrl}\\?n=\\d$`));
      expect(sample.state).toMatch(/^OPEN for [\d.]+ (ms|s), 0 sent, [1-9]\d* received$/);
    }
    const at = whereIs('connections-leaky.html', 'LEAK:websocket', 'new WebSocket');
    expect(group!.stack[0]).toMatchObject({ url: `${server.url}connections-leaky.html`, functionName: 'openSockets', ...at });
    expect(await connections(page)).toBe(3);
  });

  test('negative twin: sockets closed by the page (open, or still connecting) and refused ones leave the registry', async ({ page: tab }) => {
    const page = await open(tab, 'connections-clean.html');
    const opened = await page.evaluate((url) => {
      const w = window as unknown as { openSockets(u: string, n: number): void; abandonSocket(u: string): void };
      w.openSockets(url, 3);
      w.abandonSocket(url);
      // Nothing listens on port 9: the browser fails the connection and closes it.
      new WebSocket('ws://127.0.0.1:9/');
      return (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats().connections;
    }, wsUrl);
    expect(opened).toBe(5);
    await expect.poll(() => connections(page)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { received: number }).received)).toBe(3);
    expect(await groups(page, 'WebSocket')).toEqual([]);
  });

  test('messages sent and received are counted in the state', async ({ page: tab }) => {
    const page = await open(tab, 'connections-leaky.html');
    await page.evaluate(
      (url) =>
        new Promise<void>((resolve) => {
          const socket = new WebSocket(url);
          (window as unknown as { kept: WebSocket }).kept = socket;
          socket.onopen = () => {
            socket.send('ping');
            socket.send('pong');
            resolve();
          };
        }),
      wsUrl,
    );
    // hello + two echoes
    await expect.poll(async () => (await groups(page, 'WebSocket'))[0]?.samples[0]?.state).toMatch(/^OPEN for .+, 2 sent, [3-9]\d* received$/);
    await page.evaluate(() => (window as unknown as { kept: WebSocket }).kept.close());
    await expect.poll(() => connections(page)).toBe(0);
  });

  test('the constructor looks and behaves as the native one', async ({ page: tab }) => {
    const page = await open(tab, 'connections-clean.html');
    const result = await page.evaluate((url) => {
      const error = (f: () => unknown) => {
        try {
          f();
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      class Tracked extends WebSocket {
        label = 'sub';
      }
      const socket = new WebSocket(url);
      const sub = new Tracked(url);
      const descriptor = Object.getOwnPropertyDescriptor(window, 'WebSocket')!;
      const out = {
        instance: socket instanceof WebSocket && socket instanceof EventTarget,
        constructorProperty: socket.constructor === WebSocket && WebSocket.prototype.constructor === WebSocket,
        statics: [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, socket.OPEN],
        inherits: Object.getPrototypeOf(WebSocket) === EventTarget,
        sub: sub instanceof Tracked && sub instanceof WebSocket && sub.label === 'sub' && Object.getPrototypeOf(sub) === Tracked.prototype,
        name: WebSocket.name,
        length: WebSocket.length,
        text: String(WebSocket),
        descriptor: { writable: descriptor.writable, enumerable: descriptor.enumerable, configurable: descriptor.configurable },
        badUrl: error(() => new WebSocket('ws://[::1')),
        badScheme: error(() => new WebSocket('ftp://x/')),
        withoutNew: error(() => (WebSocket as unknown as (u: string) => void)(url)),
        sendWhileConnecting: error(() => socket.send('x')),
        counted: (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats().connections,
        eventSource: [String(EventSource), EventSource.length, EventSource.CLOSED, new EventSource('/events') instanceof EventSource],
        eventSourceBadUrl: error(() => new EventSource('http://[::1')),
        channel: [String(BroadcastChannel), BroadcastChannel.length, new BroadcastChannel('c') instanceof BroadcastChannel],
        channelNoName: error(() => new (BroadcastChannel as unknown as new () => BroadcastChannel)()),
      };
      socket.close();
      sub.close();
      return out;
    }, wsUrl);
    expect(result).toEqual({
      instance: true,
      constructorProperty: true,
      statics: [0, 1, 2, 3, 1],
      inherits: true,
      sub: true,
      name: 'WebSocket',
      length: 1,
      text: 'function WebSocket() { [native code] }',
      descriptor: { writable: true, enumerable: false, configurable: true },
      badUrl: "SyntaxError: Failed to construct 'WebSocket': The URL 'ws://[::1' is invalid.",
      badScheme:
        "SyntaxError: Failed to construct 'WebSocket': The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. 'ftp' is not allowed.",
      withoutNew:
        "TypeError: Failed to construct 'WebSocket': Please use the 'new' operator, this DOM object constructor cannot be called as a function.",
      sendWhileConnecting: "InvalidStateError: Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
      counted: 2,
      eventSource: ['function EventSource() { [native code] }', 1, 2, true],
      eventSourceBadUrl: "SyntaxError: Failed to construct 'EventSource': Cannot open an EventSource to 'http://[::1'. The URL is invalid.",
      channel: ['function BroadcastChannel() { [native code] }', 1, true],
      channelNoName: "TypeError: Failed to construct 'BroadcastChannel': 1 argument required, but only 0 present.",
    });
    const s = await summary(page);
    expect(s.health.errors).toBe(0);
    expect(s.health.patched).toEqual(
      expect.arrayContaining([
        'WebSocket',
        'WebSocket.prototype.send',
        'EventSource',
        'EventSource.prototype.close',
        'BroadcastChannel',
        'BroadcastChannel.prototype.close',
      ]),
    );
  });
});

test.describe('EventSource', () => {
  test('event sources never closed: one group with their count and the fixture line', async ({ page: tab, context }) => {
    const page = await open(tab, 'connections-leaky.html');
    await page.evaluate(() => (window as unknown as { openSources(u: string, n: number): void }).openSources('/events', 4));
    await expect.poll(() => page.evaluate(() => (window as unknown as { received: number }).received)).toBe(4);
    expect(server.openStreams()).toBeGreaterThanOrEqual(4);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const [group, ...others] = await groups(page, 'EventSource');
    expect(others).toEqual([]);
    expect(group).toMatchObject({ type: 'EventSource', target: `${server.url}events`, count: 4 });
    expect(group!.samples[0]!.description).toMatch(new RegExp(`^${server.url}events\\?n=\\d$`));
    expect(group!.samples[0]!.state).toMatch(/^OPEN for /);
    const at = whereIs('connections-leaky.html', 'LEAK:eventsource', 'new EventSource');
    expect(group!.stack[0]).toMatchObject({ url: `${server.url}connections-leaky.html`, functionName: 'openSources', ...at });
  });

  test('negative twin: closed by the page, or closed by the browser on a fatal error, leaves nothing', async ({ page: tab }) => {
    const page = await open(tab, 'connections-clean.html');
    const opened = await page.evaluate(() => {
      const w = window as unknown as { openSources(u: string, n: number): void; openFailingSource(u: string): void };
      w.openSources('/events', 3);
      // Not an event stream (the server answers 404): the browser fails it for good.
      w.openFailingSource('/no-such-stream');
      return (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats().connections;
    });
    expect(opened).toBe(4);
    await expect.poll(() => connections(page)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { received: number }).received)).toBe(3);
    // Closed for real: the server sees its streams end.
    await expect.poll(() => server.openStreams()).toBe(0);
  });
});

test.describe('BroadcastChannel', () => {
  test('channels never closed: one group named by the channel, kept after GC while they listen', async ({ page: tab, context }) => {
    const page = await open(tab, 'connections-leaky.html');
    await page.evaluate(() => (window as unknown as { openChannels(name: string, n: number): void }).openChannels('prices', 3));
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const [group, ...others] = await groups(page, 'BroadcastChannel');
    expect(others).toEqual([]);
    expect(group).toMatchObject({ type: 'BroadcastChannel', target: 'prices', count: 3 });
    expect(group!.samples[0]).toMatchObject({ description: 'prices' });
    expect(group!.samples[0]!.state).toMatch(/^open for /);
    const at = whereIs('connections-leaky.html', 'LEAK:broadcastchannel', 'new BroadcastChannel');
    expect(group!.stack[0]).toMatchObject({ url: `${server.url}connections-leaky.html`, functionName: 'openChannels', ...at });
  });

  test('negative twin: closed channels leave at once; a dropped channel with no listener leaves after GC', async ({ page: tab, context }) => {
    const page = await open(tab, 'connections-clean.html');
    expect(
      await page.evaluate(() => {
        (window as unknown as { openChannels(name: string, n: number): void }).openChannels('prices', 3);
        return (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats().connections;
      }),
    ).toBe(0);
    expect(
      await page.evaluate(() => {
        new BroadcastChannel('unheard');
        return (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats().connections;
      }),
    ).toBe(1);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return connections(page);
      })
      .toBe(0);
    await cdp.detach();
  });
});
