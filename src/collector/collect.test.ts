import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { GROUP_KINDS } from '../shared/kinds.ts';
import { LIMITS } from '../core/limits.ts';
import { GroupSchema, NavigationSchema } from '../core/snapshot/schema.ts';
import { parseSummary, READOUT_LIMITS, ReadoutProblems } from '../shared/readout.ts';
import {
  CollectError,
  extraTimeFor,
  FRAME_ALLOWANCE_MS,
  MANY_FRAMES,
  MAX_FRAME_ALLOWANCE_MS,
  mergeGroups,
  readoutImpairment,
  TimeLimit,
} from './collect.ts';

const frame = { functionName: 'mount', url: 'http://app.test/a.js', line: 3, column: 9 };
const group = {
  kind: 'listener',
  signature: 'listener|resize|window',
  type: 'resize',
  target: 'window',
  count: 2,
  epochs: [{ epoch: 0, count: 2 }],
  samples: [{ description: 'handler' }],
  stack: [frame],
};

/** Anything a page could return by value, biased towards near-misses of a real summary. */
const junk = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, '', 'x', -1, 0, 1.5, 1e12, 2 ** 60, 8.64e15, Number.MAX_VALUE, -0),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('kind', 'signature', 'count', 'bytes', 'epochs', 'stack', 'time', 'line', '__proto__'), tie('value')),
  ),
  group: fc.record(
    {
      kind: fc.oneof(fc.constantFrom(...GROUP_KINDS), tie('value')),
      signature: fc.oneof(fc.string({ maxLength: 20 }), tie('value')),
      type: fc.oneof(fc.string(), tie('value')),
      target: fc.oneof(fc.string(), tie('value')),
      count: fc.oneof(fc.nat(), fc.constant(LIMITS.maxCount), tie('value')),
      bytes: fc.oneof(fc.double({ min: 0, max: 2 ** 50 }), fc.constant(2 ** 50), tie('value')),
      epochs: fc.oneof(
        fc.array(fc.record({ epoch: fc.nat(), count: fc.oneof(fc.nat(), fc.constant(LIMITS.maxCount)) }), { maxLength: 3 }),
        tie('value'),
      ),
      samples: fc.oneof(
        fc.array(fc.record({ description: fc.string(), state: fc.oneof(fc.string(), tie('value')) }), { maxLength: 3 }),
        tie('value'),
      ),
      stack: fc.oneof(fc.array(fc.constant(frame), { maxLength: 3 }), tie('value')),
    },
    { requiredKeys: [] },
  ),
  navigation: fc.record({ epoch: fc.oneof(fc.nat(), tie('value')), url: fc.string(), type: fc.string(), time: fc.oneof(fc.double(), tie('value')) }),
}));

const summaryOf = (groups: unknown[], navigations: unknown[] = []) => ({
  url: 'http://app.test/',
  title: 'App',
  epoch: 0,
  navigations,
  groups,
  counts: {},
  health: { errors: 0, droppedStacks: 0, dropped: 0, droppedGroups: 0, tracked: 0, stacks: 0, patched: [] },
});

