/**
 * Waiting for a page to settle between the steps of a leak check, without fixed sleeps: the load event, then one
 * rendered frame and one idle period of the page's event loop.
 *
 * The frame and the idle period are awaited over CDP in an isolated world of the page's main frame
 * (`Page.createIsolatedWorld`): the same document with the same scheduling (`requestAnimationFrame`,
 * `requestIdleCallback`), but globals and built-ins of its own, so nothing a page did to those of its main world
 * (`Array.prototype.slice`, `Function.prototype.bind`, `window.Object`, `Promise`) breaks the wait. `page.evaluate`
 * would run Playwright's glue in the main world, where such a page makes it throw. Each world is a V8 context that
 * lives as long as its document: one is created per document (per session of ./page-cdp.ts) and reused.
 */
import { randomUUID } from 'node:crypto';
import type { CDPSession, Page } from 'playwright-core';
import { CONTEXT_GONE, forgetPageCdp, pageCdp, type PageCdp } from './page-cdp.ts';

/** The name of the isolated world, as DevTools lists it. */
export const WORLD_NAME = 'leakscope';

/**
 * Resolves after the next frame and the idle period after it. `requestIdleCallback`'s own `timeout` bounds the wait
 * on a page that is never idle (a busy animation); it is the page's scheduler, not a sleep of ours. Pages in
 * background tabs get no frames, so a hidden page goes straight to the idle callback.
 */
const SETTLE = `new Promise((resolve) => {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(0), { timeout: 500 }) : resolve(0));
  if (document.visibilityState === 'visible') requestAnimationFrame(() => idle());
  else idle();
})`;

/**
 * Where the world keeps its mark. Context ids are unique only within a renderer process: once the page navigated
 * into another process, the id of a world of the old document may name a context of the new one (Chromium 156 gives
 * the same small ids in every new process). So each world is marked with a token of its own when it is created, and
 * the wait runs only where it finds that token.
 */
const MARK = '__leakscope_world__';

interface World {
  contextId: number;
  token: string;
}

/** The isolated world of each session's page, as last created. */
const worlds = new WeakMap<CDPSession, Promise<World>>();

/**
 * The main frame's id, per session: it stays the same across the page's navigations, also into another process
 * (a prerendered page that is shown in its place has another: creating a world in the old one fails, and the id is
 * looked up again).
 */
const mainFrames = new WeakMap<CDPSession, string>();

/** The wait's context was not the world it was created in (the document changed under it). */
class WorldGone extends Error {
  constructor(detail: string) {
    super(`the page's document changed while Leakscope waited for it to settle (${detail})`);
  }
}

function isGone(err: unknown): boolean {
  return err instanceof WorldGone || CONTEXT_GONE.test(String((err as Error | undefined)?.message ?? err));
}

async function createWorld({ session, cdp }: PageCdp): Promise<World> {
  let frameId = mainFrames.get(session);
  if (frameId === undefined) {
    frameId = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
    mainFrames.set(session, frameId);
  }
  let contextId: number;
  try {
    ({ executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', { frameId, worldName: WORLD_NAME }));
  } catch (err) {
    mainFrames.delete(session);
    throw err;
  }
  const token = randomUUID();
  const marked = await cdp.send('Runtime.evaluate', {
    expression: `globalThis[${JSON.stringify(MARK)}] = ${JSON.stringify(token)}`,
    contextId,
    returnByValue: true,
    silent: true,
  });
  if (marked.exceptionDetails) throw new WorldGone(`it could not be marked: ${marked.exceptionDetails.text}`);
  return { contextId, token };
}

function worldOf(page: PageCdp): Promise<World> {
  let world = worlds.get(page.session);
  if (!world) {
    world = createWorld(page);
    worlds.set(page.session, world);
    const created = world;
    created.catch(() => forgetWorld(page, created));
  }
  return world;
}

function forgetWorld(page: PageCdp, world: Promise<World>): void {
  if (worlds.get(page.session) === world) worlds.delete(page.session);
}

async function settleIn({ cdp }: PageCdp, world: World): Promise<void> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: `globalThis[${JSON.stringify(MARK)}] === ${JSON.stringify(world.token)} ? ${SETTLE}.then(() => 'settled') : 'elsewhere'`,
    contextId: world.contextId,
    awaitPromise: true,
    returnByValue: true,
    silent: true,
  });
  // Nothing in the world throws: an exception, like a missing mark, says the id names another context now.
  if (exceptionDetails) throw new WorldGone(exceptionDetails.exception?.description?.split('\n')[0] ?? exceptionDetails.text);
  if (result.value !== 'settled') throw new WorldGone('another context has its id');
}

/** One frame and one idle period, in the world of the current document (a world left from an earlier one is replaced). */
async function settle(page: Page): Promise<void> {
  const session = await pageCdp(page);
  try {
    const cached = worlds.get(session.session);
    if (cached) {
      try {
        return await settleIn(session, await cached);
      } catch (err) {
        // The usual case after a step that navigated: the world of the document before. A new one, at once.
        if (!isGone(err)) throw err;
        forgetWorld(session, cached);
      }
    }
    const world = worldOf(session);
    try {
      await settleIn(session, await world);
    } catch (err) {
      if (isGone(err)) forgetWorld(session, world);
      throw err;
    }
  } catch (err) {
    // Not the document's doing (the page closed, the session was detached): the next wait opens a new session.
    if (!isGone(err)) forgetPageCdp(page, session.session);
    throw err;
  }
}

/**
 * Waits until `page` has loaded and is idle: the `load` event, then one frame and one idle period (awaited in an
 * isolated world, see the top of this file, so a page that replaced built-ins of its own cannot break it). Call it
 * after every step of a cycle so a snapshot sees what the step left behind rather than work still in flight.
 *
 * @param opts.timeout the limit of the wait for the load event, in ms (default: the page's navigation timeout).
 * @example
 * await page.getByRole('link', { name: 'Settings' }).click();
 * await waitForIdle(page);
 */
export async function waitForIdle(page: Page, opts: { timeout?: number } = {}): Promise<void> {
  const loaded = () => page.waitForLoadState('load', opts.timeout !== undefined ? { timeout: opts.timeout } : {});
  await loaded();
  // A navigation between the load event and the evaluation destroys the context: wait for the new document.
  for (let attempt = 0; ; attempt++) {
    try {
      await settle(page);
      return;
    } catch (err) {
      if (attempt >= 3 || !isGone(err)) throw err;
      await loaded();
    }
  }
}
