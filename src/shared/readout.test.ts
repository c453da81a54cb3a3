import { describe, expect, it } from 'vitest';
import { describeValue, parseAttribution, parseSummary, READOUT_LIMITS, ReadoutProblems, type ReadoutSummary } from './readout.ts';

const KINDS = ['listener', 'timer'] as const;

const frame = { functionName: 'mount', url: 'http://app.test/a.js', line: 3, column: 9 };
const group = {
  kind: 'listener',
  signature: 'listener|resize|window|a.js:3',
  type: 'resize',
  target: 'window',
  count: 2,
  epochs: [{ epoch: 0, count: 2 }],
  samples: [{ description: 'handler onResize on window', state: 'attached' }],
  stack: [frame],
};
const summary: ReadoutSummary = {
  url: 'http://app.test/',
  title: 'App',
  epoch: 1,
  navigations: [{ epoch: 0, url: 'http://app.test/', type: 'load', time: 1_700_000_000_000 }],
  groups: [group],
  counts: { listener: 2, timer: 0 },
  health: {
    errors: 0,
    droppedStacks: 0,
    dropped: 0,
    droppedGroups: 0,
    tracked: 2,
    stacks: 1,
    patched: ['EventTarget.prototype.addEventListener'],
    impaired: [],
  },
};

function parse(raw: unknown) {
  const problems = new ReadoutProblems();
  return { summary: parseSummary(raw, 'summary', problems, KINDS), problems };
}

