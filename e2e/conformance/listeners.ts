/**
 * Conformance cases: addEventListener / removeEventListener / dispatch semantics, exactly as the DOM defines them.
 */
import { def, type ConformanceCase } from './harness.ts';

export const listenerCases: ConformanceCase[] = [
  def('listeners: a duplicate (same type, listener, capture) is one listener', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    const results = [el.addEventListener('click', f), el.addEventListener('click', f), el.addEventListener('click', f, false)];
    el.click();
    return { n, results: results.map(String) };
  }),

  def('listeners: every truthy capture spelling is the same capture listener', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f, true);
    el.addEventListener('click', f, { capture: true });
    el.addEventListener('click', f, { capture: 1 } as unknown as AddEventListenerOptions);
    el.addEventListener('click', f, { capture: 'yes' } as unknown as AddEventListenerOptions);
    el.addEventListener('click', f, 1 as unknown as boolean);
    el.click();
    const first = n;
    el.removeEventListener('click', f, { capture: 'x' } as unknown as EventListenerOptions);
    el.click();
    return { first, after: n };
  }),

  def('listeners: every falsy capture spelling is the same bubble listener', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f);
    el.addEventListener('click', f, false);
    el.addEventListener('click', f, {});
    el.addEventListener('click', f, { capture: false });
    el.addEventListener('click', f, 0 as unknown as boolean);
    el.addEventListener('click', f, null as unknown as boolean);
    el.addEventListener('click', f, undefined);
    el.addEventListener('click', f, '' as unknown as boolean);
    el.click();
    const first = n;
    el.removeEventListener('click', f, {});
    el.click();
    return { first, after: n };
  }),

  def('listeners: capture and bubble registrations are distinct and fire in phase order', () => {
    const outer = document.getElementById('outer')!;
    const inner = document.getElementById('inner')!;
    const button = document.getElementById('button')!;
    const order: string[] = [];
    const log = (label: string) => (e: Event) => order.push(`${label}:${e.eventPhase}`);
    const f = log('outer-bubble');
    outer.addEventListener('click', f);
    outer.addEventListener('click', log('outer-capture'), true);
    inner.addEventListener('click', log('inner-bubble'));
    inner.addEventListener('click', log('inner-capture'), { capture: true });
    button.addEventListener('click', log('target-bubble'));
    button.addEventListener('click', log('target-capture'), true);
    outer.addEventListener('click', f, true); // the same function, capture: a second registration
    button.click();
    return order;
  }),

  def('listeners: removal matches the capture flag only, in any spelling', () => {
    const el = document.getElementById('host')!;
    const calls: string[] = [];
    const f = (e: Event) => calls.push(`f${e.eventPhase}`);
    el.addEventListener('click', f, { capture: true, passive: true, once: false });
    el.addEventListener('click', f);
    el.removeEventListener('click', f, { passive: true } as EventListenerOptions);
    el.click();
    el.removeEventListener('click', f, { capture: true });
    el.click();
    return calls;
  }),

  def('listeners: removing with the wrong capture, type or target removes nothing', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f, true);
    el.removeEventListener('click', f);
    el.removeEventListener('CLICK', f, true);
    document.body.removeEventListener('click', f, true);
    el.removeEventListener('click', () => undefined, true);
    el.click();
    return n;
  }),

  def('listeners: once listeners run once; adding again after they ran works', () => {
    const el = document.getElementById('host')!;
    const seen: unknown[] = [];
    const f = function (this: unknown, e: Event) {
      seen.push(this === el, e.type, arguments.length);
    };
    el.addEventListener('click', f, { once: true });
    el.addEventListener('click', f, { once: true });
    el.click();
    el.click();
    el.addEventListener('click', f, { once: true });
    el.click();
    el.click();
    return seen;
  }),

  def('listeners: a once duplicate of a plain listener is ignored (the listener stays plain)', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f);
    el.addEventListener('click', f, { once: true });
    el.click();
    el.click();
    return n;
  }),

  def('listeners: a plain duplicate of a once listener is ignored (the listener stays once)', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f, { once: true });
    el.addEventListener('click', f);
    el.click();
    el.click();
    el.addEventListener('click', f);
    el.click();
    return n;
  }),

  def('listeners: removing a once listener before it fires, and re-adding it plain', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f, { once: true });
    el.removeEventListener('click', f);
    el.click();
    el.addEventListener('click', f);
    el.click();
    el.click();
    return n;
  }),

  def('listeners: a once capture listener and a once bubble listener of the same function', () => {
    const outer = document.getElementById('outer')!;
    const button = document.getElementById('button')!;
    const phases: number[] = [];
    const f = (e: Event) => phases.push(e.eventPhase);
    outer.addEventListener('click', f, { once: true, capture: true });
    outer.addEventListener('click', f, { once: true });
    button.click();
    button.click();
    return phases;
  }),

  def('listeners: a once listener that dispatches the same event type on its target runs once', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => {
      n++;
      el.dispatchEvent(new Event('ping'));
    };
    el.addEventListener('ping', f, { once: true });
    el.dispatchEvent(new Event('ping'));
    return n;
  }),

  def('listeners: once handleEvent objects look handleEvent up when called', () => {
    const el = document.getElementById('host')!;
    const seen: string[] = [];
    const obj: { handleEvent?: (e: Event) => void } = {};
    el.addEventListener('click', obj as EventListenerObject, { once: true });
    obj.handleEvent = function (this: unknown, e: Event) {
      seen.push(`${this === obj}:${e.type}`);
    };
    el.click();
    el.click();
    return seen;
  }),

  def('listeners: an aborted signal removes the listener; later aborts are harmless', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const controller = new AbortController();
    const f = () => n++;
    el.addEventListener('click', f, { signal: controller.signal });
    el.click();
    controller.abort();
    el.click();
    controller.abort();
    el.addEventListener('click', f);
    el.click();
    return n;
  }),

  def('listeners: an already aborted signal never adds the listener, even as a duplicate check', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f, { signal: AbortSignal.abort() });
    el.click();
    el.addEventListener('click', f, { signal: AbortSignal.abort(), once: true });
    el.click();
    el.addEventListener('click', f);
    el.click();
    return n;
  }),

  def('listeners: one signal for many listeners removes them all, on several targets', () => {
    const a = document.getElementById('outer')!;
    const b = document.getElementById('button')!;
    const controller = new AbortController();
    const calls: string[] = [];
    a.addEventListener('click', () => calls.push('a'), { signal: controller.signal });
    b.addEventListener('click', () => calls.push('b'), { signal: controller.signal });
    window.addEventListener('resize', () => calls.push('w'), { signal: controller.signal });
    b.click();
    window.dispatchEvent(new Event('resize'));
    controller.abort('why');
    b.click();
    window.dispatchEvent(new Event('resize'));
    return { calls, reason: String(controller.signal.reason) };
  }),

  def('listeners: signal with once, removed by firing before the abort', () => {
    const el = document.getElementById('host')!;
    const controller = new AbortController();
    let n = 0;
    let aborts = 0;
    controller.signal.addEventListener('abort', () => aborts++);
    el.addEventListener('click', () => n++, { once: true, signal: controller.signal });
    el.click();
    controller.abort();
    el.click();
    return { n, aborts };
  }),

  def('listeners: removed by hand, then its signal aborts', () => {
    const el = document.getElementById('host')!;
    const controller = new AbortController();
    let n = 0;
    const f = () => n++;
    el.addEventListener('click', f, { signal: controller.signal });
    el.removeEventListener('click', f);
    controller.abort();
    el.addEventListener('click', f);
    el.click();
    return n;
  }),

  def('listeners: a signal that is not an AbortSignal is a TypeError', (h) => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    const errors = [
      h.err(() => el.addEventListener('click', f, { signal: {} as AbortSignal })),
      h.err(() => el.addEventListener('click', f, { signal: null as unknown as AbortSignal })),
      h.err(() => el.addEventListener('click', f, { signal: 'x' as unknown as AbortSignal })),
      h.err(() => el.addEventListener('click', f, { signal: undefined })),
    ];
    el.click();
    return { errors, n };
  }),

  def('listeners: AbortSignal.any aborts with its sources and removes listeners', () => {
    const el = document.getElementById('host')!;
    const a = new AbortController();
    const b = new AbortController();
    const any = AbortSignal.any([a.signal, b.signal]);
    const log: string[] = [];
    any.addEventListener('abort', () => log.push(`any-abort:${String(any.reason)}`));
    el.addEventListener('click', () => log.push('click'), { signal: any });
    el.click();
    b.abort('b-reason');
    el.click();
    a.abort('a-reason');
    return { log, aborted: any.aborted, reason: String(any.reason), proto: Object.getPrototypeOf(any) === AbortSignal.prototype };
  }),

  def('listeners: AbortSignal.any of an aborted signal, and of nothing', (h) => {
    const aborted = AbortSignal.any([AbortSignal.abort('early')]);
    const none = AbortSignal.any([]);
    return {
      aborted: [aborted.aborted, String(aborted.reason)],
      none: none.aborted,
      bad: h.err(() => AbortSignal.any([{} as AbortSignal])),
      notIterable: h.err(() => AbortSignal.any(1 as unknown as AbortSignal[])),
    };
  }),

  def('listeners: AbortSignal.timeout removes a listener when it fires', async (h) => {
    const el = document.getElementById('host')!;
    const signal = AbortSignal.timeout(1);
    let n = 0;
    el.addEventListener('click', () => n++, { signal });
    el.click();
    await h.next(signal, 'abort');
    el.click();
    return { n, reason: (signal.reason as DOMException).name };
  }),

  def('listeners: options getters run exactly once each, in dictionary order', () => {
    const el = document.getElementById('host')!;
    const log: string[] = [];
    const signal = new AbortController().signal;
    const options = {
      get capture() {
        log.push('capture');
        return false;
      },
      get once() {
        log.push('once');
        return false;
      },
      get passive() {
        log.push('passive');
        return true;
      },
      get signal() {
        log.push('signal');
        return signal;
      },
      get other() {
        log.push('other');
        return 1;
      },
    };
    el.addEventListener('click', () => undefined, options);
    log.push('|');
    el.removeEventListener('click', () => undefined, options);
    log.push('|');
    el.addEventListener('click', () => undefined, options);
    return log;
  }),

  def('listeners: options getters run once even for a duplicate, and for removal', () => {
    const el = document.getElementById('host')!;
    const log: string[] = [];
    const options = {
      get capture() {
        log.push('capture');
        return true;
      },
      get once() {
        log.push('once');
        return true;
      },
    };
    const f = () => undefined;
    el.addEventListener('click', f, options);
    el.addEventListener('click', f, options);
    el.removeEventListener('click', f, options);
    el.removeEventListener('click', f, options);
    return log;
  }),

  def('listeners: options given as a function object are read as a dictionary', () => {
    const el = document.getElementById('host')!;
    const log: string[] = [];
    let n = 0;
    const f = () => n++;
    const options = Object.assign(() => undefined, { once: true });
    Object.defineProperty(options, 'capture', {
      get() {
        log.push('capture');
        return false;
      },
    });
    el.addEventListener('click', f, options);
    el.click();
    el.click();
    const g = () => n++;
    const captureOptions = Object.assign(function opts() {}, { capture: false });
    el.addEventListener('click', g, true);
    el.removeEventListener('click', g, captureOptions);
    el.click();
    return { n, log };
  }),

  def('listeners: options that are primitives: strings, numbers, symbols', (h) => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    const errors = [
      h.err(() => el.addEventListener('click', f, 'capture' as unknown as boolean)),
      h.err(() => el.addEventListener('click', f, Symbol('s') as unknown as boolean)),
      h.err(() => el.addEventListener('click', f, 0n as unknown as boolean)),
    ];
    el.click();
    el.removeEventListener('click', f, 'yes' as unknown as boolean);
    el.click();
    el.removeEventListener('click', f, false);
    el.click();
    return { errors, n };
  }),

  def('listeners: a throwing options getter throws that error and adds nothing', (h) => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => n++;
    const log: string[] = [];
    const thrown = h.err(() =>
      el.addEventListener('click', f, {
        get capture() {
          log.push('capture');
          return false;
        },
        get once(): boolean {
          log.push('once');
          throw new RangeError('no once');
        },
        get passive() {
          log.push('passive');
          return false;
        },
      }),
    );
    const removeThrown = h.err(() =>
      el.removeEventListener('click', f, {
        get capture(): boolean {
          throw new SyntaxError('no capture');
        },
      }),
    );
    el.click();
    return { thrown, removeThrown, log, n };
  }),

  def('listeners: the event type is converted to a string once, before the options are read', (h) => {
    const el = document.getElementById('host')!;
    const log: string[] = [];
    const type = {
      toString() {
        log.push('type');
        return 'custom';
      },
    };
    const options = {
      get capture() {
        log.push('capture');
        return false;
      },
    };
    let n = 0;
    el.addEventListener(type as unknown as string, () => n++, options);
    el.dispatchEvent(new Event('custom'));
    const throwing = {
      toString(): string {
        throw new TypeError('bad type');
      },
    };
    log.push('|');
    const thrown = h.err(() => el.addEventListener(throwing as unknown as string, () => undefined, options));
    return { log, n, thrown };
  }),

  def('listeners: event types are strings: numbers, null, and symbols', (h) => {
    const el = document.getElementById('host')!;
    const calls: string[] = [];
    el.addEventListener(123 as unknown as string, () => calls.push('123'));
    el.addEventListener(null as unknown as string, () => calls.push('null'));
    el.addEventListener(undefined as unknown as string, () => calls.push('undefined'));
    el.dispatchEvent(new Event('123'));
    el.dispatchEvent(new Event('null'));
    el.dispatchEvent(new Event('undefined'));
    return {
      calls,
      symbol: h.err(() => el.addEventListener(Symbol('s') as unknown as string, () => undefined)),
      removeSymbol: h.err(() => el.removeEventListener(Symbol('s') as unknown as string, () => undefined)),
    };
  }),

  def('listeners: event types are case-sensitive; the empty type works', () => {
    const el = document.getElementById('host')!;
    const calls: string[] = [];
    el.addEventListener('Custom', () => calls.push('Custom'));
    el.addEventListener('custom', () => calls.push('custom'));
    el.addEventListener('', () => calls.push('empty'));
    el.dispatchEvent(new Event('custom'));
    el.dispatchEvent(new Event('Custom'));
    el.dispatchEvent(new Event(''));
    return calls;
  }),

  def('listeners: handleEvent objects are called with the object as this', () => {
    const el = document.getElementById('host')!;
    const seen: unknown[] = [];
    const obj = {
      handleEvent(this: unknown, e: Event) {
        seen.push(this === obj, e.currentTarget === el, arguments.length);
      },
    };
    el.addEventListener('click', obj);
    el.addEventListener('click', obj);
    el.click();
    el.removeEventListener('click', obj);
    el.click();
    return seen;
  }),

  def('listeners: a handleEvent added after addEventListener is found at dispatch', () => {
    const el = document.getElementById('host')!;
    const seen: string[] = [];
    const obj: { handleEvent?: unknown } = {};
    el.addEventListener('click', obj as EventListenerObject);
    obj.handleEvent = (e: Event) => seen.push(e.type);
    el.click();
    obj.handleEvent = () => seen.push('replaced');
    el.click();
    return seen;
  }),

  def('listeners: a missing or non-callable handleEvent reports a TypeError and later listeners still run', (h) => {
    const el = document.getElementById('host')!;
    const watch = h.watchErrors();
    const calls: string[] = [];
    el.addEventListener('click', {} as EventListenerObject);
    el.addEventListener('click', { handleEvent: 42 } as unknown as EventListenerObject);
    el.addEventListener('click', () => calls.push('after'));
    el.click();
    watch.stop();
    return { messages: watch.messages, kinds: watch.errors.map((e) => (e as Error)?.name), calls };
  }),

  def('listeners: a handleEvent getter is read once per dispatch, not when adding', () => {
    const el = document.getElementById('host')!;
    let reads = 0;
    const obj = {
      get handleEvent() {
        reads++;
        return () => undefined;
      },
    };
    el.addEventListener('click', obj);
    const afterAdd = reads;
    el.click();
    el.click();
    el.removeEventListener('click', obj);
    return { afterAdd, afterDispatch: reads };
  }),

  def('listeners: a function listener with a handleEvent property is called as a function', () => {
    const el = document.getElementById('host')!;
    const calls: string[] = [];
    const f = Object.assign(() => calls.push('function'), { handleEvent: () => calls.push('handleEvent') });
    el.addEventListener('click', f);
    el.click();
    return calls;
  }),

  def('listeners: a Proxy listener sees no traps when added or removed, only when called', () => {
    const el = document.getElementById('host')!;
    const traps: string[] = [];
    const handler: ProxyHandler<object> = {};
    for (const trap of ['get', 'has', 'getOwnPropertyDescriptor', 'ownKeys', 'getPrototypeOf', 'apply', 'defineProperty'] as const) {
      (handler as Record<string, unknown>)[trap] = (...args: unknown[]) => {
        traps.push(`${trap}:${typeof args[1] === 'symbol' ? 'symbol' : String(args[1]).slice(0, 20)}`);
        return (Reflect as unknown as Record<string, (...a: unknown[]) => unknown>)[trap]!(...args);
      };
    }
    const fnProxy = new Proxy(function named() {}, handler) as EventListener;
    const objProxy = new Proxy({ handleEvent() {} }, handler) as EventListenerObject;
    el.addEventListener('click', fnProxy);
    el.addEventListener('click', objProxy, { once: true });
    traps.push('| added');
    el.click();
    traps.push('| clicked');
    el.removeEventListener('click', fnProxy);
    el.removeEventListener('click', objProxy);
    return traps;
  }),

  def('listeners: null and undefined listeners are accepted and do nothing', () => {
    const el = document.getElementById('host')!;
    const add = el.addEventListener.bind(el) as (...args: unknown[]) => unknown;
    const remove = el.removeEventListener.bind(el) as (...args: unknown[]) => unknown;
    return [
      add('click', null),
      add('click', undefined),
      add('click', null, { once: true, signal: new AbortController().signal }),
      remove('click', null),
      remove('click', undefined),
      el.dispatchEvent(new Event('click')),
    ].map(String);
  }),

  def('listeners: non-object listeners and missing arguments are TypeErrors', (h) => {
    const el = document.getElementById('host')!;
    const add = el.addEventListener.bind(el) as (...args: unknown[]) => void;
    const remove = el.removeEventListener.bind(el) as (...args: unknown[]) => void;
    return [
      h.err(() => add('click', 'string')),
      h.err(() => add('click', 42)),
      h.err(() => add('click', true)),
      h.err(() => add('click', Symbol('s'))),
      h.err(() => add('click')),
      h.err(() => add()),
      h.err(() => remove('click', 42)),
      h.err(() => remove('click')),
      h.err(() => remove()),
    ];
  }),

  def('listeners: bare calls of the global addEventListener / removeEventListener target the window', () => {
    const calls: string[] = [];
    const f = () => calls.push('f');
    const add = window.addEventListener;
    const remove = window.removeEventListener;
    add('custom', f);
    window.dispatchEvent(new Event('custom'));
    remove('custom', f);
    window.dispatchEvent(new Event('custom'));
    (0, window.addEventListener)('custom', f, { once: true });
    window.dispatchEvent(new Event('custom'));
    window.dispatchEvent(new Event('custom'));
    return calls;
  }),

  def('listeners: undefined and null receivers mean the window', (h) => {
    const calls: string[] = [];
    const f = () => calls.push('f');
    const errors = [
      h.err(() => EventTarget.prototype.addEventListener.call(undefined as unknown as EventTarget, 'custom', f)),
      h.err(() => EventTarget.prototype.addEventListener.call(null as unknown as EventTarget, 'custom2', f)),
    ];
    window.dispatchEvent(new Event('custom'));
    window.dispatchEvent(new Event('custom2'));
    errors.push(h.err(() => EventTarget.prototype.removeEventListener.call(undefined as unknown as EventTarget, 'custom', f)));
    errors.push(h.err(() => EventTarget.prototype.removeEventListener.call(null as unknown as EventTarget, 'custom2', f)));
    window.dispatchEvent(new Event('custom'));
    window.dispatchEvent(new Event('custom2'));
    return { calls, errors };
  }),

  def('listeners: illegal invocation on non-EventTargets', (h) => {
    const f = () => undefined;
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const dispatch = EventTarget.prototype.dispatchEvent;
    return [
      h.err(() => add.call({} as EventTarget, 'click', f)),
      h.err(() => add.call(1 as unknown as EventTarget, 'click', f)),
      h.err(() => add.call('s' as unknown as EventTarget, 'click', f, { once: true })),
      h.err(() => add.call(Object.create(EventTarget.prototype) as EventTarget, 'click', f)),
      h.err(() => add.call({} as EventTarget, 'click', null)),
      h.err(() => (add as (this: unknown) => void).call({})),
      h.err(() => remove.call({} as EventTarget, 'click', f)),
      h.err(() => remove.call({} as EventTarget, 'click', f, true)),
      h.err(() => dispatch.call({} as EventTarget, new Event('x'))),
    ];
  }),

  def('listeners: listeners run in registration order, functions and objects alike', () => {
    const el = document.getElementById('host')!;
    const order: string[] = [];
    const a = () => order.push('a');
    const b = { handleEvent: () => order.push('b') };
    const c = () => order.push('c');
    el.addEventListener('click', c);
    el.addEventListener('click', a);
    el.addEventListener('click', b);
    el.addEventListener('click', c); // duplicate: keeps its first position
    el.removeEventListener('click', a);
    el.addEventListener('click', a); // re-added: goes last
    el.click();
    return order;
  }),

  def('listeners: removing a later listener during dispatch stops it from running', () => {
    const el = document.getElementById('host')!;
    const order: string[] = [];
    const b = () => order.push('b');
    const onceB = () => order.push('onceB');
    el.addEventListener('click', () => {
      order.push('a');
      el.removeEventListener('click', b);
      el.removeEventListener('click', onceB);
    });
    el.addEventListener('click', b);
    el.addEventListener('click', onceB, { once: true });
    el.click();
    el.click();
    return order;
  }),

  def('listeners: a listener that removes itself during dispatch runs once', () => {
    const el = document.getElementById('host')!;
    let n = 0;
    const f = () => {
      n++;
      el.removeEventListener('click', f);
    };
    el.addEventListener('click', f);
    el.click();
    el.click();
    return n;
  }),

  def('listeners: adding during dispatch does not run the new listener for the current event', () => {
    const el = document.getElementById('host')!;
    const order: string[] = [];
    const late = () => order.push('late');
    el.addEventListener('click', () => {
      order.push('first');
      el.addEventListener('click', late);
      el.addEventListener('click', late, { once: true, capture: true });
    });
    el.click();
    el.click();
    return order;
  }),

  def('listeners: adding a listener on an ancestor during capture of a dispatch', () => {
    const outer = document.getElementById('outer')!;
    const button = document.getElementById('button')!;
    const order: string[] = [];
    button.addEventListener(
      'click',
      () => {
        order.push('button-capture');
        outer.addEventListener('click', () => order.push('outer-bubble-late'));
      },
      true,
    );
    button.click();
    return order;
  }),

  def('listeners: stopImmediatePropagation and stopPropagation', () => {
    const outer = document.getElementById('outer')!;
    const button = document.getElementById('button')!;
    const order: string[] = [];
    button.addEventListener('click', (e) => {
      order.push('a');
      e.stopImmediatePropagation();
    });
    button.addEventListener('click', () => order.push('b'));
    outer.addEventListener('click', () => order.push('outer'));
    button.click();
    const inner = document.getElementById('inner')!;
    inner.addEventListener('custom', (e) => {
      order.push('inner');
      e.stopPropagation();
    });
    inner.addEventListener('custom', () => order.push('inner2'));
    outer.addEventListener('custom', () => order.push('outer-custom'));
    inner.dispatchEvent(new Event('custom', { bubbles: true }));
    return order;
  }),

  def('listeners: event objects inside listeners: target, currentTarget, phase, composedPath', () => {
    const outer = document.getElementById('outer')!;
    const button = document.getElementById('button')!;
    const seen: unknown[] = [];
    const record = (e: Event) =>
      seen.push({
        target: (e.target as Element).id,
        current: (e.currentTarget as Element).id,
        phase: e.eventPhase,
        path: e.composedPath().length,
        trusted: e.isTrusted,
      });
    outer.addEventListener('custom', record, { once: true });
    button.addEventListener('custom', record, { once: true, capture: true });
    button.dispatchEvent(new CustomEvent('custom', { bubbles: true, detail: 1 }));
    return seen;
  }),

  def('listeners: dispatchEvent return values and preventDefault in plain, once and passive listeners', () => {
    const el = document.getElementById('host')!;
    const results: unknown[] = [];
    el.addEventListener('a', (e) => e.preventDefault());
    results.push(el.dispatchEvent(new Event('a', { cancelable: true })));
    el.addEventListener('b', (e) => e.preventDefault(), { once: true });
    results.push(el.dispatchEvent(new Event('b', { cancelable: true })), el.dispatchEvent(new Event('b', { cancelable: true })));
    el.addEventListener('c', (e) => e.preventDefault(), { passive: true });
    results.push(el.dispatchEvent(new Event('c', { cancelable: true })));
    el.addEventListener('d', (e) => e.preventDefault(), { passive: false, once: true });
    results.push(el.dispatchEvent(new Event('d', { cancelable: true })));
    el.addEventListener('e', () => false);
    results.push(el.dispatchEvent(new Event('e', { cancelable: true })));
    return results;
  }),

  def('listeners: passive defaults to true for touch and wheel listeners on window, document and body', () => {
    const out: Record<string, boolean[]> = {};
    const targets: [string, EventTarget][] = [
      ['window', window],
      ['document', document],
      ['html', document.documentElement],
      ['body', document.body],
      ['div', document.getElementById('host')!],
    ];
    const make = (type: string) =>
      type.startsWith('touch') ? new Event(type, { cancelable: true, bubbles: true }) : new WheelEvent(type, { cancelable: true, bubbles: true });
    for (const type of ['touchstart', 'touchmove', 'wheel', 'mousewheel', 'touchend']) {
      for (const [name, target] of targets) {
        const row: boolean[] = [];
        for (const options of [undefined, {}, { passive: undefined }, { passive: false }, false, { capture: true }]) {
          const f = (e: Event) => e.preventDefault();
          target.addEventListener(type, f, options);
          row.push(target.dispatchEvent(make(type)));
          target.removeEventListener(type, f, options);
        }
        out[`${type}@${name}`] = row;
      }
    }
    return out;
  }),

  def('listeners: an exception in a listener reaches window.onerror and the next listener runs', (h) => {
    const el = document.getElementById('host')!;
    const reports: unknown[] = [];
    const thrown = new Error('boom');
    window.onerror = (message, _source, lineno, colno, error) => {
      reports.push({ message: String(message), same: error === thrown, lineno: typeof lineno, colno: typeof colno });
      return true;
    };
    const watch = h.watchErrors();
    const order: string[] = [];
    el.addEventListener('click', () => {
      order.push('thrower');
      throw thrown;
    });
    el.addEventListener('click', () => order.push('next'));
    el.addEventListener(
      'click',
      () => {
        throw new TypeError('once boom');
      },
      { once: true },
    );
    el.addEventListener('click', {
      handleEvent() {
        throw new RangeError('object boom');
      },
    });
    const dispatched = el.dispatchEvent(new Event('click'));
    watch.stop();
    window.onerror = null;
    return { reports, order, dispatched, messages: watch.messages, same: watch.errors[0] === thrown };
  }),

  def('listeners: a thrown non-Error value reaches the error event as is', (h) => {
    const el = document.getElementById('host')!;
    const watch = h.watchErrors();
    el.addEventListener('custom', () => {
      throw 'plain string';
    });
    el.addEventListener('custom', () => {
      throw { code: 7 };
    });
    el.dispatchEvent(new Event('custom'));
    watch.stop();
    return { messages: watch.messages, errors: watch.errors.map((e) => JSON.stringify(e)) };
  }),

  def('listeners: the same function on many targets and types is independent', () => {
    const a = document.getElementById('outer')!;
    const b = document.getElementById('host')!;
    const calls: string[] = [];
    const f = (e: Event) => calls.push(`${(e.currentTarget as Element).id}:${e.type}`);
    for (const t of [a, b]) for (const type of ['x', 'y']) t.addEventListener(type, f);
    a.removeEventListener('x', f);
    for (const t of [a, b]) for (const type of ['x', 'y']) t.dispatchEvent(new Event(type));
    return calls;
  }),

  def('listeners: nested dispatch of another event from inside a listener', () => {
    const el = document.getElementById('host')!;
    const order: string[] = [];
    el.addEventListener('outer', () => {
      order.push('outer-start');
      el.dispatchEvent(new Event('inner'));
      order.push('outer-end');
    });
    el.addEventListener('inner', () => order.push('inner'), { once: true });
    el.dispatchEvent(new Event('outer'));
    el.dispatchEvent(new Event('outer'));
    return order;
  }),

  def('listeners: the same method identity on every EventTarget; return values are undefined', () => {
    const el = document.getElementById('host')!;
    return {
      windowIsProto: window.addEventListener === EventTarget.prototype.addEventListener,
      documentIsProto: document.addEventListener === EventTarget.prototype.addEventListener,
      elementIsProto: el.removeEventListener === EventTarget.prototype.removeEventListener,
      stable: window.addEventListener === window.addEventListener,
      ownOnWindow: Object.prototype.hasOwnProperty.call(window, 'addEventListener'),
      returns: String(el.addEventListener('x', () => undefined)) + String(el.removeEventListener('x', () => undefined)),
    };
  }),

  def('listeners: listeners on detached and never-attached nodes, text nodes and documents', () => {
    const calls: string[] = [];
    const div = document.createElement('div');
    div.addEventListener('click', () => calls.push('div'));
    div.click();
    const text = document.createTextNode('t');
    text.addEventListener('custom', () => calls.push('text'));
    text.dispatchEvent(new Event('custom'));
    const doc = document.implementation.createHTMLDocument('x');
    doc.addEventListener('custom', () => calls.push('doc'), { once: true });
    doc.dispatchEvent(new Event('custom'));
    doc.dispatchEvent(new Event('custom'));
    const frag = document.createDocumentFragment();
    frag.addEventListener('custom', () => calls.push('fragment'));
    frag.dispatchEvent(new Event('custom'));
    return calls;
  }),

  def('listeners: listeners on non-node targets: XMLHttpRequest, MessageChannel ports, media queries, FileReader', async () => {
    const calls: string[] = [];
    const xhr = new XMLHttpRequest();
    xhr.addEventListener('custom', () => calls.push('xhr'));
    xhr.dispatchEvent(new Event('custom'));
    const channel = new MessageChannel();
    const got = new Promise<string>((resolve) => channel.port2.addEventListener('message', (e) => resolve(String(e.data)), { once: true }));
    channel.port2.start();
    channel.port1.postMessage('hello');
    calls.push(await got);
    const mql = matchMedia('(min-width: 1px)');
    mql.addEventListener('change', () => calls.push('mql'));
    mql.dispatchEvent(new Event('change'));
    const reader = new FileReader();
    const loaded = new Promise<string>((resolve) => reader.addEventListener('load', () => resolve(String(reader.result)), { once: true }));
    reader.readAsText(new Blob(['text']));
    calls.push(await loaded);
    channel.port1.close();
    channel.port2.close();
    return calls;
  }),

  def('listeners: a real user-like event: input events from a form element', () => {
    const input = document.getElementById('input') as HTMLInputElement;
    const form = document.getElementById('form') as HTMLFormElement;
    const seen: string[] = [];
    form.addEventListener('input', (e) => seen.push(`form:${(e.target as HTMLInputElement).value}`));
    input.addEventListener('input', () => seen.push('input'), { once: true });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      seen.push('submit');
    });
    input.value = 'a';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.value = 'ab';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    form.requestSubmit();
    return seen;
  }),

  def('listeners: the page wraps addEventListener itself (as libraries do) and everything still works', () => {
    const proto = EventTarget.prototype;
    const originalAdd = proto.addEventListener;
    const originalRemove = proto.removeEventListener;
    const log: string[] = [];
    const wrappers = new WeakMap<object, EventListener>();
    proto.addEventListener = function (
      this: EventTarget,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      log.push(`add:${type}`);
      if (typeof listener !== 'function') return originalAdd.call(this, type, listener, options);
      const wrapped = function (this: unknown, e: Event) {
        log.push(`run:${e.type}`);
        return listener.call(this, e);
      };
      wrappers.set(listener, wrapped);
      return originalAdd.call(this, type, wrapped, options);
    };
    proto.removeEventListener = function (
      this: EventTarget,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | EventListenerOptions,
    ) {
      log.push(`remove:${type}`);
      return originalRemove.call(this, type, (listener && wrappers.get(listener)) || listener, options);
    };
    try {
      const el = document.getElementById('host')!;
      const f = () => log.push('f');
      el.addEventListener('click', f);
      el.click();
      el.removeEventListener('click', f);
      el.click();
      el.addEventListener('click', f, { once: true });
      el.click();
      el.click();
    } finally {
      proto.addEventListener = originalAdd;
      proto.removeEventListener = originalRemove;
    }
    return { log, restored: EventTarget.prototype.addEventListener === originalAdd };
  }),

  def('listeners: deleting and restoring addEventListener on the prototype', () => {
    const proto = EventTarget.prototype;
    const saved = Object.getOwnPropertyDescriptor(proto, 'addEventListener')!;
    const deleted = delete (proto as Partial<EventTarget>).addEventListener;
    const gone = typeof (document.body as Partial<EventTarget>).addEventListener;
    Object.defineProperty(proto, 'addEventListener', saved);
    let n = 0;
    document.body.addEventListener('custom', () => n++);
    document.body.dispatchEvent(new Event('custom'));
    return { deleted, gone, n };
  }),

  def('listeners: a subclass target with a Symbol.toStringTag getter is not inspected', () => {
    let reads = 0;
    class Tagged extends EventTarget {
      get [Symbol.toStringTag]() {
        reads++;
        return 'Tagged';
      }
    }
    const t = new Tagged();
    let n = 0;
    t.addEventListener('x', () => n++);
    t.addEventListener('y', () => n++, { once: true });
    t.dispatchEvent(new Event('x'));
    t.dispatchEvent(new Event('y'));
    return { reads, n };
  }),

  def('listeners: Error.stackTraceLimit and Error.prepareStackTrace set by the page are left alone', () => {
    const saved = { limit: Error.stackTraceLimit, prepare: (Error as { prepareStackTrace?: unknown }).prepareStackTrace };
    let prepared = 0;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = (_e: Error, frames: unknown[]) => {
      prepared++;
      return `custom:${frames.length > 0}`;
    };
    Error.stackTraceLimit = 3;
    const el = document.getElementById('host')!;
    el.addEventListener('click', () => undefined);
    el.addEventListener('click', () => undefined, { once: true });
    const own = new Error('own').stack;
    const after = { limit: Error.stackTraceLimit, prepared, own };
    Error.stackTraceLimit = saved.limit;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = saved.prepare;
    return after;
  }),
];
