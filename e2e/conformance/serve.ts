/**
 * Serving e2e/pages under the fixture origin to browsers the extension fixtures do not manage (plain Chromium with
 * or without the init script), the same way e2e/fixtures.ts serves them to the extension's pages.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { FIXTURE_ORIGIN } from '../fixtures.ts';

const PAGES_DIR = fileURLToPath(new URL('../pages/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.sse': 'text/event-stream' };

/**
 * Serves e2e/pages/NAME at `${FIXTURE_ORIGIN}/NAME`, plus `extra` (URL path -> file path) for files kept elsewhere,
 * such as an npm package's bundle. Anything else is a 404.
 */
export async function serveFixtures(where: BrowserContext | Page, extra: Record<string, string> = {}): Promise<void> {
  await where.route(`${FIXTURE_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = extra[path] ?? join(PAGES_DIR, path.replace(/^\/+/, ''));
    try {
      const body = readFileSync(file);
      return route.fulfill({ body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
}

/** The URL of e2e/pages/NAME. */
export const fixtureUrl = (name: string) => `${FIXTURE_ORIGIN}/${name}`;

/** A local server for the conformance pages: real HTTP from 127.0.0.1, and a WebSocket echo on the same origin. */
export interface FixtureServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `ws://127.0.0.1:PORT/echo`: echoes every message back. */
  echoUrl: string;
  close(): Promise<void>;
}

/**
 * Serves e2e/pages over real HTTP on 127.0.0.1, with a WebSocket echo endpoint. Cases that open sockets need a
 * page origin in the same (local) address space as the socket's server: Chromium blocks a page of a routed, public
 * looking origin from connecting to 127.0.0.1.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    try {
      const body = readFileSync(join(PAGES_DIR, path.replace(/^\/+/, '')));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  const sockets = new WebSocketServer({ server, path: '/echo' });
  sockets.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    echoUrl: `ws://127.0.0.1:${port}/echo`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
