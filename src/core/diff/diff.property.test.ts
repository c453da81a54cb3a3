import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GROUP_KINDS } from '../../shared/kinds.ts';
import { snapshot } from '../testing/builder.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { diffSnapshots } from './diff.ts';

/** A snapshot whose groups come from a small pool of signatures, so two snapshots overlap. */
const arbSnapshot: fc.Arbitrary<Snapshot> = fc
  .record({
    groups: fc.array(
      fc.record({
        kind: fc.constantFrom(...GROUP_KINDS),
        sig: fc.integer({ min: 0, max: 12 }),
        count: fc.integer({ min: 0, max: 5 }),
        bytes: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      }),
      { maxLength: 20 },
    ),
    roots: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 6 }),
    nodes: fc.integer({ min: 0, max: 5000 }),
  })
  .map(({ groups, roots, nodes }) => {
    const b = snapshot(0).counters({ nodes });
    for (const g of groups) b.group({ kind: g.kind, count: g.count, signature: `s${g.sig}`, ...(g.bytes !== undefined ? { bytes: g.bytes } : {}) });
    for (const id of roots) b.detached({ id });
    return b.build();
  });

const SWAP = { appeared: 'disappeared', disappeared: 'appeared', grew: 'shrank', shrank: 'grew' } as const;

describe('diffSnapshots properties', () => {
  it('the diff of a snapshot with itself is empty', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const d = diffSnapshots(s, s);
        expect(d.entries).toEqual([]);
        expect(d.counters.every((c) => c.delta === 0)).toBe(true);
      }),
    );
  });

  it('A->B and B->A mirror each other', () => {
    fc.assert(
      fc.property(arbSnapshot, arbSnapshot, (a, b) => {
        const forward = diffSnapshots(a, b);
        const backward = diffSnapshots(b, a);
        expect(backward.entries.map((e) => [e.kind, e.signature, e.change, e.before, e.after, e.bytesBefore, e.bytesAfter])).toEqual(
          forward.entries.map((e) => [e.kind, e.signature, SWAP[e.change], e.after, e.before, e.bytesAfter, e.bytesBefore]),
        );
        expect(backward.summary).toEqual({
          appeared: forward.summary.disappeared,
          disappeared: forward.summary.appeared,
          grew: forward.summary.shrank,
          shrank: forward.summary.grew,
        });
        expect(backward.counters.map((c) => c.delta)).toEqual(forward.counters.map((c) => 0 - c.delta));
      }),
    );
  });

  it('is deterministic and sorted by kind, then signature', () => {
    fc.assert(
      fc.property(arbSnapshot, arbSnapshot, (a, b) => {
        const d = diffSnapshots(a, b);
        expect(diffSnapshots(a, b)).toEqual(d);
        const keys = d.entries.map((e) => `${e.kind}|${e.signature}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});
