/**
 * Conformance cases: the constructors trackers wrap (connections, images, observers) and their neighbours. Each
 * gets the same generic battery (shape, call without `new`, instances, subclassing, `new.target`, bad arguments),
 * then cases of its own behaviour.
 */
import { def, type ConformanceCase } from './harness.ts';

/**
 * A constructor under test and the arguments to build a working instance with. In `args`, the string "$fn" stands
 * for a fresh callback and "$el" for the page's #host element (JSON cannot carry either).
 */
interface Subject {
  name: string;
  args: unknown[];
}

const SUBJECTS: Subject[] = [
  { name: 'WebSocket', args: ['ws://127.0.0.1:9/conformance'] },
  { name: 'EventSource', args: ['/conformance-events'] },
  { name: 'BroadcastChannel', args: ['conformance'] },
  { name: 'Image', args: [3, 4] },
  { name: 'Option', args: ['text', 'value'] },
  { name: 'Audio', args: [] },
  { name: 'MutationObserver', args: ['$fn'] },
  { name: 'ResizeObserver', args: ['$fn'] },
  { name: 'IntersectionObserver', args: ['$fn'] },
  { name: 'PerformanceObserver', args: ['$fn'] },
  { name: 'EventTarget', args: [] },
  { name: 'AbortController', args: [] },
  { name: 'XMLHttpRequest', args: [] },
  { name: 'Worker', args: ['data:text/javascript,'] },
  { name: 'SharedWorker', args: ['data:text/javascript,'] },
  { name: 'MessageChannel', args: [] },
];

