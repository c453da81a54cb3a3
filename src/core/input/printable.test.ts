import { describe, expect, it } from 'vitest';
import { printable, printableParts, shorten } from './printable.ts';

const HIDDEN = [
  ...'\u0000\u0007\u001b\u007f\u0085\u009b',
  ...'\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
  ...'\u200b\u200c\u200d\u2060\ufeff\u2028\u2029',
  '\ud800',
  '\udfff',
];

describe('printable', () => {
  it('escapes controls, bidi controls, zero-width characters and lone surrogates', () => {
    for (const c of HIDDEN) {
      const out = printable(`a${c}b`);
      expect(out).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    }
    expect(printable('evil\u202egnp.js')).toBe('evil\\u202egnp.js');
    expect(printable('a\nb\tc\rd')).toBe('a\\nb\\tc\\rd');
  });

  it('leaves printable text alone: ASCII, accents, CJK, right-to-left letters, surrogate pairs', () => {
    for (const s of ['plain ASCII ~!@#$%^&*()', 'café', '漢字', 'שלום', 'مرحبا', '😀 \ud83d\ude00', 'a\\u202eb']) expect(printable(s)).toBe(s);
  });

  it('a lone surrogate next to a pair is escaped, the pair is kept', () => {
    expect(printable('\ud800\ud83d\ude00\udc00')).toBe('\\ud800\ud83d\ude00\\udc00');
  });

  it('parts join to the printable string and mark each escape', () => {
    const s = 'x\u202ey\u200d\u200dz\ud800';
    const parts = printableParts(s);
    expect(parts.map((p) => p.text).join('')).toBe(printable(s));
    expect(parts).toEqual([
      { text: 'x' },
      { text: '\\u202e', escaped: 0x202e },
      { text: 'y' },
      { text: '\\u200d', escaped: 0x200d },
      { text: '\\u200d', escaped: 0x200d },
      { text: 'z' },
      { text: '\\ud800', escaped: 0xd800 },
    ]);
    expect(printableParts('plain')).toEqual([{ text: 'plain' }]);
    expect(printableParts('')).toEqual([{ text: '' }]);
    expect(printableParts('a\\u202eb')).toEqual([{ text: 'a\\u202eb' }]);
  });

  it('shorten cuts after escaping', () => {
    expect(shorten('\u202eabcdef', 8)).toBe('\\u202ea…');
  });
});
