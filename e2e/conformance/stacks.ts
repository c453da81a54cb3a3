/**
 * Conformance cases: the call stack the page's own callbacks see. A frame of Leakscope's between the platform and
 * the page's callback would show in `new Error().stack` (and in the page's error reports): the stacks must be the
 * same with and without Leakscope, frame for frame, except where a case declares what remains (see the README's
 * "What the page can still see").
 */
import { def, type ConformanceCase } from './harness.ts';

/** The frames of a stack taken inside a callback, without the first line (the error's message). */
const FRAMES = `(new Error().stack || '').split('\\n').slice(1).map((line) => line.trim())`;

export const stackCases: ConformanceCase[] = [
  def(
    'stacks: a once listener, a plain listener, a capture once listener with a signal: the frames they see',
    (h, frames: string) => {
      const el = document.getElementById('host')!;
      const seen: Record<string, unknown> = {};
      const take = (name: string) => {
        seen[name] = (0, eval)(frames);
      };
      el.addEventListener(
        'click',
        function onceListener() {
          take('once');
        },
        { once: true },
      );
      el.addEventListener('click', function plainListener() {
        take('plain');
      });
      el.addEventListener(
        'click',
        {
          handleEvent: function onceObject() {
            take('onceObject');
          },
        },
        { once: true },
      );
      el.addEventListener(
        'click',
        function captureOnce() {
          take('captureOnce');
        },
        { capture: true, once: true, signal: new AbortController().signal },
      );
      el.click();
      el.click();
      return { seen, calls: Object.keys(seen) };
    },
    { arg: FRAMES },
  ),

  def(
    'stacks: a long timeout, a string-free short timeout and an interval: the frames their callbacks see',
    async (_h, frames: string) => {
      const take = () => (0, eval)(frames) as string[];
      const long = new Promise<string[]>((resolve) =>
        window.setTimeout(function longTimeout() {
          resolve(take());
        }, 1000),
      );
      const short = new Promise<string[]>((resolve) =>
        window.setTimeout(function shortTimeout() {
          resolve(take());
        }, 0),
      );
      const interval = new Promise<string[]>((resolve) => {
        const id = window.setInterval(function everyTick() {
          window.clearInterval(id);
          resolve(take());
        }, 20);
      });
      return { long: await long, short: await short, interval: await interval };
    },
    { arg: FRAMES },
  ),

  def(
    'stacks: what remains: a rAF callback sees one frame of ours, an options getter three',
    async (_h, frames: string) => {
      const take = () => ((0, eval)(frames) as string[]).map((f) => (/leakscope|chrome-extension:/.test(f) ? 'LEAKSCOPE' : f));
      const raf = await new Promise<string[]>((resolve) =>
        window.requestAnimationFrame(function frame() {
          resolve(take());
        }),
      );
      let getter: string[] = [];
      const options = {
        get capture() {
          getter = take();
          return false;
        },
      };
      const f = () => undefined;
      document.getElementById('host')!.addEventListener('click', f, options);
      document.getElementById('host')!.removeEventListener('click', f);
      return { raf, getter };
    },
    {
      arg: FRAMES,
      // The rAF wrapper tells a loop (a callback that re-arms) from a one-shot; the options are read by our
      // addEventListener (once, as the DOM reads them) to know the listener's phase, `once` and signal.
      instrumented: (native) => {
        const n = native as { raf: string[]; getter: string[] };
        const at = n.getter.findIndex((f) => f.startsWith('at get capture')) + 1;
        return { raf: [...n.raf, 'LEAKSCOPE'], getter: [...n.getter.slice(0, at), 'LEAKSCOPE', 'LEAKSCOPE', 'LEAKSCOPE', ...n.getter.slice(at)] };
      },
    },
  ),

  def('stacks: a once listener still counts as removed after it ran (it is not called twice, and removing it later is a no-op)', () => {
    const el = document.getElementById('host')!;
    let calls = 0;
    const f = () => calls++;
    el.addEventListener('click', f, { once: true });
    el.click();
    el.removeEventListener('click', f);
    el.click();
    el.addEventListener('click', f, { once: true });
    el.removeEventListener('click', f);
    el.click();
    return calls;
  }),

  def('stacks: a once listener skipped by an earlier stopImmediatePropagation still runs on the next event', () => {
    const el = document.getElementById('host')!;
    const order: string[] = [];
    let stop = true;
    const stopper = (e: Event) => {
      order.push('stopper');
      if (stop) e.stopImmediatePropagation();
    };
    el.addEventListener('click', stopper);
    el.addEventListener('click', () => order.push('once'), { once: true });
    el.click();
    stop = false;
    el.click();
    el.click();
    el.removeEventListener('click', stopper);
    return order;
  }),
];
