/** The collector's Cdp over a Playwright CDPSession (Node side: the Playwright API and the CLI). */
import type { CDPSession } from 'playwright-core';
import type { Cdp } from './cdp.ts';

export function playwrightCdp(session: CDPSession): Cdp {
  // Playwright's CDPSession is typed with its own copy of the protocol; the shapes are the same protocol.
  const untyped = session as unknown as {
    send(method: string, params?: object): Promise<unknown>;
    on(event: string, fn: (payload: unknown) => void): void;
    off(event: string, fn: (payload: unknown) => void): void;
  };
  return {
    transport: 'playwright',
    send: (method, ...params) => untyped.send(method, params[0]) as never,
    on(event, fn) {
      const listener = (payload: unknown) => (fn as (p: unknown) => void)(payload);
      untyped.on(event, listener);
      return () => untyped.off(event, listener);
    },
  };
}
