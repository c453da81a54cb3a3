/**
 * Conformance cases: timers, animation frames and idle callbacks.
 */
import { def, type ConformanceCase } from './harness.ts';

export const timerCases: ConformanceCase[] = [
  def('timers: ids are positive integers that increase by one, shared by timeouts and intervals', () => {
    const ids = [
      window.setTimeout(() => undefined),
      window.setTimeout(() => undefined, 10),
      window.setInterval(() => undefined, 1000),
      window.setTimeout('void 0'),
      window.setInterval('void 0', 1000),
    ];
    for (const id of ids) window.clearTimeout(id);
    return {
      steps: ids.slice(1).map((id, i) => id - ids[i]!),
      types: ids.map((id) => typeof id),
      integers: ids.every((id) => Number.isInteger(id) && id > 0),
    };
  }),

  def('timers: ids stay consecutive when the page adds listeners and creates resources in between', async (h) => {
    // First let the page sit idle for a while (longer than any batching delay a tracker may use), so that
    // whatever bookkeeping the first change below starts cannot hide in one already pending.
    await h.wait(600);
    const ids: number[] = [];
    const el = document.getElementById('host')!;
    ids.push(window.setTimeout(() => undefined));
    el.addEventListener('click', () => undefined);
    ids.push(window.setTimeout(() => undefined));
    window.onresize = () => undefined;
    ids.push(window.setTimeout(() => undefined));
    const mo = new MutationObserver(() => undefined);
    mo.observe(el, { attributes: true });
    ids.push(window.setInterval(() => undefined, 1000));
    history.pushState(null, '', '#timer-ids');
    ids.push(window.setTimeout(() => undefined));
    ids.push(window.setTimeout('void 0', 5000));
    ids.push(window.setTimeout(() => undefined, 5000));
    ids.push(window.requestAnimationFrame(() => undefined) && window.setTimeout(() => undefined));
    for (const id of ids) window.clearTimeout(id);
    mo.disconnect();
    window.onresize = null;
    return ids.slice(1).map((id, i) => id - ids[i]!);
  }),

  def('timers: this, arguments and extra arguments of timeout and interval callbacks', async () => {
    const seen: unknown[] = [];
    await new Promise<void>((resolve) => {
      window.setTimeout(
        function (this: unknown, ...args: unknown[]) {
          seen.push(this === window, args);
          resolve();
        },
        0,
        'a',
        2,
        null,
      );
    });
    await new Promise<void>((resolve) => {
      const id = window.setInterval(
        function (this: unknown, x: unknown) {
          seen.push(this === window, x, arguments.length);
          window.clearInterval(id);
          resolve();
        },
        1,
        'interval-arg',
      );
    });
    await new Promise<void>((resolve) => {
      window.setTimeout(function () {
        seen.push('no-args', arguments.length);
        resolve();
      });
    });
    return seen;
  }),

  def('timers: a long (1 s) timeout keeps this, arguments and extra arguments, and can be cleared from a callback', async () => {
    const seen: unknown[] = [];
    let cleared = 0;
    await new Promise<void>((resolve) => {
      window.setTimeout(
        function (this: unknown, ...args: unknown[]) {
          seen.push(this === window, args, arguments.length);
          window.clearTimeout(cleared);
          window.setTimeout(resolve, 50);
        },
        1000,
        'x',
        { y: 1 },
      );
      cleared = window.setTimeout(() => seen.push('must not run'), 1020);
    });
    return seen;
  }),

  def('timers: string handlers are evaluated in the global scope, once', async () => {
    const w = window as unknown as Record<string, unknown>;
    const log: string[] = [];
    w.__timerLog = log;
    // One at a time, each awaited, so that the order of the log is the order of the steps.
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        const poll = () => (log.length >= n ? resolve() : window.setTimeout(poll, 5));
        poll();
      });
    window.setTimeout('window.__timerLog.push("timeout:" + (this === window))', 0);
    await until(1);
    w.__intervalId = window.setInterval(
      'window.__timerLog.push("interval"); if (window.__timerLog.length >= 4) clearInterval(window.__intervalId)',
      1,
    );
    await until(4);
    const handler = {
      count: 0,
      toString() {
        this.count++;
        return 'window.__timerLog.push("object")';
      },
    };
    window.setTimeout(handler as unknown as string, 2);
    await until(5);
    window.setTimeout('window.__timerLog.push("long string")', 1000);
    await until(6);
    return { log, stringified: handler.count };
  }),

  def('timers: clearTimeout clears intervals and clearInterval clears timeouts', async (h) => {
    const fired: string[] = [];
    const t = window.setTimeout(() => fired.push('timeout'), 0);
    const i = window.setInterval(() => fired.push('interval'), 0);
    window.clearInterval(t);
    window.clearTimeout(i);
    await h.wait(20);
    return fired;
  }),

  def('timers: clearing with odd ids never throws', () => {
    const values: unknown[] = [undefined, null, 0, -1, 1e12, 'abc', '1', {}, NaN, 2 ** 32 + 1, Symbol('s')];
    const out: string[] = [];
    for (const v of values) {
      for (const clear of [window.clearTimeout, window.clearInterval]) {
        try {
          out.push(String(clear(v as number)));
        } catch (e) {
          out.push(`${(e as Error).name}`);
        }
      }
    }
    out.push(String((window.clearTimeout as () => void)()));
    return out;
  }),

  def('timers: missing and odd handlers: errors, and strings made of non-functions', async (h) => {
    const watch = h.watchErrors();
    const out = [
      h.err(() => (window.setTimeout as unknown as () => number)()),
      h.err(() => (window.setInterval as unknown as () => number)()),
      h.err(() => window.setTimeout(Symbol('s') as unknown as string)),
      h.err(() => window.setTimeout(undefined as unknown as string)),
      h.err(() => window.setTimeout(null as unknown as string)),
      h.err(() => window.setTimeout(123 as unknown as string)),
      h.err(() => window.setTimeout({} as unknown as string)),
      h.err(() => window.setTimeout(() => undefined, Symbol('d') as unknown as number)),
      h.err(() => window.setTimeout(() => undefined, { valueOf: () => 1 } as unknown as number)),
    ];
    class NotCallable {}
    window.setTimeout(NotCallable as unknown as () => void);
    await h.wait(10);
    await h.wait(0);
    watch.stop();
    return { out, messages: watch.messages };
  }),

  def('timers: the delay is converted once, with valueOf', (h) => {
    let conversions = 0;
    const delay = {
      valueOf() {
        conversions++;
        return 1;
      },
    };
    const id = window.setTimeout(() => undefined, delay as unknown as number);
    const id2 = window.setInterval(() => undefined, delay as unknown as number);
    window.clearInterval(id2);
    window.clearTimeout(id);
    const thrown = h.err(() =>
      window.setTimeout(() => undefined, {
        valueOf(): number {
          throw new RangeError('bad delay');
        },
      } as unknown as number),
    );
    return { conversions, thrown };
  }),

  def('timers: illegal invocation and bare calls', (h) => {
    const st = window.setTimeout;
    const out = [
      h.err(() => window.setTimeout.call({} as Window, () => undefined)),
      h.err(() => window.setInterval.call(document as unknown as Window, () => undefined)),
      h.err(() => window.clearTimeout.call({} as Window, 1)),
      h.err(() => window.clearInterval.call({} as Window, 1)),
      h.err(() => requestAnimationFrame.call({} as Window, () => undefined)),
      h.err(() => cancelAnimationFrame.call({} as Window, 1)),
    ];
    const a: number = st(() => undefined);
    const b = (0, window.setTimeout)(() => undefined);
    const c = window.setTimeout.call(undefined as unknown as Window, () => undefined) as unknown as number;
    for (const id of [a, b, c]) window.clearTimeout(id);
    out.push(String(b - a), String(c - b));
    return out;
  }),

  def('timers: timeouts fire in delay order, then creation order', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      window.setTimeout(() => order.push('10'), 10);
      window.setTimeout(() => order.push('0a'), 0);
      window.setTimeout(() => order.push('neg'), -5);
      window.setTimeout(() => order.push('0b'));
      window.setTimeout(() => order.push('nan'), NaN);
      window.setTimeout(() => order.push('str1'), '1' as unknown as number);
      window.setTimeout(() => {
        order.push('30');
        resolve();
      }, 30);
    });
    return order;
  }),

  def('timers: an interval that clears itself, and nested timeouts', async () => {
    const log: string[] = [];
    await new Promise<void>((resolve) => {
      let n = 0;
      const id = window.setInterval(() => {
        n++;
        log.push(`tick${n}`);
        if (n === 3) {
          window.clearInterval(id);
          window.setTimeout(() => {
            log.push('nested');
            window.setTimeout(() => {
              log.push('nested2');
              resolve();
            });
          });
        }
      }, 1);
    });
    return log;
  }),

  def('timers: an exception in a timer reaches onerror; an interval keeps running after throwing', async (h) => {
    const watch = h.watchErrors();
    const log: string[] = [];
    window.setTimeout(() => {
      throw new Error('timeout boom');
    });
    await new Promise<void>((resolve) => {
      let n = 0;
      const id = window.setInterval(() => {
        n++;
        log.push(`run${n}`);
        if (n === 3) {
          window.clearInterval(id);
          resolve();
          return;
        }
        throw new TypeError(`interval boom ${n}`);
      }, 1);
    });
    watch.stop();
    return { log, messages: watch.messages };
  }),

  def('timers: clearing a timeout from inside another callback of the same turn', async (h) => {
    const log: string[] = [];
    let second = 0;
    window.setTimeout(() => {
      log.push('first');
      window.clearTimeout(second);
    });
    second = window.setTimeout(() => log.push('second'));
    await h.wait(10);
    return log;
  }),

  def('timers: requestAnimationFrame ids, arguments, order, and cancelAnimationFrame', async () => {
    const log: unknown[] = [];
    const stamps: number[] = [];
    let cancelled = 0;
    await new Promise<void>((resolve) => {
      const a = requestAnimationFrame(function (this: unknown, t) {
        log.push('a', this === window, typeof t, arguments.length);
        stamps.push(t);
      });
      cancelled = requestAnimationFrame(() => log.push('cancelled'));
      const c = requestAnimationFrame((t) => {
        log.push('c');
        stamps.push(t);
        resolve();
      });
      cancelAnimationFrame(cancelled);
      log.push(cancelled - a, c - cancelled);
    });
    return { log, sameStamp: stamps[0] === stamps[1] };
  }),

  def('timers: requestAnimationFrame errors and a callback requesting the next frame', async (h) => {
    const errors = [
      h.err(() => (requestAnimationFrame as unknown as () => number)()),
      h.err(() => requestAnimationFrame('string' as unknown as FrameRequestCallback)),
      h.err(() => requestAnimationFrame(null as unknown as FrameRequestCallback)),
      h.err(() => cancelAnimationFrame(undefined as unknown as number)),
    ];
    const frames: number[] = [];
    await new Promise<void>((resolve) => {
      const step = (t: number) => {
        frames.push(t);
        if (frames.length < 3) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    return { errors, increasing: frames[0]! < frames[1]! && frames[1]! < frames[2]! };
  }),

  def('timers: requestIdleCallback with a timeout, deadline argument, and cancelIdleCallback', async (h) => {
    const log: unknown[] = [];
    await new Promise<void>((resolve) => {
      const cancelled = requestIdleCallback(() => log.push('cancelled'));
      requestIdleCallback(
        function (this: unknown, deadline) {
          log.push(this === window, typeof deadline.timeRemaining(), typeof deadline.didTimeout, arguments.length);
          resolve();
        },
        { timeout: 50 },
      );
      cancelIdleCallback(cancelled);
    });
    const errors = [
      h.err(() => requestIdleCallback('x' as unknown as IdleRequestCallback)),
      h.err(() => requestIdleCallback(() => undefined, 5 as unknown as IdleRequestOptions)),
    ];
    return { log, errors };
  }),

  def('timers: microtasks, timeouts and frames interleave in the standard order', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      window.setTimeout(() => {
        order.push('timeout');
        queueMicrotask(() => order.push('micro-in-timeout'));
        window.setTimeout(() => {
          order.push('timeout2');
          resolve();
        }, 20);
      });
      queueMicrotask(() => order.push('micro'));
      void Promise.resolve().then(() => order.push('promise'));
      order.push('sync');
    });
    return order;
  }),

  def('timers: a class constructor and a bound function as callbacks', async (h) => {
    const watch = h.watchErrors();
    const log: string[] = [];
    class Cls {}
    const bound = function (this: unknown, x: unknown) {
      log.push(`bound:${(this as { tag?: string }).tag}:${String(x)}`);
    }.bind({ tag: 't' }, 'x');
    window.setTimeout(Cls as unknown as () => void);
    window.setTimeout(bound);
    await h.wait(10);
    watch.stop();
    return { log, messages: watch.messages };
  }),
];
