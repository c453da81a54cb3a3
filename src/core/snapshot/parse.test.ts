import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { snapshot } from '../testing/builder.ts';
import { parseSnapshot, validateSnapshot } from './parse.ts';

const valid = () => JSON.parse(JSON.stringify(snapshot().group({ type: 'resize', count: 2 }).detached().build())) as Record<string, unknown>;

function errorOf(text: string): InvalidInputError {
  try {
    parseSnapshot(text, 'in.json');
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected parseSnapshot to throw');
}

describe('parseSnapshot', () => {
  it('parses what the builder writes', () => {
    const s = valid();
    expect(parseSnapshot(JSON.stringify(s), 'in.json')).toEqual(s);
  });

  it('ignores unknown fields at the top and inside, and drops them', () => {
    const s = valid();
    const text = JSON.stringify({ ...s, futureField: { x: 1 }, meta: { ...(s.meta as object), extra: true } });
    const parsed = parseSnapshot(text, 'in.json');
    expect(parsed).not.toHaveProperty('futureField');
    expect(parsed.meta).not.toHaveProperty('extra');
  });

  it('accepts a byte-order mark', () => {
    expect(parseSnapshot(`\ufeff${JSON.stringify(valid())}`, 'in.json').schema).toBe('leakscope/snapshot@1');
  });

  it('names the file and the JSON path of a mistyped field', () => {
    const s = valid();
    (s.groups as Array<Record<string, unknown>>)[0]!.count = '2';
    const err = errorOf(JSON.stringify(s));
    expect(err.message).toBe('in.json: $.groups[0].count: expected a number, got "2"');
    expect(err.jsonPath).toBe('$.groups[0].count');
    expect(err.exitCode).toBe(2);
  });

  it('says when a field is missing', () => {
    const s = valid();
    delete (s.counters as Record<string, unknown>).documents;
    expect(errorOf(JSON.stringify(s)).message).toBe('in.json: $.counters.documents: missing (expected a number)');
  });

  it('counts the other problems', () => {
    const s = valid();
    delete (s.counters as Record<string, unknown>).documents;
    delete (s.counters as Record<string, unknown>).frames;
    expect(errorOf(JSON.stringify(s)).message).toMatch(/\(and 1 more problem\)$/);
  });

  it('refuses negative, fractional and absurd numbers', () => {
    for (const [value, expected] of [
      [-1, /too small: must be at least 0, got -1/],
      [1.5, /expected an integer, got 1.5/],
      [1e300, /too large/],
    ] as const) {
      const s = valid();
      (s.groups as Array<Record<string, unknown>>)[0]!.count = value;
      expect(errorOf(JSON.stringify(s)).message).toMatch(expected);
    }
  });

  it('refuses oversized arrays and strings', () => {
    const s = valid();
    (s.groups as Array<Record<string, unknown>>)[0]!.samples = Array.from({ length: 11 }, () => ({ description: 'x' }));
    expect(errorOf(JSON.stringify(s)).message).toMatch(/\$\.groups\[0\]\.samples: too many items: at most 10 allowed, got 11/);
    const t = valid();
    (t.meta as Record<string, unknown>).title = 'x'.repeat(10_000);
    expect(errorOf(JSON.stringify(t)).message).toMatch(/\$\.meta\.title: too long/);
  });

  it('tells a wrong schema version, a report, and a foreign JSON apart', () => {
    expect(errorOf(JSON.stringify({ ...valid(), schema: 'leakscope/snapshot@2' })).message).toBe(
      'in.json: $.schema: unsupported version "leakscope/snapshot@2"; this Leakscope reads "leakscope/snapshot@1"',
    );
    expect(errorOf(JSON.stringify({ schema: 'leakscope/report@1' })).message).toMatch(/this is a Leakscope report, expected a snapshot/);
    expect(errorOf(JSON.stringify({ name: 'package' })).message).toMatch(/\$\.schema: missing; expected "leakscope\/snapshot@1"/);
    expect(errorOf('[1,2]').message).toMatch(/^in\.json: \$: expected a Leakscope snapshot .* got an array of 2 items$/);
  });

  it('gives one-line JSON errors without echoing the input', () => {
    expect(errorOf('').message).toBe('in.json: the file is empty');
    expect(errorOf('{"schema":').message).toMatch(/truncated/);
    const garbage = errorOf('\u0000\u001b[31m\u00ff binary');
    // eslint-disable-next-line no-control-regex -- matches control characters on purpose
    expect(garbage.message).not.toMatch(/[\u0000-\u001f]/);
    expect(errorOf('{\n  "a": 1,\n}').message).toMatch(/line 3, column 1/);
  });

  it('lets __proto__, constructor and prototype keys do nothing', () => {
    const s = valid();
    const text = JSON.stringify(s).replace(
      '{"schema"',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1,"schema"',
    );
    const parsed = parseSnapshot(text, 'in.json');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).not.toContain('__proto__');
    expect(parsed).toEqual(s);
  });
});

describe('validateSnapshot', () => {
  it('validates an already-parsed value', () => {
    expect(() => validateSnapshot({ schema: 'leakscope/snapshot@1' }, 'collector')).toThrow(/^collector: \$\.meta: missing/);
  });
});