const generic: ConformanceCase[] = SUBJECTS.flatMap((subject) => [
  def(
    `constructors: ${subject.name}: shape, statics, prototype links and descriptor`,
    (h, s: Subject) => {
      const C = (window as unknown as Record<string, new (...a: unknown[]) => object>)[s.name]!;
      const statics: Record<string, string> = {};
      for (const key of Reflect.ownKeys(C)) {
        const d = Object.getOwnPropertyDescriptor(C, key)!;
        statics[String(key)] =
          'value' in d
            ? `${typeof d.value}:${typeof d.value === 'object' || typeof d.value === 'function' ? '' : String(d.value)}:${d.writable}${d.enumerable}${d.configurable}`
            : `accessor:${d.enumerable}${d.configurable}`;
      }
      const proto = C.prototype as object;
      const parent = Object.getPrototypeOf(C) as { name?: string };
      return {
        fn: h.fn(C),
        global: h.desc(window, s.name),
        statics,
        prototype: h.desc(C, 'prototype'),
        protoConstructorIsC: (proto as { constructor: unknown }).constructor === C,
        protoConstructor: h.desc(proto, 'constructor'),
        parent: parent === Function.prototype ? 'Function.prototype' : String(parent.name),
        protoParent: String((Object.getPrototypeOf(proto) as { constructor?: { name?: string } } | null)?.constructor?.name),
        toStringTag: Object.prototype.toString.call(proto),
        sameOnGlobalThis: (globalThis as unknown as Record<string, unknown>)[s.name] === C,
        typeofC: typeof C,
        protoKeys: Reflect.ownKeys(proto).map(String),
      };
    },
    { arg: subject },
  ),

  def(
    `constructors: ${subject.name}: called without new`,
    (h, s: Subject) => {
      const C = (window as unknown as Record<string, (...a: unknown[]) => unknown>)[s.name]!;
      const args = s.args.map((a) => (a === '$fn' ? () => undefined : a));
      return [h.err(() => C(...args)), h.err(() => C.call(window, ...args)), h.err(() => Reflect.apply(C, undefined, args)), h.err(() => C())];
    },
    { arg: subject },
  ),

  def(
    `constructors: ${subject.name}: instances, instanceof, prototype and own keys`,
    (_h, s: Subject) => {
      const C = (window as unknown as Record<string, new (...a: unknown[]) => object>)[s.name]!;
      const args = s.args.map((a) => (a === '$fn' ? () => undefined : a));
      const a = new C(...args);
      const b = new C(...args);
      const out = {
        instanceOf: a instanceof C,
        protoIsPrototype: Object.getPrototypeOf(a) === C.prototype,
        constructorIsC: (a as { constructor: unknown }).constructor === C,
        tag: Object.prototype.toString.call(a),
        eventTarget: a instanceof EventTarget,
        node: a instanceof Node,
        distinct: a !== b,
        ownKeys: Reflect.ownKeys(a).map(String),
        hasInstance: C[Symbol.hasInstance](a),
        viaReflect: Object.getPrototypeOf(Reflect.construct(C, args)) === C.prototype,
      };
      for (const x of [a, b] as unknown as Record<string, unknown>[]) {
        if (typeof x.close === 'function') (x.close as () => void).call(x);
        if (typeof x.disconnect === 'function') (x.disconnect as () => void).call(x);
        if (typeof x.terminate === 'function') (x.terminate as () => void).call(x);
      }
      return out;
    },
    { arg: subject },
  ),

  def(
    `constructors: ${subject.name}: subclassing with class extends, new.target and super`,
    (h, s: Subject) => {
      const C = (window as unknown as Record<string, new (...a: unknown[]) => object>)[s.name]!;
      const args = s.args.map((a) => (a === '$fn' ? () => undefined : a));
      const targets: string[] = [];
      class Sub extends C {
        extra: string;
        constructor(...rest: unknown[]) {
          targets.push(String(new.target.name));
          super(...rest);
          this.extra = 'extra';
        }
        method() {
          return 'method';
        }
        static make() {
          return 'static';
        }
      }
      class SubSub extends Sub {}
      const errors: string[] = [];
      let x: Sub | undefined;
      let y: SubSub | undefined;
      errors.push(h.err(() => (x = new Sub(...args))));
      errors.push(h.err(() => (y = new SubSub(...args))));
      const out = {
        errors,
        targets,
        x: x && {
          instanceOfSub: x instanceof Sub,
          instanceOfC: x instanceof C,
          proto: Object.getPrototypeOf(x) === Sub.prototype,
          extra: x.extra,
          method: typeof x.method === 'function' ? x.method() : 'none',
          tag: Object.prototype.toString.call(x),
        },
        y: y && { proto: Object.getPrototypeOf(y) === SubSub.prototype, instanceOfC: y instanceof C },
        statics: {
          parent: Object.getPrototypeOf(Sub) === C,
          make: Sub.make(),
          inherited: Object.keys(Object.getOwnPropertyDescriptors(C)).filter(
            (k) => (Sub as unknown as Record<string, unknown>)[k] !== undefined && k !== 'prototype',
          ),
        },
      };
      for (const o of [x, y] as unknown as (Record<string, unknown> | undefined)[]) {
        if (!o) continue;
        if (typeof o.close === 'function') (o.close as () => void).call(o);
        if (typeof o.disconnect === 'function') (o.disconnect as () => void).call(o);
        if (typeof o.terminate === 'function') (o.terminate as () => void).call(o);
      }
      return out;
    },
    { arg: subject },
  ),

  def(
    `constructors: ${subject.name}: Reflect.construct with another new.target`,
    (h, s: Subject) => {
      const C = (window as unknown as Record<string, new (...a: unknown[]) => object>)[s.name]!;
      const args = s.args.map((a) => (a === '$fn' ? () => undefined : a));
      function Other() {}
      Other.prototype = { marker: 'other' };
      function NoProto() {}
      (NoProto as { prototype: unknown }).prototype = 7;
      const bound = Other.bind(null);
      const results: unknown[] = [];
      for (const target of [Other, NoProto, bound, C]) {
        try {
          const o = Reflect.construct(C, args, target) as Record<string, unknown>;
          const p = Object.getPrototypeOf(o);
          results.push({
            proto: p === Other.prototype ? 'Other.prototype' : p === C.prototype ? 'C.prototype' : 'other',
            marker: String(o.marker),
            instanceOfC: o instanceof C,
            tag: Object.prototype.toString.call(o),
          });
          const close = (C.prototype as Record<string, unknown>).close;
          const disconnect = (C.prototype as Record<string, unknown>).disconnect;
          const terminate = (C.prototype as Record<string, unknown>).terminate;
          if (typeof close === 'function') close.call(o);
          if (typeof disconnect === 'function') disconnect.call(o);
          if (typeof terminate === 'function') terminate.call(o);
        } catch (e) {
          results.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      results.push(h.err(() => Reflect.construct(C, args, (() => undefined) as unknown as new () => object)));
      return results;
    },
    { arg: subject },
  ),

  def(
    `constructors: ${subject.name}: bad and odd arguments`,
    (h, s: Subject) => {
      const C = (window as unknown as Record<string, new (...a: unknown[]) => object>)[s.name]!;
      const attempts: unknown[][] = [[], [undefined], [null], [{}], [Symbol('s')], ['not a url', 'x'], [1, 2, 3, 4], [() => undefined, { bogus: 1 }]];
      return attempts.map((args) => {
        let made: object | undefined;
        const result = h.err(() => (made = new C(...args)));
        const o = made as Record<string, unknown> | undefined;
        if (o) {
          if (typeof o.close === 'function') (o.close as () => void).call(o);
          if (typeof o.disconnect === 'function') (o.disconnect as () => void).call(o);
          if (typeof o.terminate === 'function') (o.terminate as () => void).call(o);
        }
        return result;
      });
    },
    { arg: subject },
  ),
]);

const specific: ConformanceCase[] = [
  def('WebSocket: attributes of a new socket, URL normalization, binaryType', (h) => {
    const ws = new WebSocket('ws://127.0.0.1:9/a b?x=1', []);
    const out = {
      url: ws.url,
      readyState: ws.readyState,
      statics: [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, ws.OPEN],
      protocol: ws.protocol,
      extensions: ws.extensions,
      binaryType: ws.binaryType,
      setBinary: h.err(() => (ws.binaryType = 'arraybuffer')),
      binaryAfter: ws.binaryType,
      setBad: h.err(() => (ws.binaryType = 'bogus' as BinaryType)),
      binaryAfterBad: ws.binaryType,
      bufferedAmount: ws.bufferedAmount,
      handlers: [ws.onopen, ws.onclose, ws.onerror, ws.onmessage].map(String),
    };
    ws.close();
    return { ...out, afterClose: ws.readyState };
  }),

  def('WebSocket: URL and protocol errors', (h) => {
    const tries: unknown[][] = [
      ['not a url'],
      ['ws://127.0.0.1:9/#fragment'],
      ['ftp://127.0.0.1:9/'],
      ['http://127.0.0.1:9/http-is-allowed'],
      ['/relative-is-resolved'],
      ['ws://127.0.0.1:9/', ['a', 'a']],
      ['ws://127.0.0.1:9/', 'bad protocol'],
      ['ws://127.0.0.1:9/', ['ok', '']],
      ['ws://127.0.0.1:9/', ['chat', 'superchat']],
      ['ws://127.0.0.1:9/', new URL('ws://x')],
      [new URL('ws://127.0.0.1:9/from-url-object')],
    ];
    return tries.map((args) => {
      let url = '';
      const error = h.err(() => {
        const ws = new WebSocket(...(args as [string, string[]]));
        url = ws.url;
        ws.close();
      });
      return `${error} ${url}`;
    });
  }),

  def('WebSocket: close codes, reasons and send while connecting', (h) => {
    const ws = new WebSocket('ws://127.0.0.1:9/close');
    const out = [
      h.err(() => ws.send('early')),
      h.err(() => ws.close(1001)),
      h.err(() => ws.close(2999)),
      h.err(() => ws.close(5000)),
      h.err(() => ws.close(1000, 'x'.repeat(124))),
      h.err(() => ws.close(3000.7)),
      String(ws.readyState),
      h.err(() => ws.close(4000, 'bye')),
      String(ws.readyState),
      h.err(() => ws.close()),
      h.err(() => ws.send('after close')),
      String(ws.bufferedAmount),
    ];
    return out;
  }),

  def('WebSocket: a refused connection fires error then close, through properties and listeners', async () => {
    const ws = new WebSocket('ws://127.0.0.1:9/refused');
    const log: string[] = [];
    ws.onerror = (e) => log.push(`onerror:${e.type}:${ws.readyState}`);
    ws.addEventListener('error', () => log.push('error-listener'));
    ws.addEventListener('open', () => log.push('open'));
    const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', resolve));
    ws.onclose = () => log.push('onclose');
    const event = await closed;
    return {
      log,
      code: event.code,
      clean: event.wasClean,
      reason: event.reason,
      readyState: ws.readyState,
      proto: Object.getPrototypeOf(event) === CloseEvent.prototype,
    };
  }),

  def('WebSocket: an open socket: send, echo, bufferedAmount, close code and reason', async (h) => {
    const ws = new WebSocket(h.env.echoUrl);
    const log: string[] = [];
    ws.onopen = () => log.push(`open:${ws.readyState}:${ws.protocol}`);
    await h.next(ws, 'open');
    const echoed = new Promise<string>((resolve) => ws.addEventListener('message', (e) => resolve(String(e.data)), { once: true }));
    ws.send('ping');
    log.push(`echo:${await echoed}`);
    ws.binaryType = 'arraybuffer';
    const binary = new Promise<string>((resolve) =>
      ws.addEventListener('message', (e) => resolve(`${Object.prototype.toString.call(e.data)}:${(e.data as ArrayBuffer).byteLength}`), {
        once: true,
      }),
    );
    ws.send(new Uint8Array([1, 2, 3]));
    log.push(`binary:${await binary}`);
    const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', resolve));
    ws.close(4001, 'done');
    log.push(`closing:${ws.readyState}`);
    const event = await closed;
    return { log, code: event.code, reason: event.reason, clean: event.wasClean, sendAfter: h.err(() => ws.send('late')), state: ws.readyState };
  }),

  def('EventSource: messages, named events and lastEventId from a stream', async () => {
    const es = new EventSource('/conformance-stream.sse');
    const log: string[] = [];
    es.onmessage = (e) => log.push(`message:${e.data}:${e.lastEventId}`);
    const custom = new Promise<MessageEvent>((resolve) => es.addEventListener('custom', (e) => resolve(e), { once: true }));
    const event = await custom;
    log.push(`custom:${JSON.stringify(event.data)}:${event.lastEventId}:${event.origin === location.origin}`);
    es.close();
    return { log, state: es.readyState };
  }),

  def('MutationObserver: WebKitMutationObserver is the same constructor', () => {
    const w = window as unknown as { WebKitMutationObserver: typeof MutationObserver };
    const mo = new w.WebKitMutationObserver(() => undefined);
    return {
      same: w.WebKitMutationObserver === MutationObserver,
      instance: mo instanceof MutationObserver,
      proto: Object.getPrototypeOf(mo) === MutationObserver.prototype,
      name: w.WebKitMutationObserver.name,
    };
  }),

  def('EventSource: attributes, URL resolution, withCredentials and close', (h) => {
    const a = new EventSource('/conformance-events?x=1');
    const b = new EventSource('relative', { withCredentials: true });
    const out = {
      a: [a.url, a.readyState, a.withCredentials],
      b: [b.url, b.readyState, b.withCredentials],
      statics: [EventSource.CONNECTING, EventSource.OPEN, EventSource.CLOSED],
      badUrl: h.err(() => new EventSource('http://[')),
      badOptions: h.err(() => new EventSource('/x', 5 as unknown as EventSourceInit)),
    };
    a.close();
    b.close();
    return { ...out, closed: [a.readyState, b.readyState] };
  }),

  def('EventSource: a failing stream fires error and closes', async () => {
    const es = new EventSource('/conformance-no-such-stream');
    const log: string[] = [];
    es.onopen = () => log.push('open');
    const event = await new Promise<Event>((resolve) => es.addEventListener('error', resolve, { once: true }));
    log.push(`error:${es.readyState}:${event.constructor.name}`);
    es.close();
    return log;
  }),

  def('BroadcastChannel: messages between two channels, close, and errors', async (h) => {
    const a = new BroadcastChannel('conformance-bc');
    const b = new BroadcastChannel('conformance-bc');
    const c = new BroadcastChannel(42 as unknown as string);
    const got = new Promise<unknown[]>((resolve) => {
      const seen: unknown[] = [];
      b.onmessage = (e) => {
        seen.push(e.data);
        if (seen.length === 2) resolve(seen);
      };
    });
    a.postMessage({ n: 1 });
    a.postMessage('two');
    const messages = await got;
    const cloneError = h.err(() => a.postMessage(() => undefined));
    a.close();
    const afterClose = h.err(() => a.postMessage('x'));
    b.close();
    c.close();
    return {
      messages,
      names: [a.name, c.name],
      cloneError,
      afterClose,
      missing: h.err(() => new (BroadcastChannel as unknown as new () => object)()),
    };
  }),

  def('Image: width and height arguments, defaults, and legacy factory identity', () => {
    const sizes = [new Image(), new Image(5), new Image(5, 6), new Image(undefined, 7), new Image('8' as unknown as number, -1)].map((i) => [
      i.width,
      i.height,
      i.getAttribute('width'),
      i.getAttribute('height'),
    ]);
    const img = new Image();
    return {
      sizes,
      protoIsHTMLImage: Image.prototype === HTMLImageElement.prototype,
      ctorIsHTMLImage: img.constructor === HTMLImageElement,
      tag: img.tagName,
      ownerDocument: img.ownerDocument === document,
      connected: img.isConnected,
      length: Image.length,
    };
  }),

  def('Image: loads a data URL (load event, onload, natural size, decode) and fails on a bad one', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEklEQVR4nGP4z8DwHwyhDAYGAD3KBfs0bd3yAAAAAElFTkSuQmCC';
    const img = new Image();
    const log: string[] = [];
    img.onload = () => log.push('onload');
    const loaded = new Promise<void>((resolve) => img.addEventListener('load', () => resolve(), { once: true }));
    img.src = png;
    await loaded;
    await img.decode();
    const bad = new Image();
    const failed = new Promise<string>((resolve) => {
      bad.onerror = (e) => resolve(typeof e === 'string' ? e : e.type);
    });
    bad.src = 'data:image/png;base64,AAAA';
    const failure = await failed;
    const decodeError = await bad.decode().then(
      () => 'decoded',
      (e: Error) => e.name,
    );
    return { log, natural: [img.naturalWidth, img.naturalHeight], complete: img.complete, failure, decodeError, currentSrc: img.currentSrc === png };
  }),

  def('MutationObserver: callback arguments, this, records, takeRecords and disconnect', async () => {
    const host = document.getElementById('host')!;
    const calls: unknown[] = [];
    let observer: MutationObserver | undefined;
    const done = new Promise<void>((resolve) => {
      observer = new MutationObserver(function (this: unknown, records, obs) {
        calls.push({
          thisIsObserver: this === observer,
          obsIsObserver: obs === observer,
          args: arguments.length,
          records: records.map((r) => `${r.type}:${r.attributeName ?? ''}:${r.oldValue ?? ''}`),
        });
        resolve();
      });
    });
    observer!.observe(host, { attributes: true, attributeOldValue: true, childList: true, subtree: true });
    host.setAttribute('data-a', '1');
    host.setAttribute('data-a', '2');
    host.appendChild(document.createElement('span'));
    await done;
    host.setAttribute('data-b', 'x');
    const taken = observer!.takeRecords().map((r) => r.attributeName);
    observer!.disconnect();
    host.setAttribute('data-c', 'x');
    const afterDisconnect = observer!.takeRecords().length;
    return { calls, taken, afterDisconnect };
  }),

  def('MutationObserver: observe errors and option validation', (h) => {
    const host = document.getElementById('host')!;
    const mo = new MutationObserver(() => undefined);
    const out = [
      h.err(() => mo.observe(host)),
      h.err(() => mo.observe(host, {})),
      h.err(() => mo.observe({} as Node, { childList: true })),
      h.err(() => mo.observe(host, { attributeOldValue: true, attributes: false })),
      h.err(() => mo.observe(host, { attributeFilter: ['a'] })),
      h.err(() => mo.observe(host, { characterDataOldValue: true })),
      h.err(() => mo.observe(host, { childList: true })),
      h.err(() => MutationObserver.prototype.observe.call({} as MutationObserver, host, { childList: true })),
      h.err(() => new MutationObserver('not a function' as unknown as MutationCallback)),
      h.err(() => new (MutationObserver as unknown as new () => object)()),
    ];
    mo.disconnect();
    return out;
  }),

  def('MutationObserver: several observers are notified in creation order', async () => {
    const host = document.getElementById('host')!;
    const order: string[] = [];
    const second = new Promise<void>((resolve) => {
      const a = new MutationObserver(() => order.push('a'));
      const b = new MutationObserver(() => {
        order.push('b');
        resolve();
      });
      b.observe(host, { attributes: true });
      a.observe(host, { attributes: true });
      host.setAttribute('data-x', '1');
      void Promise.resolve().then(() => order.push('microtask-after'));
    });
    await second;
    return order;
  }),

  def('ResizeObserver: initial notification, entries, this, unobserve and errors', async (h) => {
    const host = document.getElementById('host')!;
    host.style.width = '50px';
    host.style.height = '20px';
    let ro: ResizeObserver | undefined;
    const first = new Promise<unknown>((resolve) => {
      ro = new ResizeObserver(function (this: unknown, entries, obs) {
        resolve({
          thisIsObserver: this === ro,
          obsIsObserver: obs === ro,
          entries: entries.map((e) => [e.target.id, Math.round(e.contentRect.width), Math.round(e.contentRect.height), e.borderBoxSize.length]),
        });
      });
    });
    ro!.observe(host);
    const result = await first;
    ro!.unobserve(host);
    const errors = [
      h.err(() => ro!.observe({} as Element)),
      h.err(() => ro!.observe(host, { box: 'bogus' as ResizeObserverBoxOptions })),
      h.err(() => new ResizeObserver(5 as unknown as ResizeObserverCallback)),
      h.err(() => ro!.unobserve(document.body)),
    ];
    ro!.disconnect();
    return { result, errors };
  }),

  def('IntersectionObserver: options are normalized and validated', (h) => {
    const io = new IntersectionObserver(() => undefined, { rootMargin: '10px', threshold: [0.5, 0, 1, 0.5] });
    const io2 = new IntersectionObserver(() => undefined, { root: document.body, threshold: 0.25, rootMargin: '1px 2px' });
    const out = {
      io: [String(io.root), io.rootMargin, io.thresholds.join(',')],
      io2: [io2.root === document.body, io2.rootMargin, io2.thresholds.join(',')],
      errors: [
        h.err(() => new IntersectionObserver(() => undefined, { rootMargin: 'bogus' })),
        h.err(() => new IntersectionObserver(() => undefined, { rootMargin: '10em' })),
        h.err(() => new IntersectionObserver(() => undefined, { threshold: 2 })),
        h.err(() => new IntersectionObserver(() => undefined, { threshold: [-0.1] })),
        h.err(() => new IntersectionObserver(() => undefined, { root: {} as Element })),
        h.err(() => new IntersectionObserver(null as unknown as IntersectionObserverCallback)),
        h.err(() => io.observe('x' as unknown as Element)),
      ],
    };
    io.disconnect();
    io2.disconnect();
    return out;
  }),

  def('IntersectionObserver: the first notification for a visible element, takeRecords, disconnect', async () => {
    const host = document.getElementById('host')!;
    host.style.height = '10px';
    let io: IntersectionObserver | undefined;
    const first = new Promise<unknown>((resolve) => {
      io = new IntersectionObserver(function (this: unknown, entries, obs) {
        resolve({
          thisIsObserver: this === io,
          obsIsObserver: obs === io,
          entries: entries.map((e) => [e.target.id, e.isIntersecting, e.intersectionRatio > 0]),
        });
      });
    });
    io!.observe(host);
    io!.observe(host);
    const result = await first;
    const taken = io!.takeRecords().length;
    io!.unobserve(host);
    io!.disconnect();
    return { result, taken };
  }),

  def('PerformanceObserver: supportedEntryTypes, observing marks, buffered entries and errors', async (h) => {
    performance.mark('before-observe');
    let po: PerformanceObserver | undefined;
    const got = new Promise<unknown>((resolve) => {
      po = new PerformanceObserver(function (this: unknown, list, obs) {
        resolve({ thisIsObserver: this === po, obsIsObserver: obs === po, names: list.getEntries().map((e) => e.name) });
      });
    });
    po!.observe({ type: 'mark', buffered: true });
    performance.mark('after-observe');
    const result = await got;
    const errors = [
      h.err(() => po!.observe({})),
      h.err(() => po!.observe({ entryTypes: ['mark'], type: 'mark' })),
      h.err(() => new PerformanceObserver({} as PerformanceObserverCallback)),
    ];
    po!.disconnect();
    return { result, errors, supported: PerformanceObserver.supportedEntryTypes.includes('mark'), takeRecords: po!.takeRecords().length };
  }),

  def('EventTarget: new EventTarget() and subclasses dispatch, with once and signal', () => {
    class Emitter extends EventTarget {
      emit(type: string) {
        return this.dispatchEvent(new Event(type, { cancelable: true }));
      }
    }
    const e = new Emitter();
    const plain = new EventTarget();
    const log: string[] = [];
    const controller = new AbortController();
    e.addEventListener('a', () => log.push('a'));
    e.addEventListener('b', () => log.push('b'), { once: true });
    e.addEventListener('c', () => log.push('c'), { signal: controller.signal });
    plain.addEventListener('p', (ev) => {
      log.push(`p:${ev.target === plain}`);
      ev.preventDefault();
    });
    e.emit('a');
    e.emit('b');
    e.emit('b');
    controller.abort();
    e.emit('c');
    const prevented = !plain.dispatchEvent(new Event('p', { cancelable: true }));
    return { log, prevented, length: EventTarget.length, instance: e instanceof EventTarget, redispatch: String(e.emit('a')) };
  }),

  def('Option and Audio: legacy factory function arguments', () => {
    const o = new Option('label', 'v', true, false);
    const o2 = new Option();
    const a = new Audio('data:audio/wav;base64,');
    return {
      o: [o.text, o.value, o.defaultSelected, o.selected, o instanceof HTMLOptionElement],
      o2: [o2.text, o2.value],
      a: [a.preload, a.getAttribute('src'), a instanceof HTMLAudioElement, Audio.prototype === HTMLAudioElement.prototype],
    };
  }),
];

export const constructorCases: ConformanceCase[] = [...generic, ...specific];
