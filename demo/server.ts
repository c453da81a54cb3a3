/**
 * The Leakscope demo server: serves the unbundled demo app in demo/public/, a WebSocket endpoint the
 * `/socket` route connects to, and generated PNG images for the `/images` route.
 *
 * Run it with `npm run demo` (or `tsx demo/server.ts --port 4173`); tests import {@link startDemoServer}.
 *
 * Endpoints:
 * - `GET /…`              static files from demo/public/; paths without a file extension fall back to
 *                         index.html so history routes such as `/listeners` load the app.
 * - `GET /img/<n>.png`    a 256×256 solid-colour PNG whose colour depends on n.
 * - `GET /__demo/stats`   `{ openSockets, totalSockets }` for the WebSocket endpoint.
 * - `WS  /ws`             echoes every message and sends `{"type":"tick",…}` every second.
 */
import { realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';

export interface DemoServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
}

export interface DemoServerStats {
  /** WebSocket connections on `/ws` that are open right now. */
  openSockets: number;
  /** WebSocket connections on `/ws` accepted since the server started. */
  totalSockets: number;
}

export interface DemoServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:4173/`. */
  url: string;
  port: number;
  /** Terminates open WebSockets and HTTP connections and stops listening. Safe to call twice. */
  close(): Promise<void>;
  stats(): DemoServerStats;
}

const PUBLIC_DIR = resolve(fileURLToPath(new URL('./public/', import.meta.url)));
const DEFAULT_CLI_PORT = 4173;
const DEFAULT_HOST = '127.0.0.1';
const TICK_MS = 1000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

// ---------------------------------------------------------------------------------------------------------
// PNG generation

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes a solid-colour RGB image as a PNG (8-bit truecolour, no interlace). */
export function solidPng(width: number, height: number, [r, g, b]: readonly [number, number, number]): Buffer {
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    raw[row] = 0; // filter type: none
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      raw[p] = r;
      raw[p + 1] = g;
      raw[p + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A distinct, pleasant colour for each n (golden-angle hue steps). */
function colourFor(n: number): [number, number, number] {
  const h = (n * 137.508) % 360;
  const s = 0.55;
  const l = 0.62;
  const k = (m: number) => (m + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (m: number) => l - a * Math.max(-1, Math.min(k(m) - 3, Math.min(9 - k(m), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, method: string | undefined): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(method === 'HEAD' ? undefined : body);
}

function sendText(res: ServerResponse, status: number, text: string, method: string | undefined): void {
  send(res, status, `${text}\n`, 'text/plain; charset=utf-8', method);
}

/**
 * Splits the raw request path into decoded segments, or returns null when it tries to leave the public
 * folder (`..`, encoded slashes or backslashes, NUL bytes) or is not valid percent-encoding.
 */
function safeSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const part of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (decoded === '..' || decoded.includes('/') || decoded.includes('\\') || decoded.includes('\0')) return null;
    if (decoded === '' || decoded === '.') continue;
    segments.push(decoded);
  }
  return segments;
}

async function fileAt(path: string): Promise<Buffer | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? await readFile(path) : null;
  } catch {
    return null;
  }
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
  const segments = safeSegments(rawPath);
  if (segments === null) {
    sendText(res, 403, 'Forbidden', req.method);
    return;
  }
  const target = resolve(PUBLIC_DIR, ...segments);
  if (target !== PUBLIC_DIR && !target.startsWith(PUBLIC_DIR + sep)) {
    sendText(res, 403, 'Forbidden', req.method);
    return;
  }
  const last = segments[segments.length - 1] ?? '';
  const ext = extname(last).toLowerCase();
  const body = segments.length === 0 ? null : await fileAt(target);
  if (body !== null) {
    send(res, 200, body, CONTENT_TYPES[ext] ?? 'application/octet-stream', req.method);
    return;
  }
  if (ext === '') {
    // The app's own routes (/listeners, /socket, …) and the root all load the single page.
    const index = await fileAt(join(PUBLIC_DIR, 'index.html'));
    if (index !== null) {
      send(res, 200, index, CONTENT_TYPES['.html']!, req.method);
      return;
    }
  }
  sendText(res, 404, 'Not found', req.method);
}

// ---------------------------------------------------------------------------------------------------------
// Server

/**
 * Starts the demo server.
 *
 * @example
 * const demo = await startDemoServer();          // random free port on 127.0.0.1
 * await page.goto(`${demo.url}listeners?fixed=1`);
 * console.log(demo.stats().openSockets);
 * await demo.close();
 */
export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const requestedPort = opts.port ?? 0;
  const openSockets = new Set<WebSocket>();
  let totalSockets = 0;
  const stats = (): DemoServerStats => ({ openSockets: openSockets.size, totalSockets });

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed', method);
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
    if (rawPath === '/__demo/stats') {
      send(res, 200, JSON.stringify(stats()), 'application/json; charset=utf-8', method);
      return;
    }
    if (rawPath === '/ws') {
      sendText(res, 426, 'Upgrade required: /ws is a WebSocket endpoint', method);
      return;
    }
    const img = /^\/img\/(\d{1,9})\.png$/.exec(rawPath);
    if (img) {
      send(res, 200, solidPng(256, 256, colourFor(Number(img[1]))), 'image/png', method);
      return;
    }
    serveStatic(req, res, rawPath).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error', method);
      else res.destroy();
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (err: Error) => rejectListen(err);
    server.once('error', onError);
    server.listen(requestedPort, host, () => {
      server.off('error', onError);
      resolveListen();
    });
  });
  // Errors after start-up (e.g. a client resetting its connection) must not crash the process.
  server.on('error', () => undefined);

  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 64 * 1024 });
  wss.on('error', () => undefined);
  wss.on('connection', (socket) => {
    totalSockets += 1;
    openSockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => openSockets.delete(socket));
    socket.on('message', (data, isBinary) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(data, { binary: isBinary });
    });
    socket.send(JSON.stringify({ type: 'hello', id: totalSockets }));
  });

  let tickCount = 0;
  const ticker = setInterval(() => {
    tickCount += 1;
    const message = JSON.stringify({ type: 'tick', n: tickCount, t: Date.now() });
    for (const socket of openSockets) {
      if (socket.readyState === WebSocket.OPEN) socket.send(message);
    }
  }, TICK_MS);
  ticker.unref();

  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolveClose) => {
      clearInterval(ticker);
      for (const socket of openSockets) socket.terminate();
      openSockets.clear();
      wss.close();
      server.close(() => resolveClose());
      server.closeAllConnections();
    });
    return closing;
  };

  return { url: `http://${urlHost}:${port}/`, port, close, stats };
}

