/**
 * Timers still scheduled: `setInterval`s never cleared, `setTimeout`s long pending (delay >= 1 s), and
 * `requestAnimationFrame` loops that re-arm every frame.
 *
 * Timer semantics stay exact: ids are the native ones, callbacks get the native `this` and extra arguments,
 * string handlers still run as code, clearing an unknown id is a no-op, and `clearTimeout` / `clearInterval` are
 * interchangeable (one map of active timers in the HTML spec). Short timeouts take a fast path: no stack, no
 * bookkeeping. Timer callbacks are never wrapped (an id -> resource map is enough; a task of ours due with a long
 * timeout says when it fired); a rAF callback is wrapped to know which rAF calls happen inside it.
 *
 * Timer ids are numbers, so the maps below hold no page object; a callback is held only by the native timer.
 */
import type { InstrumentContext } from './context.ts';
import { append, apply, max, SafeMap, toNumber, toStringValue } from './intrinsics.ts';
import type { Resource } from './registry.ts';

/** setTimeouts with a delay below this are not tracked: they come and go. */
export const LONG_TIMEOUT_MS = 1000;

/** A scheduled interval or long timeout. */
interface Timer {
  readonly resource: Resource;
}

/** A rAF loop: a chain of callbacks each of which re-armed from inside the previous one. */
interface Loop {
  readonly resource: Resource;
  /** rAF requests of this loop not yet run nor cancelled. */
  pending: number;
  /** Frames the loop has run. */
  frames: number;
}

/** One rAF request: its id once known, and its loop when requested from inside a loop's callback. */
interface Request {
  id: number;
  loop: Loop | undefined;
}

type TimerFn = (handler: TimerHandler, timeout?: number, ...args: unknown[]) => number;
type ClearFn = (id?: number) => void;

/**
 * A timeout or id as WebIDL `long` sees it, when that needs no page code: ToNumber, then ToInt32.
 * Undefined for objects (their valueOf/toString is page code the native must run once, alone), symbols and
 * bigints (the native throws).
 */
export function toLong(value: unknown): number | undefined {
  switch (typeof value) {
    case 'number':
      return value | 0;
    case 'undefined':
      return 0;
    case 'string':
    case 'boolean':
      return toNumber(value) | 0;
    default:
      return value === null ? 0 : undefined;
  }
}

