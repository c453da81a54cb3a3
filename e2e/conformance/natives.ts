/**
 * Conformance cases: patched natives must look native. `name`, `length`, `toString()` and
 * `Function.prototype.toString.call`, own keys, constructibility and property descriptors of every function a
 * tracker may wrap; sweeps of whole prototypes and of the global object; enumeration of `window`.
 */
import { def, type ConformanceCase } from './harness.ts';

/** `owner path` and property: the natives trackers patch (or may patch), and a few they must leave alone. */
const FUNCTIONS: [string, string][] = [
  ['EventTarget.prototype', 'addEventListener'],
  ['EventTarget.prototype', 'removeEventListener'],
  ['EventTarget.prototype', 'dispatchEvent'],
  ['window', 'setTimeout'],
  ['window', 'setInterval'],
  ['window', 'clearTimeout'],
  ['window', 'clearInterval'],
  ['window', 'requestAnimationFrame'],
  ['window', 'cancelAnimationFrame'],
  ['window', 'requestIdleCallback'],
  ['window', 'cancelIdleCallback'],
  ['window', 'queueMicrotask'],
  ['window', 'fetch'],
  ['window', 'postMessage'],
  ['Document.prototype', 'createElement'],
  ['Document.prototype', 'createElementNS'],
  ['URL', 'createObjectURL'],
  ['URL', 'revokeObjectURL'],
  ['Function.prototype', 'toString'],
  ['Function.prototype', 'call'],
  ['History.prototype', 'pushState'],
  ['History.prototype', 'replaceState'],
  ['Node.prototype', 'removeChild'],
  ['Node.prototype', 'replaceChild'],
  ['Node.prototype', 'appendChild'],
  ['Element.prototype', 'remove'],
  ['Element.prototype', 'replaceWith'],
  ['Element.prototype', 'replaceChildren'],
  ['Element.prototype', 'setAttribute'],
  ['CharacterData.prototype', 'remove'],
  ['CharacterData.prototype', 'replaceWith'],
  ['DocumentType.prototype', 'remove'],
  ['Document.prototype', 'replaceChildren'],
  ['DocumentFragment.prototype', 'replaceChildren'],
  ['window', 'createImageBitmap'],
  ['ImageBitmap.prototype', 'close'],
  ['window', 'WebKitMutationObserver'],
  ['WebSocket.prototype', 'close'],
  ['WebSocket.prototype', 'send'],
  ['EventSource.prototype', 'close'],
  ['BroadcastChannel.prototype', 'close'],
  ['MutationObserver.prototype', 'observe'],
  ['MutationObserver.prototype', 'disconnect'],
  ['ResizeObserver.prototype', 'observe'],
  ['ResizeObserver.prototype', 'unobserve'],
  ['ResizeObserver.prototype', 'disconnect'],
  ['IntersectionObserver.prototype', 'observe'],
  ['IntersectionObserver.prototype', 'unobserve'],
  ['IntersectionObserver.prototype', 'disconnect'],
  ['PerformanceObserver.prototype', 'observe'],
  ['PerformanceObserver.prototype', 'disconnect'],
  ['Object', 'defineProperty'],
  ['Error', 'captureStackTrace'],
];

/** Prototypes and namespaces whose every own property is compared. */
const OWNERS = [
  'EventTarget.prototype',
  'Node.prototype',
  'Element.prototype',
  'HTMLElement.prototype',
  'Document.prototype',
  'document',
  'HTMLImageElement.prototype',
  'HTMLImageElement',
  'Image',
  'History.prototype',
  'URL',
  'Function.prototype',
  'Object',
  'Error',
  'WebSocket',
  'WebSocket.prototype',
  'EventSource',
  'EventSource.prototype',
  'BroadcastChannel.prototype',
  'MutationObserver.prototype',
  'ResizeObserver.prototype',
  'IntersectionObserver.prototype',
  'PerformanceObserver',
  'AbortSignal',
  'AbortSignal.prototype',
  'Window.prototype',
  'CharacterData.prototype',
  'DocumentFragment.prototype',
  'ImageBitmap.prototype',
  'Blob.prototype',
];

