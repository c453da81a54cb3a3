/**
 * The library's own CDP session of a Playwright page, for the waits and reads it makes between the steps of a check
 * (src/playwright/idle.ts, readout.ts). They go over CDP rather than `page.evaluate`, whose glue runs in the page's
 * main world and fails on a page that replaced the built-ins it calls (`Array.prototype.slice`,
 * `Function.prototype.bind`, `window.Object`).
 *
 * One session per page, opened on first use and kept with the page (a WeakMap: nothing of it outlives the page, and
 * pages never share one). It enables no domain, so the page sends it no events. It is not the caller's to detach: it
 * ends with its page; when it closes earlier all the same, or a command on it failed for a reason of its own, the
 * next use opens another (the failed one is detached first). It holds nothing that keeps the Node process alive (it
 * is a channel of the browser's connection).
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Cdp } from '../collector/cdp.ts';
import { playwrightCdp } from '../collector/playwright-cdp.ts';

export interface PageCdp {
  /** The session itself: what is cached per session (an isolated world) is keyed by it. */
  session: CDPSession;
  cdp: Cdp;
}

interface Entry {
  opened: Promise<PageCdp>;
  /** Set once the session is open. */
  session?: CDPSession;
}

const sessions = new WeakMap<Page, Entry>();

/** The page's session of the library, opened on first use. */
export function pageCdp(page: Page): Promise<PageCdp> {
  const cached = sessions.get(page);
  if (cached) return cached.opened;
  const entry: Entry = {
    opened: page
      .context()
      .newCDPSession(page)
      .then((session) => {
        entry.session = session;
        session.once('close', () => drop(page, session));
        return { session, cdp: playwrightCdp(session) };
      }),
  };
  sessions.set(page, entry);
  // A page that could not be attached to now (closing, or not yet committed) may be later: the failure is not kept.
  entry.opened.catch(() => {
    if (sessions.get(page) === entry) sessions.delete(page);
  });
  return entry.opened;
}

/**
 * Whether a failed command says its execution context went away with its document (a navigation, a frame swapped),
 * not that the session failed.
 */
export const CONTEXT_GONE =
  /cannot find (default )?(execution )?context|context was destroyed|execution context .*not found|inspected target navigated|no frame (with|for) given id|could not create isolated world|navigat/i;

function drop(page: Page, session: CDPSession): boolean {
  if (sessions.get(page)?.session !== session) return false;
  sessions.delete(page);
  return true;
}

/**
 * Gives up the page's session when it is still `session` (a command on it failed in a way no retry on it would
 * mend): it is detached, and the next {@link pageCdp} opens another.
 */
export function forgetPageCdp(page: Page, session: CDPSession): void {
  if (drop(page, session)) void session.detach().catch(() => undefined);
}
