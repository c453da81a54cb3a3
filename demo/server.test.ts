import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startDemoServer, type DemoServer } from './server.ts';

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer();
});

afterAll(async () => {
  await demo?.close();
});

/** A GET with the path sent exactly as given (fetch would normalise `..` away before sending). */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: demo.port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('demo server', () => {
  it('listens on a random port of 127.0.0.1 by default', () => {
    expect(demo.port).toBeGreaterThan(0);
    expect(demo.url).toBe(`http://127.0.0.1:${demo.port}/`);
  });

  it('serves index.html for / and, as an SPA fallback, for history routes', async () => {
    const root = await rawGet('/');
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/html/);
    expect(root.headers['cache-control']).toBe('no-store');
    const html = root.body.toString('utf8');
    expect(html).toContain('<main id="view">');
    expect(html).toContain('data-route="listeners"');

    for (const path of ['/listeners', '/socket?fixed=1', '/detached/']) {
      const route = await rawGet(path);
      expect(route.status, path).toBe(200);
      expect(route.headers['content-type'], path).toMatch(/^text\/html/);
      expect(route.body.toString('utf8'), path).toBe(html);
    }
  });

  it('serves the app modules as JavaScript and unknown files as 404', async () => {
    const js = await rawGet('/app/router.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toBe('no-store');
    expect(js.body.toString('utf8')).toContain('export function startRouter');

    const css = await rawGet('/app/styles.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const svg = await rawGet('/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');

    const missing = await rawGet('/app/missing.js');
    expect(missing.status).toBe(404);
  });

  it('refuses path traversal out of demo/public', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/app/..%2f..%2f..%2fpackage.json', '/..%5c..%5cpackage.json']) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(403);
      expect(res.body.toString('utf8'), path).not.toContain('"name"');
    }
  });

  it('returns a real, distinct PNG for each /img/<n>.png', async () => {
    const res = await rawGet('/img/3.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = res.body;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(256);
    expect(png.readUInt32BE(20)).toBe(256);
    expect(png.length).toBeLessThan(4096);

    // The pixel data inflates to 256 rows of (filter byte + 256 RGB pixels), all one colour.
    const idatAt = png.indexOf('IDAT', 0, 'latin1');
    const idatLength = png.readUInt32BE(idatAt - 4);
    const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + idatLength));
    expect(raw.length).toBe(256 * (1 + 256 * 3));
    const colour3 = [...raw.subarray(1, 4)];

    const other = await rawGet('/img/4.png');
    const otherAt = other.body.indexOf('IDAT', 0, 'latin1');
    const otherRaw = inflateSync(other.body.subarray(otherAt + 4, otherAt + 4 + other.body.readUInt32BE(otherAt - 4)));
    expect([...otherRaw.subarray(1, 4)]).not.toEqual(colour3);
  });

  it('echoes WebSocket messages, sends ticks and counts open sockets', async () => {
    const before = demo.stats();
    const client = new WebSocket(`ws://127.0.0.1:${demo.port}/ws`);
    const messages: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the server sends text frames, which arrive as one Buffer
    client.on('message', (data) => messages.push(String(data)));
    await new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    });

    await vi.waitFor(async () => {
      const stats = (await (await fetch(`${demo.url}__demo/stats`)).json()) as { openSockets: number; totalSockets: number };
      expect(stats).toEqual({ openSockets: before.openSockets + 1, totalSockets: before.totalSockets + 1 });
    });

    client.send('hello from the test');
    await vi.waitFor(() => expect(messages).toContain('hello from the test'), { timeout: 5000 });
    await vi.waitFor(() => expect(messages.some((m) => m.includes('"type":"tick"'))).toBe(true), { timeout: 5000, interval: 100 });

    client.close();
    await vi.waitFor(
      async () => {
        const stats = (await (await fetch(`${demo.url}__demo/stats`)).json()) as { openSockets: number; totalSockets: number };
        expect(stats.openSockets).toBe(before.openSockets);
        expect(stats.totalSockets).toBe(before.totalSockets + 1);
      },
      { timeout: 5000 },
    );
    expect(demo.stats().openSockets).toBe(before.openSockets);
  });

  it('closes with a WebSocket still open and frees its port', async () => {
    const other = await startDemoServer();
    const client = new WebSocket(`ws://127.0.0.1:${other.port}/ws`);
    await new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await other.close();
    await closed;
    expect(other.stats().openSockets).toBe(0);
    // The port is free again.
    const again = await startDemoServer({ port: other.port });
    await again.close();
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    await expect(startDemoServer({ port: demo.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('demo server command line', () => {
  const tsxCli = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const serverFile = fileURLToPath(new URL('./server.ts', import.meta.url));

  function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, [tsxCli, serverFile, ...args], {
      env: { ...process.env, PORT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  it('prints the leaky and fixed URLs and stops cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0']);
    try {
      await vi.waitFor(
        () =>
          expect(cli.out()).toMatch(
            /^Leakscope demo: http:\/\/127\.0\.0\.1:\d+\/ {2}\(leaky\) {2}· {2}http:\/\/127\.0\.0\.1:\d+\/\?fixed=1 {2}\(fixed\)\n$/,
          ),
        {
          timeout: 15_000,
          interval: 100,
        },
      );
      const url = /http:\/\/[^ ]+\//.exec(cli.out())![0];
      const res = await fetch(`${url}timer`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<main id="view">');
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
  }, 20_000);

  it('exits with code 2 and a one-line message when the port is in use', async () => {
    const cli = run([], { PORT: String(demo.port) });
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toBe(`Leakscope demo: port ${demo.port} is already in use on 127.0.0.1; pick another with --port N or PORT=N\n`);
    expect(cli.out()).toBe('');
  }, 20_000);

  it('exits with code 2 on a bad --port', async () => {
    const cli = run(['--port', 'abc']);
    expect(await cli.exited).toBe(2);
    expect(cli.err().trim().split('\n')).toHaveLength(1);
  }, 20_000);
});
