import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeElement, detachedRootSignature, makeSignature, normalizeTargetForSignature, normalizeUrlForSignature } from './signature.ts';

const stack = [
  { functionName: 'mount', url: 'https://app.test/src/widget.js?t=1712345', line: 12, column: 7 },
  { functionName: '', url: 'https://app.test/src/app.js#x', line: 40, column: 3 },
  { functionName: 'render', url: 'https://app.test/src/react.js', line: 1, column: 100 },
  { functionName: 'deep', url: 'https://app.test/src/deep.js', line: 9, column: 9 },
];

describe('makeSignature', () => {
  it('is kind|type|target|top three frames', () => {
    expect(makeSignature({ kind: 'listener', type: 'resize', target: 'window', stack })).toBe(
      'listener|resize|window|mount@https://app.test/src/widget.js:12:7 < (anonymous)@https://app.test/src/app.js:40:3 < render@https://app.test/src/react.js:1:100',
    );
  });

  it('is the same across reloads: cache-busting queries and ids in targets do not matter', () => {
    const reloaded = stack.map((f) => ({ ...f, url: f.url.replace('1712345', '1799999') }));
    expect(makeSignature({ kind: 'listener', type: 'click', target: 'div#row-41', stack })).toBe(
      makeSignature({ kind: 'listener', type: 'click', target: 'div#row-42', stack: reloaded }),
    );
  });

  it('differs by kind, type, target and frame position', () => {
    const base = { kind: 'listener' as const, type: 'resize', target: 'window', stack };
    const variants = [
      { ...base, kind: 'observer' as const },
      { ...base, type: 'scroll' },
      { ...base, target: 'document' },
      { ...base, stack: [{ ...stack[0]!, line: 13 }] },
    ];
    const all = new Set([base, ...variants].map((p) => makeSignature(p)));
    expect(all.size).toBe(5);
  });
});

describe('normalizers', () => {
  it('drops query and fragment from URLs and the random part of blob URLs', () => {
    expect(normalizeUrlForSignature('https://a.test/x.js?v=1#y')).toBe('https://a.test/x.js');
    expect(normalizeUrlForSignature('blob:https://a.test/6f1c0a7e-1d2b')).toBe('blob:https://a.test/*');
    expect(normalizeUrlForSignature('<anonymous>')).toBe('<anonymous>');
    expect(normalizeUrlForSignature('http://127.0.0.1:41795/app/main.js?v=2')).toBe('http://127.0.0.1/app/main.js');
    expect(normalizeUrlForSignature('http://localhost:5173')).toBe('http://localhost');
    expect(normalizeUrlForSignature('file:///C:/app/main.js')).toBe('file:///C:/app/main.js');
  });

  it('replaces digit runs in targets', () => {
    expect(normalizeTargetForSignature('li#item-12.row-3')).toBe('li#item-*.row-*');
  });

  it('describes elements like CSS selectors', () => {
    expect(describeElement({ tag: 'DIV', id: 'app', classes: ['card', '', 'open'] })).toBe('div#app.card.open');
    expect(describeElement({ tag: 'span' })).toBe('span');
  });

  it('gives detached roots a signature independent of class order', () => {
    const a = detachedRootSignature({ tag: 'div', id: 'm', classes: ['b', 'a'] });
    const b = detachedRootSignature({ tag: 'DIV', id: 'm', classes: ['a', 'b'] });
    expect(a).toBe(b);
    expect(a.startsWith('detached-dom|div|div#m.a.b|')).toBe(true);
  });
});

/** The URL normalization as written with the string methods, before it had to run among page scripts. */
function byMethods(url: string): string {
  if (url.startsWith('blob:')) {
    const slash = url.lastIndexOf('/');
    return slash > 'blob:'.length ? `${url.slice(0, slash)}/*` : 'blob:*';
  }
  const cut = url.search(/[?#]/);
  const bare = cut === -1 ? url : url.slice(0, cut);
  return bare.replace(/^(https?:\/\/[^/:]+):\d+(?=\/|$)/, '$1');
}

describe('signatures among page scripts', () => {
  it('normalize URLs as the string methods would', () => {
    const piece = fc.constantFrom(
      'http://',
      'https://',
      'blob:',
      'file:///',
      'a',
      'host',
      ':',
      '8080',
      '0',
      '/',
      '?',
      '#',
      '@',
      '[::1]',
      'x.js',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const url = parts.join('');
        expect(normalizeUrlForSignature(url)).toBe(byMethods(url));
      }),
      { numRuns: 2000 },
    );
  });

  it('are made without the built-ins a page may have replaced', () => {
    const parts = { kind: 'listener' as const, type: 'click', target: 'div#row-41', stack };
    const expected = makeSignature(parts);
    const blob = normalizeUrlForSignature('blob:https://a.test/6f1c');
    const port = normalizeUrlForSignature('http://127.0.0.1:41795/app/main.js?v=2');
    const spoiled: [object, PropertyKey][] = [
      ...['slice', 'map', 'join', 'push', 'concat', 'filter'].map((k): [object, PropertyKey] => [Array.prototype, k]),
      ...['slice', 'startsWith', 'search', 'replace', 'lastIndexOf', 'indexOf', 'substring', 'concat'].map((k): [object, PropertyKey] => [
        String.prototype,
        k,
      ]),
      [RegExp.prototype, 'exec'],
      [RegExp.prototype, Symbol.replace],
      [RegExp.prototype, Symbol.search],
    ];
    const saved = spoiled.map(([o, k]) => Object.getOwnPropertyDescriptor(o, k)!);
    const thrower = () => {
      throw new Error('the page broke it');
    };
    let got: string[];
    try {
      for (const [o, k] of spoiled) Object.defineProperty(o, k, { value: thrower, configurable: true, writable: true });
      got = [
        makeSignature(parts),
        normalizeUrlForSignature('blob:https://a.test/6f1c'),
        normalizeUrlForSignature('http://127.0.0.1:41795/app/main.js?v=2'),
      ];
    } finally {
      spoiled.forEach(([o, k], i) => Object.defineProperty(o, k, saved[i]!));
    }
    expect(got).toEqual([expected, blob, port]);
  });
});
