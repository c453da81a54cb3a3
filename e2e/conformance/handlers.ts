/**
 * Conformance cases: `on<event>` handler properties of window, document and elements.
 */
import { def, type ConformanceCase } from './harness.ts';

export const handlerCases: ConformanceCase[] = [
  def('on<event>: window.onresize set, get returns the same function, this and event', () => {
    const seen: unknown[] = [];
    const f = function (this: unknown, e: Event) {
      seen.push(this === window, e.type, arguments.length);
    };
    window.onresize = f;
    const same = window.onresize === f;
    window.dispatchEvent(new Event('resize'));
    window.onresize = null;
    window.dispatchEvent(new Event('resize'));
    return { same, seen, cleared: window.onresize };
  }),

  def('on<event>: setting a non-function: strings, numbers, objects, undefined', () => {
    const out: Record<string, string> = {};
    const values: [string, unknown][] = [
      ['string', 'alert(1)'],
      ['number', 42],
      ['true', true],
      ['object', { handleEvent() {} }],
      ['undefined', undefined],
      ['null', null],
      ['symbol', Symbol('s')],
    ];
    for (const [label, value] of values) {
      window.onresize = () => undefined;
      try {
        (window as unknown as { onresize: unknown }).onresize = value;
        const got: unknown = window.onresize;
        out[label] = got === null ? 'null' : got === value ? 'same' : typeof got;
      } catch (e) {
        out[label] = `threw ${(e as Error).name}`;
      }
    }
    return out;
  }),

  def('on<event>: a non-callable object handler reports an error when the event fires', (h) => {
    const watch = h.watchErrors();
    (window as unknown as { onresize: unknown }).onresize = { handleEvent: () => undefined };
    window.dispatchEvent(new Event('resize'));
    watch.stop();
    window.onresize = null;
    return watch.messages;
  }),

  def('on<event>: document.onkeydown set, get, fire, clear', () => {
    const seen: unknown[] = [];
    const f = function (this: unknown, e: Event) {
      seen.push(this === document, e.type);
    };
    document.onkeydown = f;
    const same = document.onkeydown === f;
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    document.onkeydown = null;
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    return { same, seen, cleared: document.onkeydown };
  }),

  def('on<event>: handler position among listeners is kept when replaced and reset when cleared', () => {
    const order: string[] = [];
    window.addEventListener('custom-order', () => order.push('L1'));
    const w = window as unknown as Record<string, unknown>;
    // `oncustom-order` is no event handler attribute; use a real one.
    window.addEventListener('resize', () => order.push('L1'));
    window.onresize = () => order.push('H1');
    window.addEventListener('resize', () => order.push('L2'));
    window.onresize = () => order.push('H2');
    window.dispatchEvent(new Event('resize'));
    order.push('|');
    window.onresize = null;
    window.onresize = () => order.push('H3');
    window.dispatchEvent(new Event('resize'));
    window.onresize = null;
    return { order, unrelated: w['oncustom-order'] === undefined };
  }),

  def('on<event>: returning false cancels; onerror gets five arguments and true cancels', () => {
    const el = document.getElementById('host')!;
    el.onclick = () => false;
    const clickResult = el.dispatchEvent(new MouseEvent('click', { cancelable: true }));
    const args: unknown[] = [];
    window.onerror = function (...a: unknown[]) {
      args.push(a.length, typeof a[0], typeof a[1], typeof a[2], typeof a[3], a[4] instanceof Error);
      return true;
    };
    const errorResult = window.dispatchEvent(
      new ErrorEvent('error', { message: 'm', filename: 'f', lineno: 1, colno: 2, error: new Error('e'), cancelable: true }),
    );
    window.onerror = null;
    return { clickResult, args, errorResult };
  }),

  def('on<event>: the property descriptors of window and Document handlers', (h) => {
    const out: Record<string, unknown> = {};
    for (const name of ['onresize', 'onclick', 'onerror', 'onbeforeunload', 'onmessage', 'onpopstate', 'onhashchange', 'onload', 'onunload']) {
      out[`window.${name}`] = h.desc(window, name);
    }
    for (const name of ['onkeydown', 'onvisibilitychange', 'onreadystatechange', 'onclick', 'onscroll', 'onfullscreenchange']) {
      out[`Document.prototype.${name}`] = h.desc(Document.prototype, name);
    }
    out['HTMLElement.prototype.onclick'] = h.desc(HTMLElement.prototype, 'onclick');
    out['document own onclick'] = h.desc(document, 'onclick');
    return out;
  }),

  def('on<event>: every handler property name of window and Document.prototype, with descriptor flags', () => {
    const shape = (owner: object) =>
      Object.getOwnPropertyNames(owner)
        .filter((n) => n.startsWith('on'))
        .map((n) => {
          const d = Object.getOwnPropertyDescriptor(owner, n)!;
          return `${n}:${d.configurable ? 'c' : ''}${d.enumerable ? 'e' : ''}${'value' in d ? 'v' : ''}${d.get ? 'g' : ''}${d.set ? 's' : ''}`;
        });
    return { window: shape(window), document: shape(Document.prototype) };
  }),

  def('on<event>: handler setters and getters called with foreign receivers', (h) => {
    const set = Object.getOwnPropertyDescriptor(window, 'onresize')!.set!;
    const get = Object.getOwnPropertyDescriptor(window, 'onresize')!.get!;
    const dset = Object.getOwnPropertyDescriptor(Document.prototype, 'onkeydown')!.set!;
    const f = () => undefined;
    const out = [
      h.err(() => set.call({}, f)),
      h.err(() => set.call(undefined, f)),
      String(get.call(undefined) === f),
      h.err(() => set.call(document, f)),
      h.err(() => dset.call({}, f)),
      h.err(() => dset.call(window, f)),
      h.err(() => (set as (this: unknown) => void).call(window)),
      String(window.onresize),
    ];
    window.onresize = null;
    return out;
  }),

  def('on<event>: handlers on another document and on elements', () => {
    const calls: string[] = [];
    const other = document.implementation.createHTMLDocument('other');
    other.onkeydown = () => calls.push('other');
    other.dispatchEvent(new Event('keydown'));
    const el = document.getElementById('host')!;
    el.onclick = () => calls.push('element');
    el.click();
    const same = typeof other.onkeydown === 'function' && document.onkeydown === null;
    other.onkeydown = null;
    el.onclick = null;
    el.click();
    return { calls, same };
  }),

  def('on<event>: handler attributes in markup compile and run', () => {
    const el = document.getElementById('host')!;
    el.setAttribute('onclick', 'window.__fromAttribute = (window.__fromAttribute || 0) + 1; return false');
    const result = el.dispatchEvent(new MouseEvent('click', { cancelable: true }));
    const compiled = typeof el.onclick;
    document.body.setAttribute('onresize', 'window.__bodyResize = 1');
    window.dispatchEvent(new Event('resize'));
    const w = window as unknown as Record<string, unknown>;
    return { result, compiled, count: w.__fromAttribute, bodyResize: w.__bodyResize, windowHandler: typeof window.onresize };
  }),

  def('on<event>: setting the same handler twice, and a handler that clears itself', () => {
    let n = 0;
    const f = () => {
      n++;
      window.onresize = null;
    };
    window.onresize = f;
    window.onresize = f;
    window.dispatchEvent(new Event('resize'));
    window.dispatchEvent(new Event('resize'));
    return { n, now: window.onresize };
  }),
];