describe('parseSummary', () => {
  it('passes a well-formed summary through unchanged, as a fresh copy', () => {
    const input = structuredClone(summary);
    const { summary: out, problems } = parse(input);
    expect(out).toEqual(summary);
    expect(out).not.toBe(input);
    expect(out!.groups[0]).not.toBe(input.groups[0]);
    expect(problems.count).toBe(0);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'summary'],
    ['an array', [summary]],
  ])('rejects %s as a whole, with a problem', (_name, raw) => {
    const { summary: out, problems } = parse(raw);
    expect(out).toBeUndefined();
    expect(problems.count).toBe(1);
    expect(problems.warning()).toContain(`summary was ${describeValue(raw)} (expected a summary)`);
  });

  it('drops a malformed group and keeps the others', () => {
    const { summary: out, problems } = parse({ ...summary, groups: [{ ...group, count: 'many' }, group, { ...group, kind: 'virus' }, 7] });
    expect(out!.groups).toEqual([group]);
    expect(problems.count).toBe(3);
    const warning = problems.warning();
    expect(warning).toMatch(/^The page changed Leakscope's read-out: /);
    expect(warning).toContain('summary.groups[0].count was a string ("many") (expected a count)');
    expect(warning).toContain('summary.groups[2].kind was a string ("virus") (expected one of listener, timer)');
    expect(warning).toContain('summary.groups[3] was 7 (expected a group)');
    expect(warning).toContain('The page may have overwritten it');
  });

  it.each([
    ['a negative count', { count: -1 }],
    ['a fractional count', { count: 1.5 }],
    ['an absurd count', { count: 1e12 }],
    ['NaN', { count: Number.NaN }],
    ['an empty signature', { signature: '' }],
    ['a missing type', { type: undefined }],
    ['a target that is an object', { target: { toString: 'x' } }],
  ])('drops a group with %s', (_name, patch) => {
    const { summary: out, problems } = parse({ ...summary, groups: [{ ...group, ...patch }] });
    expect(out!.groups).toEqual([]);
    expect(problems.count).toBeGreaterThan(0);
  });

  it('treats a non-array where an array is expected as empty', () => {
    const { summary: out, problems } = parse({ ...summary, groups: 'lots', navigations: { length: 3 } });
    expect(out!.groups).toEqual([]);
    expect(out!.navigations).toEqual([]);
    expect(problems.warning()).toContain('summary.groups was a string ("lots") (expected an array)');
    expect(problems.warning()).toContain('summary.navigations was an object (expected an array)');
  });

  it('drops navigations whose time no ISO date can hold, and keeps the rest', () => {
    const nav = summary.navigations[0]!;
    const bad = [Number.NaN, -1, 8.64e15 + 1, READOUT_LIMITS.time + 1, Infinity, '2026-01-01', 'not a date'];
    const { summary: out, problems } = parse({ ...summary, navigations: [...bad.map((time) => ({ ...nav, time })), nav] });
    expect(out!.navigations).toEqual([nav]);
    expect(problems.count).toBe(bad.length);
    // Whatever passes is a time that a snapshot can write.
    for (const n of out!.navigations) expect(new Date(n.time).toISOString()).toMatch(/^\d{4}-/);
    expect(new Date(READOUT_LIMITS.time).toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('reads at most the limit of a huge array, saying so', () => {
    const many = Array.from({ length: READOUT_LIMITS.stackFrames + 5 }, () => frame);
    const { summary: out, problems } = parse({ ...summary, groups: [{ ...group, stack: many }] });
    expect(out!.groups[0]!.stack).toHaveLength(READOUT_LIMITS.stackFrames);
    expect(problems.warning()).toContain(`summary.groups[0].stack had ${many.length} entries (at most ${READOUT_LIMITS.stackFrames} are read)`);
    const navs = Array.from({ length: READOUT_LIMITS.navigations + 2 }, (_, epoch) => ({ ...summary.navigations[0]!, epoch }));
    const kept = parse({ ...summary, navigations: navs }).summary!.navigations;
    expect(kept).toHaveLength(READOUT_LIMITS.navigations);
    expect(kept[0]!.epoch).toBe(2); // the latest are kept
  });

  it('cuts over-long strings instead of dropping them', () => {
    const { summary: out, problems } = parse({ ...summary, title: 't'.repeat(READOUT_LIMITS.text + 10) });
    expect(out!.title).toHaveLength(READOUT_LIMITS.text);
    expect(problems.count).toBe(0);
  });

  it('falls back field by field in the summary itself', () => {
    const { summary: out, problems } = parse({ ...summary, title: 5, epoch: -3, health: null, counts: 'x' });
    expect(out).toMatchObject({ title: '', epoch: 0, counts: {}, health: { errors: 0, tracked: 0, patched: [] } });
    expect(out!.groups).toEqual([group]);
    expect(problems.count).toBe(4);
  });

  it('ignores inherited fields and drops unknown ones', () => {
    const inherited: Record<string, unknown> = Object.assign(Object.create({ count: 2 }) as object, { ...group, count: undefined });
    delete inherited.count;
    const { summary: out } = parse({ ...summary, groups: [inherited, { ...group, html: '<img onerror=alert(1)>' }] });
    expect(out!.groups).toEqual([group]);
  });

  it('keeps a __proto__ key of the counts as data', () => {
    const counts = JSON.parse('{"__proto__": 3, "listener": 1}') as Record<string, number>;
    const out = parse({ ...summary, counts }).summary!;
    expect(Object.getPrototypeOf(out.counts)).toBe(Object.prototype);
    expect(Object.keys(out.counts)).toEqual(['__proto__', 'listener']);
  });

  it('describes only the first problems and counts the rest', () => {
    const { problems } = parse({ ...summary, groups: Array.from({ length: 10 }, () => ({ ...group, count: -1 })) });
    expect(problems.count).toBe(10);
    expect(problems.warning()).toContain(', and 7 more problems.');
    expect(problems.warning().length).toBeLessThan(1000);
  });
});

describe('parseAttribution', () => {
  it('keeps valid listeners and observers, drops the rest', () => {
    const problems = new ReadoutProblems();
    const out = parseAttribution(
      { listeners: [{ type: 'click', target: 'div', stack: [frame] }, { type: 1 }], observers: 'none', removedBy: [frame, { line: 'x' }] },
      'attribution',
      problems,
    );
    expect(out).toEqual({ listeners: [{ type: 'click', target: 'div', stack: [frame] }], observers: [], removedBy: [frame] });
    expect(problems.count).toBeGreaterThanOrEqual(3);
  });
});

describe('describeValue', () => {
  it.each([
    [null, 'null'],
    [undefined, 'missing'],
    [[1, 2], 'an array of 2'],
    [{}, 'an object'],
    ['x'.repeat(50), `a string ("${'x'.repeat(40)}…")`],
    [Number.NaN, 'NaN'],
    [true, 'true'],
  ])('%s is %s', (value, words) => {
    expect(describeValue(value)).toBe(words);
  });
});
