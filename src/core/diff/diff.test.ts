import { describe, expect, it } from 'vitest';
import { frame, snapshot } from '../testing/builder.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { diffSnapshots } from './diff.ts';
import { indexGroups } from './groups.ts';

const at = (fn: string) => [frame(fn, '/src/app.js', 10, 2)];

function pair(): [Snapshot, Snapshot] {
  const a = snapshot(0)
    .group({ type: 'resize', count: 1, stack: at('grows') })
    .group({ type: 'scroll', count: 3, stack: at('shrinks') })
    .group({ kind: 'timer', type: 'setInterval', count: 2, stack: at('goes') })
    .group({ kind: 'observer', type: 'ResizeObserver', count: 1, stack: at('stays') })
    .group({ kind: 'image', type: 'HTMLImageElement', count: 1, bytes: 100, stack: at('bytes') })
    .build();
  const b = snapshot(1)
    .group({ type: 'resize', count: 4, stack: at('grows') })
    .group({ type: 'scroll', count: 1, stack: at('shrinks') })
    .group({ kind: 'websocket', type: 'WebSocket', count: 1, stack: at('comes') })
    .group({ kind: 'observer', type: 'ResizeObserver', count: 1, stack: at('stays') })
    .group({ kind: 'image', type: 'HTMLImageElement', count: 1, bytes: 300, stack: at('bytes') })
    .detached({ id: 'modal' }, 2)
    .counters({ nodes: 1200 })
    .build();
  return [a, b];
}

describe('diffSnapshots', () => {
  it('reports what appeared, disappeared, grew and shrank, by signature', () => {
    const [a, b] = pair();
    const d = diffSnapshots(a, b);
    expect(d.entries.map((e) => [e.kind, e.type, e.change, e.before, e.after])).toEqual([
      ['listener', 'resize', 'grew', 1, 4],
      ['listener', 'scroll', 'shrank', 3, 1],
      ['detached-dom', 'div', 'appeared', 0, 2],
      ['websocket', 'WebSocket', 'appeared', 0, 1],
      ['image', 'HTMLImageElement', 'grew', 1, 1],
      ['timer', 'setInterval', 'disappeared', 2, 0],
    ]);
    expect(d.summary).toEqual({ appeared: 2, disappeared: 1, grew: 2, shrank: 1 });
    expect(d.entries.find((e) => e.kind === 'image')).toMatchObject({ bytesBefore: 100, bytesAfter: 300 });
    expect(d.entries[0]?.frame).toEqual(frame('grows', '/src/app.js', 10, 2));
    expect(d.counters.find((c) => c.name === 'nodes')).toEqual({ name: 'nodes', before: 1000, after: 1200, delta: 200 });
    expect(d.from.label).toBe('baseline');
    expect(d.to.label).toBe('iteration 1');
  });

  it('is empty for a snapshot against itself', () => {
    const [, b] = pair();
    const d = diffSnapshots(b, b);
    expect(d.entries).toEqual([]);
    expect(d.summary).toEqual({ appeared: 0, disappeared: 0, grew: 0, shrank: 0 });
  });

  it('mirrors when the sides are swapped', () => {
    const [a, b] = pair();
    const forward = diffSnapshots(a, b).entries;
    const backward = diffSnapshots(b, a).entries;
    const swap = { appeared: 'disappeared', disappeared: 'appeared', grew: 'shrank', shrank: 'grew' } as const;
    expect(backward.map((e) => [e.kind, e.signature, e.change, e.before, e.after])).toEqual(
      forward.map((e) => [e.kind, e.signature, swap[e.change], e.after, e.before]),
    );
  });

  it('does not depend on the order groups are listed in', () => {
    const [a, b] = pair();
    const shuffled: Snapshot = { ...b, groups: [...b.groups].reverse(), detached: [...b.detached].reverse() };
    expect(diffSnapshots(a, shuffled)).toEqual(diffSnapshots(a, b));
    expect(JSON.stringify(diffSnapshots(a, b))).toBe(JSON.stringify(diffSnapshots(a, b)));
  });

  it('matches groups by signature, not by position or sample', () => {
    const a = snapshot(0)
      .group({ type: 'resize', count: 1, samples: [{ description: 'first run' }] })
      .build();
    const b = snapshot(1)
      .group({ type: 'resize', count: 1, samples: [{ description: 'second run' }] })
      .build();
    expect(diffSnapshots(a, b).entries).toEqual([]);
  });
});

describe('indexGroups', () => {
  it('merges duplicate signatures into new objects and derives detached-dom groups from roots', () => {
    const s = snapshot(1)
      .group({ type: 'resize', count: 1, createdIn: { 1: 1 }, signature: 'same' })
      .group({ type: 'resize', count: 2, createdIn: { 1: 2 }, bytes: 10, signature: 'same' })
      .detached({ id: 'm', bytes: 50, createdIn: 1 }, 3)
      .build();
    const index = indexGroups(s);
    expect(index.size).toBe(2);
    expect(index.get('listener', 'same')).toMatchObject({ count: 3, bytes: 10, epochs: [{ epoch: 1, count: 3 }] });
    const detached = [...index.groups()].find((g) => g.kind === 'detached-dom');
    expect(detached).toMatchObject({ count: 3, bytes: 150, target: 'div#m.modal', epochs: [{ epoch: 1, count: 3 }] });
    expect(detached?.roots).toHaveLength(3);
    expect(s.groups.map((g) => g.count)).toEqual([1, 2]);
  });

  it('keeps unmerged groups as the snapshot objects themselves (no copies)', () => {
    const s = snapshot().group({ count: 1 }).build();
    expect([...indexGroups(s).groups()][0]).toBe(s.groups[0]);
  });
});
