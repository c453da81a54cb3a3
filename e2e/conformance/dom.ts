/**
 * Conformance cases: history, element creation, object URLs and node removal, the other natives trackers wrap.
 */
import { def, type ConformanceCase } from './harness.ts';

export const domCases: ConformanceCase[] = [
  def('history: pushState returns undefined, updates the URL and length, clones the state, fires nothing', async (h) => {
    const log: string[] = [];
    window.addEventListener('popstate', () => log.push('popstate'));
    window.addEventListener('hashchange', () => log.push('hashchange'));
    const state = { n: 1, nested: { a: [1, 2] } };
    const before = history.length;
    const result = history.pushState(state, 'title', '/conformance-pushed?x=1#h');
    const out = {
      result: String(result),
      path: location.pathname + location.search + location.hash,
      lengthDelta: history.length - before,
      sameState: history.state === state,
      stateJson: JSON.stringify(history.state),
    };
    history.pushState(null, '', '#only-hash');
    const hash = location.hash;
    await h.wait(10);
    return { ...out, hash, log };
  }),

  def('history: replaceState keeps the length and replaces the state', () => {
    const before = history.length;
    const result = history.replaceState({ r: 1 }, '', '?replaced');
    return { result: String(result), delta: history.length - before, search: location.search, state: JSON.stringify(history.state) };
  }),

  def('history: pushState errors: arguments, clone errors, cross-origin URLs, illegal invocation', (h) => {
    const before = location.href;
    const out = [
      h.err(() => (history.pushState as unknown as () => void)()),
      h.err(() => history.pushState(null, undefined as unknown as string)),
      h.err(() => history.pushState(() => undefined, '')),
      h.err(() => history.pushState({ s: Symbol('s') }, '')),
      h.err(() => history.pushState(null, '', 'http://other.test/')),
      h.err(() => history.pushState(null, '', 'http://[bad')),
      h.err(() => History.prototype.pushState.call({} as History, null, '')),
      h.err(() => History.prototype.replaceState.call({} as History, null, '')),
      h.err(() => history.replaceState(null, '', 'https://fixtures.leakscope.test/')),
    ];
    return { out, unchanged: location.href === before };
  }),

  def('history: back after pushState fires popstate with the cloned state', async () => {
    history.pushState({ step: 1 }, '', '?step=1');
    history.pushState({ step: 2 }, '', '?step=2');
    const event = await new Promise<PopStateEvent>((resolve) => {
      window.addEventListener('popstate', resolve, { once: true });
      history.back();
    });
    return { state: JSON.stringify(event.state), search: location.search, proto: Object.getPrototypeOf(event) === PopStateEvent.prototype };
  }),

  def('history: a hash change by location fires hashchange and popstate in order', async () => {
    const log: string[] = [];
    window.addEventListener('popstate', () => log.push('popstate'));
    await new Promise<void>((resolve) => {
      window.addEventListener('hashchange', (e) => {
        log.push(`hashchange:${new URL(e.newURL).hash}`);
        resolve();
      });
      location.hash = '#changed';
    });
    return log;
  }),

  def('history: pushState with a URL object and relative URLs', () => {
    const results: string[] = [];
    history.pushState(null, '', new URL('/conformance-url-object', location.href));
    results.push(location.pathname);
    history.pushState(null, '', 'relative/path');
    results.push(location.pathname);
    history.pushState(null, '', '../up');
    results.push(location.pathname);
    history.pushState(null, '', '');
    results.push(location.pathname);
    history.pushState(null, '');
    results.push(location.pathname);
    return results;
  }),

  def('createElement: img vs IMG vs createElementNS, in HTML and XML documents', () => {
    const shape = (el: Element) => [el.constructor.name, el.tagName, el.localName, String(el.namespaceURI), el instanceof HTMLImageElement];
    const xml = document.implementation.createDocument(null, 'root', null);
    return {
      lower: shape(document.createElement('img')),
      upper: shape(document.createElement('IMG')),
      mixed: shape(document.createElement('iMg')),
      nsHtml: shape(document.createElementNS('http://www.w3.org/1999/xhtml', 'img')),
      nsHtmlUpper: shape(document.createElementNS('http://www.w3.org/1999/xhtml', 'IMG')),
      nsSvg: shape(document.createElementNS('http://www.w3.org/2000/svg', 'img')),
      nsSvgImage: shape(document.createElementNS('http://www.w3.org/2000/svg', 'image')),
      nsNull: shape(document.createElementNS(null, 'img')),
      prefixed: shape(document.createElementNS('http://www.w3.org/1999/xhtml', 'h:img')),
      xmlUpper: shape(xml.createElement('IMG')),
      xmlLower: shape(xml.createElement('img')),
      otherHtmlDoc: shape(document.implementation.createHTMLDocument('x').createElement('IMG')),
    };
  }),

  def('createElement: many tag names, custom names and options', () => {
    const names = [
      'div',
      'SCRIPT',
      'iframe',
      'canvas',
      'video',
      'audio',
      'source',
      'link',
      'style',
      'template',
      'my-element',
      'x',
      'unknown-Thing',
      'svg',
      'math',
      'picture',
      'input',
    ];
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const el = document.createElement(name);
      out[name] = [el.constructor.name, el.tagName, el.ownerDocument === document, el.isConnected];
    }
    out.withIs = document.createElement('div', { is: 'not-defined' }).outerHTML;
    out.withString = document.createElement('div', 'legacy' as unknown as ElementCreationOptions).outerHTML;
    out.nullName = document.createElement(null as unknown as string).tagName;
    out.undefinedName = document.createElement(undefined as unknown as string).tagName;
    out.numberName = document.createElementNS('http://www.w3.org/1999/xhtml', 'n1').tagName;
    return out;
  }),

  def('createElement: errors and illegal invocation; calling it on another document', (h) => {
    const other = document.implementation.createHTMLDocument('other');
    const made = Document.prototype.createElement.call(other, 'img');
    return {
      errors: [
        h.err(() => document.createElement('1abc')),
        h.err(() => document.createElement('')),
        h.err(() => document.createElement('a b')),
        h.err(() => (document.createElement as unknown as () => Element)()),
        h.err(() => Document.prototype.createElement.call({} as Document, 'img')),
        h.err(() => document.createElementNS('http://www.w3.org/1999/xhtml', '1x')),
        h.err(() => document.createElementNS(null, 'a:b')),
        h.err(() => document.createElementNS('http://www.w3.org/2000/xmlns/', 'x')),
        h.err(() => Document.prototype.createElementNS.call({} as Document, null, 'x')),
        h.err(() => document.createElement(Symbol('s') as unknown as string)),
      ],
      otherOwner: made.ownerDocument === other,
      otherIsImage: made instanceof HTMLImageElement,
    };
  }),

  def('createElement: an img from createElement loads and fires load, then errors on a bad source', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEklEQVR4nGP4z8DwHwyhDAYGAD3KBfs0bd3yAAAAAElFTkSuQmCC';
    const img = document.createElement('IMG') as HTMLImageElement;
    const log: string[] = [];
    await new Promise<void>((resolve) => {
      img.addEventListener('load', () => {
        log.push(`load:${img.naturalWidth}x${img.naturalHeight}`);
        resolve();
      });
      img.src = png;
    });
    await new Promise<void>((resolve) => {
      img.onerror = () => {
        log.push('error');
        resolve();
      };
      img.src = 'data:image/png;base64,AAAA';
    });
    img.srcset = `${png} 2x`;
    log.push(`attr:${img.getAttribute('srcset')?.slice(-2)}`);
    return log;
  }),

  def('createElement: image properties set through attributes, src, srcset and innerHTML', () => {
    const host = document.getElementById('host')!;
    host.innerHTML =
      '<img id="a" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="a" width="3"><picture><source srcset="x.png"><img id="b"></picture>';
    const a = document.getElementById('a') as HTMLImageElement;
    const b = document.getElementById('b') as HTMLImageElement;
    a.setAttribute('src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=#2');
    b.src = '';
    return {
      a: [a.width, a.alt, a.getAttribute('src')?.slice(-2), a.src.slice(0, 10)],
      b: [b.src, b.getAttribute('src'), b.currentSrc],
      srcDescriptor: Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')?.set?.name,
    };
  }),

  def('images: the src setter converts its value once and resolves it like the attribute', () => {
    const img = document.createElement('img');
    let conversions = 0;
    img.src = {
      toString() {
        conversions++;
        return 'relative.png';
      },
    } as unknown as string;
    const values: string[] = [img.src, img.getAttribute('src')!];
    for (const v of [null, undefined, 42, '', ' spaced.png ']) {
      img.src = v as unknown as string;
      values.push(`${img.src}|${img.getAttribute('src')}`);
    }
    const picture = new Image();
    picture.setAttribute('src', 'attr.png');
    values.push(picture.src);
    let thrown = 'ok';
    try {
      img.src = {
        toString: () => {
          throw new RangeError('no src');
        },
      } as unknown as string;
    } catch (e) {
      thrown = `${(e as Error).name}: ${(e as Error).message}`;
    }
    return { conversions, values, thrown, after: img.getAttribute('src') };
  }),

  def('createElement: the tag name is converted once', (h) => {
    let conversions = 0;
    const el = document.createElement({
      toString() {
        conversions++;
        return 'img';
      },
    } as unknown as string);
    const thrown = h.err(() =>
      document.createElement({
        toString(): string {
          throw new TypeError('no name');
        },
      } as unknown as string),
    );
    return { conversions, tag: el.tagName, thrown };
  }),

  def('URL.createObjectURL: the page overriding Blob getters sees no extra calls', () => {
    const log: string[] = [];
    const saved: [string, PropertyDescriptor][] = [];
    for (const name of ['size', 'type']) {
      const d = Object.getOwnPropertyDescriptor(Blob.prototype, name)!;
      saved.push([name, d]);
      Object.defineProperty(Blob.prototype, name, {
        ...d,
        get(this: Blob) {
          log.push(name);
          return d.get!.call(this);
        },
      });
    }
    const url = URL.createObjectURL(new Blob(['abc'], { type: 'text/plain' }));
    const fileUrl = URL.createObjectURL(new File(['abcd'], 'f.txt'));
    URL.revokeObjectURL(url);
    URL.revokeObjectURL(fileUrl);
    for (const [name, d] of saved) Object.defineProperty(Blob.prototype, name, d);
    return log;
  }),

  def('createImageBitmap: bitmaps from blobs and canvases, close, and errors', async (h) => {
    const canvas = document.createElement('canvas');
    canvas.width = 3;
    canvas.height = 2;
    const a = await createImageBitmap(canvas);
    const b = await createImageBitmap(canvas, 1, 0, 2, 2);
    const sizes = [a.width, a.height, b.width, b.height];
    a.close();
    a.close();
    const errors = [
      await h.aerr(() => (createImageBitmap as unknown as () => Promise<ImageBitmap>)()),
      await h.aerr(() => createImageBitmap(new Blob(['not an image']))),
      await h.aerr(() => createImageBitmap(canvas, 0, 0, 0, 0)),
      await h.aerr(() => createImageBitmap({} as ImageBitmapSource)),
      await h.aerr(() => createImageBitmap(a)),
    ];
    const closed = [a.width, a.height];
    b.close();
    return { sizes, closed, errors, tag: Object.prototype.toString.call(b), proto: Object.getPrototypeOf(b) === ImageBitmap.prototype };
  }),

  def('URL.createObjectURL: the string shape, uniqueness and origin', () => {
    const blob = new Blob(['hello'], { type: 'text/plain' });
    const a = URL.createObjectURL(blob);
    const b = URL.createObjectURL(blob);
    const file = URL.createObjectURL(new File(['f'], 'name.txt'));
    const shape = (u: string) => u.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, '<uuid>');
    const out = { a: shape(a), file: shape(file), distinct: a !== b, typeofA: typeof a, parsed: new URL(a).protocol, origin: new URL(a).origin };
    URL.revokeObjectURL(a);
    URL.revokeObjectURL(b);
    URL.revokeObjectURL(file);
    return out;
  }),

  def('URL.createObjectURL: fetching before and after revoking', async (h) => {
    const url = URL.createObjectURL(new Blob(['payload'], { type: 'text/plain' }));
    const before = await (await fetch(url)).text();
    const result1 = URL.revokeObjectURL(url);
    const after = await h.aerr(() => fetch(url));
    const result2 = URL.revokeObjectURL(url);
    return { before, after, results: [String(result1), String(result2)] };
  }),

  def('URL.createObjectURL: errors, odd arguments and odd receivers', (h) => {
    const created: string[] = [];
    const make = (f: () => string) =>
      h.err(() => {
        created.push(f());
      });
    const out = [
      make(() => (URL.createObjectURL as unknown as () => string)()),
      make(() => URL.createObjectURL('string' as unknown as Blob)),
      make(() => URL.createObjectURL({} as Blob)),
      make(() => URL.createObjectURL(null as unknown as Blob)),
      make(() => URL.createObjectURL.call(undefined, new Blob([]))),
      make(() => URL.createObjectURL.call({}, new Blob([]))),
      make(() => URL.createObjectURL(new MediaSource())),
      h.err(() => (URL.revokeObjectURL as unknown as () => void)()),
      h.err(() => URL.revokeObjectURL('garbage')),
      h.err(() => URL.revokeObjectURL(42 as unknown as string)),
      h.err(() => URL.revokeObjectURL.call({}, 'blob:x')),
      h.err(() => URL.revokeObjectURL({ toString: () => 'blob:y' } as unknown as string)),
    ];
    for (const u of created) URL.revokeObjectURL(u);
    return { out, created: created.length };
  }),

  def('URL.createObjectURL: an object URL as an image source, and a subclass of URL', async () => {
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg" width="4" height="5"></svg>'], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(svg);
    const img = new Image();
    await new Promise<void>((resolve) => {
      img.onload = () => resolve();
      img.src = url;
    });
    URL.revokeObjectURL(url);
    class MyURL extends URL {}
    const sub = MyURL.createObjectURL(new Blob(['s']));
    const inherited = MyURL.createObjectURL === URL.createObjectURL;
    URL.revokeObjectURL(sub);
    return {
      size: [img.naturalWidth, img.naturalHeight],
      inherited,
      subShape: sub.startsWith('blob:'),
      instance: new MyURL('https://x.test/') instanceof URL,
    };
  }),

  def('removal: removeChild, remove, replaceChild, replaceWith, replaceChildren return values and errors', (h) => {
    const host = document.getElementById('host')!;
    const make = (id: string) => Object.assign(document.createElement('span'), { id });
    const a = make('a');
    const b = make('b');
    const c = make('c');
    host.append(a, b, c);
    const removed = host.removeChild(a);
    const replaced = host.replaceChild(make('d'), b);
    const r1 = c.remove();
    const r2 = c.remove();
    const e = make('e');
    host.append(e);
    const r3 = e.replaceWith(make('f'), 'text');
    const r4 = host.replaceChildren(make('g'));
    return {
      identity: [removed === a, replaced === b],
      returns: [r1, r2, r3, r4].map(String),
      html: host.innerHTML,
      errors: [
        h.err(() => host.removeChild(document.createElement('i'))),
        h.err(() => host.removeChild(null as unknown as Node)),
        h.err(() => host.replaceChild(make('x'), document.body)),
        h.err(() => Node.prototype.removeChild.call({} as Node, a)),
        h.err(() => Element.prototype.remove.call({} as Element)),
        h.err(() => host.replaceChildren(document.documentElement)),
        h.err(() => (host.removeChild as unknown as () => Node)()),
      ],
    };
  }),

  def('removal: removing many nodes in a loop and re-inserting them keeps order and identity', () => {
    const host = document.getElementById('host')!;
    const nodes = Array.from({ length: 300 }, (_, i) => Object.assign(document.createElement('b'), { textContent: String(i) }));
    host.append(...nodes);
    for (const n of nodes) if (Number(n.textContent) % 2 === 0) n.remove();
    const odd = host.children.length;
    for (const n of [...host.children]) host.removeChild(n);
    host.append(...nodes.slice(0, 3));
    return { odd, after: host.textContent, identical: host.firstElementChild === nodes[0] };
  }),
];