const functionCases: ConformanceCase[] = FUNCTIONS.map(([owner, name]) =>
  def(
    `natives: ${owner}.${name} looks native (descriptor, name, length, toString, keys, not constructible)`,
    (h, [ownerPath, key]: [string, string]) => {
      const owner = ownerPath.split('.').reduce<unknown>((o, k) => (k === 'window' ? window : (o as Record<string, unknown>)[k]), window) as object;
      const f = (owner as Record<string, unknown>)[key] as ((...a: unknown[]) => unknown) | undefined;
      if (typeof f !== 'function') return `not a function: ${typeof f}`;
      const toStr = Function.prototype.toString;
      return {
        descriptor: h.desc(owner, key),
        viaToStringMethod: f.toString(),
        viaTemplate: `${f}`,
        viaCallCall: Function.prototype.call.call(toStr, f),
        viaReflect: Reflect.apply(toStr, f, []),
        toStringOfToString: toStr.call(toStr.call),
        bound: String(f.bind(null)),
        boundName: f.bind(null).name,
        newThrows: h.err(() => new (f as unknown as new () => object)()),
        constructThrows: h.err(() => Reflect.construct(f as unknown as new () => object, [])),
        lengthDescriptor: h.desc(f, 'length'),
        nameDescriptor: h.desc(f, 'name'),
        instanceOfFunction: f instanceof Function,
        sameAsOwnerProperty: (owner as Record<string, unknown>)[key] === f,
      };
    },
    { arg: [owner, name] as [string, string] },
  ),
);

const ownerCases: ConformanceCase[] = OWNERS.map((owner) =>
  def(
    `natives: every own property of ${owner} (descriptors and function shapes)`,
    (h, ownerPath: string) => {
      const owner = ownerPath.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], window) as object;
      const out: Record<string, unknown> = {};
      for (const key of Reflect.ownKeys(owner)) out[String(key)] = h.desc(owner, key);
      return {
        keys: Reflect.ownKeys(owner).map(String),
        descriptors: out,
        proto: String((Object.getPrototypeOf(owner) as { constructor?: { name?: string } } | null)?.constructor?.name),
      };
    },
    { arg: owner },
  ),
);