// ---------------------------------------------------------------------------------------------------------
// Command line

class UsageError extends Error {}

function parsePort(value: string | undefined, from: string): number {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`${from} must be a port number from 0 to 65535, got ${JSON.stringify(value ?? '')}`);
  }
  return Number(value);
}

function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): { port: number; host: string } {
  let port: number | undefined;
  let host = DEFAULT_HOST;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--port') {
      port = parsePort(inline ?? argv[++i], '--port');
    } else if (flag === '--host') {
      const value = inline ?? argv[++i];
      if (!value) throw new UsageError('--host needs an address, e.g. --host 127.0.0.1');
      host = value;
    } else if (flag === '--help' || flag === '-h') {
      throw new UsageError('usage: tsx demo/server.ts [--port N] [--host ADDRESS]   (env PORT also sets the port; default 4173)');
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}; usage: tsx demo/server.ts [--port N] [--host ADDRESS]`);
    }
  }
  if (port === undefined) port = env.PORT ? parsePort(env.PORT, 'PORT') : DEFAULT_CLI_PORT;
  return { port, host };
}

async function main(): Promise<void> {
  let options: { port: number; host: string };
  try {
    options = parseCli(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`Leakscope demo: ${(err as Error).message}`);
    process.exit(2);
  }
  let demo: DemoServer;
  try {
    demo = await startDemoServer(options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${options.host}:${options.port}`;
    const why =
      code === 'EADDRINUSE'
        ? `port ${options.port} is already in use on ${options.host}; pick another with --port N or PORT=N`
        : code === 'EACCES'
          ? `not allowed to listen on ${where}; pick another port with --port N`
          : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
            ? `cannot listen on ${where}: no such local address`
            : `cannot listen on ${where}: ${String((err as Error).message ?? err).split('\n')[0]}`;
    console.error(`Leakscope demo: ${why}`);
    process.exit(2);
  }
  console.log(`Leakscope demo: ${demo.url}  (leaky)  ·  ${demo.url}?fixed=1  (fixed)`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  void main();
}