describe('the read-out, validated and merged', () => {
  it('holds limits no looser than the snapshot', () => {
    expect(READOUT_LIMITS.text).toBeLessThanOrEqual(LIMITS.maxText);
    expect(READOUT_LIMITS.url).toBeLessThanOrEqual(LIMITS.maxUrl);
    expect(READOUT_LIMITS.label).toBeLessThanOrEqual(LIMITS.maxLabel);
    expect(READOUT_LIMITS.signature).toBeLessThanOrEqual(LIMITS.maxSignature);
    expect(READOUT_LIMITS.count).toBeLessThanOrEqual(LIMITS.maxCount);
    expect(READOUT_LIMITS.bytes).toBeLessThanOrEqual(LIMITS.maxBytes);
    expect(READOUT_LIMITS.position).toBeLessThanOrEqual(LIMITS.maxPosition);
    expect(READOUT_LIMITS.stackFrames).toBeLessThanOrEqual(LIMITS.maxStackFrames);
    expect(READOUT_LIMITS.samples).toBeLessThanOrEqual(LIMITS.maxSamples);
    expect(READOUT_LIMITS.epochs).toBeLessThanOrEqual(LIMITS.maxEpochEntries);
    expect(READOUT_LIMITS.navigations).toBeLessThanOrEqual(LIMITS.maxNavigations);
  });

  it('always makes groups and navigations the snapshot schema accepts, whatever the page returned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.array(fc.oneof(junk.group, junk.value), { maxLength: 6 }), junk.value), { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(junk.navigation, junk.value), { maxLength: 4 }),
        (frames, navigations) => {
          const problems = new ReadoutProblems();
          const summaries = frames.flatMap(
            (groups, i) => parseSummary(summaryOf(groups as unknown[], navigations), `summaries[${i}]`, problems, GROUP_KINDS) ?? [],
          );
          const merged = mergeGroups(summaries);
          for (const g of merged) expect(GroupSchema.safeParse(g).error).toBeUndefined();
          for (const n of summaries[0]?.navigations ?? []) {
            expect(NavigationSchema.safeParse({ ...n, time: new Date(n.time).toISOString() }).error).toBeUndefined();
          }
          expect(problems.warning().length).toBeLessThan(LIMITS.maxText);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps merged sums within the snapshot limits', () => {
    const problems = new ReadoutProblems();
    const big = { ...group, count: LIMITS.maxCount, bytes: 2 ** 50, epochs: [{ epoch: 0, count: LIMITS.maxCount }] };
    const summaries = [0, 1, 2].map((i) => parseSummary(summaryOf([big]), `summaries[${i}]`, problems, GROUP_KINDS)!);
    const [merged] = mergeGroups(summaries);
    expect(problems.count).toBe(0);
    expect(merged).toMatchObject({ count: LIMITS.maxCount, bytes: LIMITS.maxBytes, epochs: [{ epoch: 0, count: LIMITS.maxCount }] });
    expect(GroupSchema.safeParse(merged).success).toBe(true);
  });
});

describe('the time a snapshot gets', () => {
  it('grows with the frames beyond MANY_FRAMES, up to its cap', () => {
    expect(extraTimeFor(1)).toBe(0);
    expect(extraTimeFor(MANY_FRAMES)).toBe(0);
    expect(extraTimeFor(MANY_FRAMES + 10)).toBe(10 * FRAME_ALLOWANCE_MS);
    expect(extraTimeFor(991)).toBe(941 * FRAME_ALLOWANCE_MS);
    expect(extraTimeFor(1e9)).toBe(MAX_FRAME_ALLOWANCE_MS);
  });

  it('a TimeLimit fails the work when it runs out, and an extension moves that point', async () => {
    vi.useFakeTimers();
    try {
      const never = new Promise<never>(() => undefined);
      const limit = new TimeLimit(1000, 'taking a snapshot');
      const raced = limit.race(never);
      let outcome: unknown;
      raced.catch((e: unknown) => (outcome = e));
      await vi.advanceTimersByTimeAsync(900);
      limit.extend(500);
      await vi.advanceTimersByTimeAsync(500);
      expect(outcome).toBeUndefined();
      await vi.advanceTimersByTimeAsync(100);
      expect(outcome).toBeInstanceOf(CollectError);
      expect((outcome as Error).message).toBe(
        'taking a snapshot did not finish within 1500 ms: the page may be busy (a long task or an endless loop)',
      );
      const quick = new TimeLimit(1000, 'x');
      await expect(quick.race(Promise.resolve(7))).resolves.toBe(7);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('read-outs that could not be read in full', () => {
  it('make the snapshot impaired (a report without leaks is then unreliable, not clean); none read wrong, none said', () => {
    const clean = new ReadoutProblems();
    expect(readoutImpairment(clean)).toBeUndefined();
    const problems = new ReadoutProblems();
    parseSummary({ groups: 'not groups' }, 'summaries[0]', problems, GROUP_KINDS);
    expect(problems.count).toBeGreaterThan(0);
    expect(readoutImpairment(problems)).toMatch(/^part of the page's read-out could not be read, so counts may be missing \(\d+ problems?\)$/);
  });
});