export const nativeCases: ConformanceCase[] = [
  ...functionCases,
  ...ownerCases,

  def('natives: every own property of window, with descriptors and function shapes', (h) => {
    // The read-out's two names are the allowed difference, checked in the case on Leakscope's own names below.
    const names = Object.getOwnPropertyNames(window).filter((k) => k !== '__leakscope__' && k !== '__leakscope_own__');
    const out: Record<string, unknown> = {};
    for (const key of names) out[key] = h.desc(window, key);
    return { names, descriptors: out };
  }),

  def('natives: Object.keys(window) and for...in over window add nothing', () => {
    const forIn: string[] = [];
    for (const key in window) forIn.push(key);
    return { keys: Object.keys(window), forIn, entries: Object.entries(window).length };
  }),

  def(
    'natives: own symbols of window: only Leakscope read-out, well hidden (the one allowed difference)',
    () => {
      const key = Symbol.for('leakscope');
      const d = Object.getOwnPropertyDescriptor(window, key);
      return {
        symbols: Object.getOwnPropertySymbols(window).map(String).sort(),
        readout: d
          ? { enumerable: d.enumerable, writable: d.writable, configurable: d.configurable, frozen: Object.isFrozen(d.value), value: typeof d.value }
          : null,
        inKeys: Object.keys(window).some((k) => k.toLowerCase().includes('leakscope')),
        names: Object.getOwnPropertyNames(window)
          .filter((k) => k.toLowerCase().includes('leakscope'))
          .map((k) => {
            const p = Object.getOwnPropertyDescriptor(window, k)!;
            return `${k}:${String(p.enumerable)}${String(p.writable)}${String(p.configurable)}`;
          }),
        spread: Object.getOwnPropertySymbols({ ...window }).map(String),
        assigned: Object.getOwnPropertySymbols(Object.assign({}, window)).map(String),
      };
    },
    {
      // The read-out API must exist somewhere the collector can find it without calling anything the page
      // controls: non-enumerable, permanent properties of window (two names, the second for a frame where the
      // page planted a forgery, and a registered symbol). They are the only thing the page can see of us.
      instrumented: (native) => {
        const n = native as { symbols: string[] };
        return {
          ...n,
          names: ['__leakscope__:falsefalsefalse', '__leakscope_own__:falsefalsefalse'],
          symbols: [...n.symbols, 'Symbol(leakscope)'].sort(),
          readout: { enumerable: false, writable: false, configurable: false, frozen: true, value: 'object' },
        };
      },
    },
  ),

  def('natives: own symbols and names of the prototypes we patch', () => {
    const owners: Record<string, object> = {
      EventTarget: EventTarget.prototype,
      Node: Node.prototype,
      Element: Element.prototype,
      Document: Document.prototype,
      History: History.prototype,
      Function: Function.prototype,
      URL,
      WebSocket,
      Image,
      HTMLImageElement: HTMLImageElement.prototype,
    };
    const out: Record<string, unknown> = {};
    for (const [name, owner] of Object.entries(owners))
      out[name] = [Object.getOwnPropertySymbols(owner).map(String), Object.getOwnPropertyNames(owner).length];
    return out;
  }),

  def('natives: Function.prototype.toString on its own, on odd receivers, and on classes and proxies', (h) => {
    const toStr = Function.prototype.toString;
    class K {
      m() {}
    }
    return {
      self: h.fn(toStr),
      selfString: toStr.call(toStr),
      onObject: h.err(() => toStr.call({})),
      onNull: h.err(() => toStr.call(null)),
      onString: h.err(() => toStr.call('x')),
      onProxyOfFunction: toStr.call(new Proxy(function named() {}, {})),
      onProxyOfNative: toStr.call(new Proxy(window.addEventListener, {})),
      onProxyOfClass: toStr.call(new Proxy(K, {})),
      onClass: toStr.call(K),
      onMethod: toStr.call(K.prototype.m),
      onArrow: toStr.call(() => 1),
      onAsync: toStr.call(async function a() {}),
      onBoundNative: toStr.call(setTimeout.bind(window)),
      onGetter: toStr.call(Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected')!.get!),
      onHandlerSetter: toStr.call(Object.getOwnPropertyDescriptor(window, 'onresize')!.set!),
      onHandlerGetter: toStr.call(Object.getOwnPropertyDescriptor(window, 'onresize')!.get!),
      onDocHandlerSetter: toStr.call(Object.getOwnPropertyDescriptor(Document.prototype, 'onkeydown')!.set!),
      onSymbolToPrimitive: h.err(() => `${toStr}`),
    };
  }),

  def('natives: toString of patched constructors, by every route', (h) => {
    const toStr = Function.prototype.toString;
    const out: Record<string, unknown> = {};
    for (const name of [
      'WebSocket',
      'EventSource',
      'BroadcastChannel',
      'Image',
      'MutationObserver',
      'ResizeObserver',
      'IntersectionObserver',
      'PerformanceObserver',
      'Worker',
    ]) {
      const C = (window as unknown as Record<string, new () => object>)[name]!;
      out[name] = [
        String(C),
        toStr.call(C),
        C.toString(),
        `${C}`,
        String(C.prototype.constructor),
        C.name,
        C.length,
        h.desc(C, 'name'),
        h.desc(C, 'length'),
      ];
    }
    return out;
  }),

  def('natives: the page replaces Function.prototype.toString with its own and calls the previous one', () => {
    const previous = Function.prototype.toString;
    const calls: string[] = [];
    Function.prototype.toString = function (this: Function) {
      calls.push(typeof this);
      return previous.call(this);
    };
    const out = [String(addEventListener), String(setTimeout), String(WebSocket), String(URL.createObjectURL)];
    Function.prototype.toString = previous;
    return { out, calls, restored: Function.prototype.toString === previous };
  }),

  def('natives: a same-origin iframe sees native-looking functions of the parent and of its own realm', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<!doctype html><p>child</p>';
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    document.body.appendChild(frame);
    await loaded;
    const child = frame.contentWindow as unknown as typeof window;
    const childToString = child.Function.prototype.toString;
    const parentFns: Record<string, unknown> = {
      addEventListener,
      removeEventListener,
      setTimeout,
      setInterval,
      pushState: History.prototype.pushState,
      createElement: Document.prototype.createElement,
      createObjectURL: URL.createObjectURL,
      toString: Function.prototype.toString,
      WebSocket,
      MutationObserver,
      onresizeSetter: Object.getOwnPropertyDescriptor(window, 'onresize')!.set,
    };
    const crossRealm: Record<string, string> = {};
    for (const [name, f] of Object.entries(parentFns)) crossRealm[name] = childToString.call(f as Function);
    const childFns = [child.addEventListener, child.setTimeout, child.WebSocket, child.URL.createObjectURL, child.Function.prototype.toString];
    const ownRealm = childFns.map((f) => childToString.call(f));
    const parentSeesChild = childFns.map((f) => Function.prototype.toString.call(f));
    const childListener = await new Promise<string>((resolve) => {
      child.addEventListener('custom', (e: Event) => resolve(`${e.type}:${e instanceof child.Event}`), { once: true });
      child.dispatchEvent(new child.Event('custom'));
    });
    const crossCall = await new Promise<string>((resolve) => {
      // The parent's addEventListener on the child's window (cross-realm receiver).
      window.addEventListener.call(child, 'custom2', () => resolve('cross'), { once: true });
      child.dispatchEvent(new child.Event('custom2'));
    });
    frame.remove();
    return { crossRealm, ownRealm, parentSeesChild, childListener, crossCall };
  }),

  def('natives: an about:blank iframe used synchronously, right after insertion', () => {
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    const child = frame.contentWindow as unknown as typeof window;
    let n = 0;
    child.document.addEventListener('custom', () => n++);
    child.document.dispatchEvent(new child.Event('custom'));
    const out = {
      n,
      addSource: child.Function.prototype.toString.call(child.EventTarget.prototype.addEventListener),
      parentAddFromChild: child.Function.prototype.toString.call(EventTarget.prototype.addEventListener),
      timer: typeof child.setTimeout(() => undefined, 0),
    };
    frame.remove();
    return out;
  }),
];
