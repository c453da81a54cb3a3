/**
 * The demo app served for the tests of one spec file (or of the describe block this is called in): started before
 * the first of them, closed after the last.
 */
import { startDemoServer, type DemoServer } from '../../demo/server.ts';

/** What this needs of a Playwright Test `test` (the project's, `leakscope/playwright`'s or the plain one). */
interface Hooks {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
}

/**
 * @returns the server, readable inside the tests and hooks that run after the start.
 * @example
 * const demo = useDemoServer(test);
 * test('…', async ({ page }) => { await page.goto(demo.url); });
 */
export function useDemoServer(test: Hooks): DemoServer {
  let server: DemoServer | undefined;
  const started = (): DemoServer => {
    if (!server) throw new Error('the demo server is started in beforeAll: read it inside a test or a later hook');
    return server;
  };
  test.beforeAll(async () => {
    server = await startDemoServer();
  });
  test.afterAll(async () => {
    await server?.close();
  });
  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    close: () => started().close(),
    stats: () => started().stats(),
  };
}