export function trackTimers(ctx: InstrumentContext): void {
  const { realm, natives, patcher, registry, stacks, epochs, health, describe } = ctx;
  // Taken at install, before any page script can fake the clock.
  const now = realm.Date.now;
  /** id -> interval or long timeout. One map: the clear functions are interchangeable. */
  const timers = new SafeMap<number, Timer>();
  /** rAF id -> its loop, for requests that belong to a loop. */
  const loopOf = new SafeMap<number, Loop>();
  /** The rAF request whose callback runs now, if any. */
  let current: Request | undefined;

  const handlerName = (handler: unknown) => (typeof handler === 'function' ? describe.fn(handler) : 'code string');

  const release = (id: number) => {
    const timer = timers.get(id);
    if (!timer) return;
    timers.delete(id);
    registry.untrack(timer.resource);
  };

  patcher.after<TimerFn>(realm, 'setInterval', (_self, args, id) => {
    const handler = args[0];
    const ms = toLong(args[1]);
    const delay = ms === undefined ? '?' : toStringValue(max(0, ms));
    const name = handlerName(handler);
    const resource: Resource = {
      group: registry.group('timer', 'setInterval', `every ${delay} ms`, stacks.captureAt(`i${delay}\u0000${describe.source(handler)}`)),
      epoch: epochs.current(),
      describe: () => `${name} every ${delay} ms`,
      state: () => `repeating every ${delay} ms`,
    };
    timers.set(id, { resource });
    registry.track(resource);
  });

  patcher.method<TimerFn>(
    realm,
    'setTimeout',
    (original) =>
      ({
        setTimeout(this: unknown, handler: TimerHandler, timeout?: number) {
          // The hot path: a short (or unreadable) delay is the native call and nothing else.
          const ms = typeof timeout === 'number' ? timeout | 0 : toLong(timeout);
          if (ms === undefined || ms < LONG_TIMEOUT_MS) return apply(original, this, arguments);

          let timer: Timer | undefined;
          try {
            const name = handlerName(handler);
            const due = now() + ms;
            const resource: Resource = {
              group: registry.group('timer', 'setTimeout', `in ${ms} ms`, stacks.captureAt(`t${ms}\u0000${describe.source(handler)}`)),
              epoch: epochs.current(),
              describe: () => `${name} in ${ms} ms`,
              state: () => `pending, fires in ${max(0, due - now())} ms`,
            };
            timer = { resource };
          } catch {
            health.errors++;
          }
          const id: number = apply(original, this, arguments);
          if (!timer) return id;
          try {
            // The page's callback stays the page's (it runs straight from the timer, with no frame of ours in its
            // stack, and string handlers are code we must not run): a task of our own, due with the page's, says
            // when it fired. Not a timer: it would take a timer id, and the page's ids must stay as without us. If
            // the page clears its timer first, the task finds it gone and does nothing.
            const fired = timer;
            const firedId = id;
            natives.later(
              () => {
                if (timers.get(firedId) !== fired) return;
                timers.delete(firedId);
                registry.untrack(fired.resource);
              },
              ms,
              'user-visible',
            );
            timers.set(id, timer);
            registry.track(timer.resource);
          } catch {
            health.errors++;
          }
          return id;
        },
      }).setTimeout as TimerFn,
  );

  const clears = ['clearTimeout', 'clearInterval'] as const;
  for (let i = 0; i < clears.length; i++) {
    patcher.after<ClearFn>(realm, clears[i]!, (_self, args) => {
      // An object id is converted by the native alone (its valueOf is page code and must run once): we cannot
      // tell which timer it named, so a timer cleared that way stays counted. Ids are numbers in practice.
      const key = toLong(args[0]);
      if (key !== undefined && timers.size > 0) release(key);
    });
  }
  append(health.patched, 'setInterval');
  append(health.patched, 'setTimeout');
  append(health.patched, 'clearTimeout');
  append(health.patched, 'clearInterval');

  trackAnimationFrames();

  /**
   * rAF loops. A callback that calls rAF from inside a rAF callback starts (or continues) a loop; the loop is
   * tracked while it keeps a request pending, and untracked when one of its callbacks runs without re-arming or
   * when its pending request is cancelled. A one-shot rAF is never tracked.
   */
  function trackAnimationFrames() {
    type RafFn = (callback: FrameRequestCallback) => number;
    type CancelFn = (id: number) => void;

    const settle = (loop: Loop) => {
      // While its own callback runs the loop may still re-arm: that callback settles it when it returns.
      if (loop.pending === 0 && current?.loop !== loop) registry.untrack(loop.resource);
    };

    const startLoop = (callback: Function): Loop => {
      const name = describe.fn(callback);
      const loop: Loop = {
        resource: {
          group: registry.group('timer', 'requestAnimationFrame', 'every frame', stacks.capture()),
          epoch: epochs.current(),
          describe: () => `${name} every frame`,
          state: () => `re-armed every frame, ${loop.frames} frames so far`,
        },
        pending: 0,
        frames: 0,
      };
      return loop;
    };

    const wrap = (callback: FrameRequestCallback, request: Request) =>
      function () {
        const loop = request.loop;
        const saved = current;
        try {
          if (loop) {
            loopOf.delete(request.id);
            loop.pending--;
            loop.frames++;
          }
          current = request;
        } catch {
          health.errors++;
        }
        try {
          // Natively a frame callback's `this` is undefined (a strict callback sees it so). The bundle is not
          // strict code, so our own `this` here is already the global object: never pass it on.
          return apply(callback, undefined, arguments);
        } finally {
          current = saved;
          try {
            // A loop whose callback did not re-arm has ended; a re-arm inside set `request.loop`.
            if (request.loop) settle(request.loop);
          } catch {
            health.errors++;
          }
        }
      };

    patcher.method<RafFn>(
      realm,
      'requestAnimationFrame',
      (original) =>
        ({
          requestAnimationFrame(this: unknown, callback: FrameRequestCallback) {
            // Not a function: the native throws its own TypeError.
            if (typeof callback !== 'function') return apply(original, this, arguments);
            let request: Request = { id: 0, loop: undefined };
            try {
              if (current) {
                // A re-arm from inside a rAF callback: that callback's loop continues, or one starts here.
                current.loop ??= startLoop(callback);
                request = { id: 0, loop: current.loop };
              }
            } catch {
              health.errors++;
            }
            const id: number = apply(original, this, [wrap(callback, request)]);
            try {
              const loop = request.loop;
              if (loop) {
                request.id = id;
                loop.pending++;
                loopOf.set(id, loop);
                registry.track(loop.resource);
              }
            } catch {
              health.errors++;
            }
            return id;
          },
        }).requestAnimationFrame as RafFn,
    );

    patcher.after<CancelFn>(realm, 'cancelAnimationFrame', (_self, args) => {
      const key = loopOf.size > 0 ? toLong(args[0]) : undefined;
      const loop = key === undefined ? undefined : loopOf.get(key);
      if (key !== undefined && loop) {
        loopOf.delete(key);
        loop.pending--;
        settle(loop);
      }
    });
    append(health.patched, 'requestAnimationFrame');
    append(health.patched, 'cancelAnimationFrame');
  }
}
