import { describe, expect, it } from 'vitest';
import { createHealth } from './health.ts';
import { createRegistry, MAX_GROUPS, type Resource } from './registry.ts';
import { createStacks } from './stacks.ts';

function setup() {
  const health = createHealth();
  let changes = 0;
  const pruned: number[] = [];
  const registry = createRegistry(
    globalThis,
    createStacks(globalThis, health, []),
    health,
    () => changes++,
    (removed) => pruned.push(removed),
  );
  return { registry, health, changes: () => changes, pruned };
}

describe('groups', () => {
  it('overflow into one "(other)" group per kind past the limit', () => {
    const { registry } = setup();
    for (let i = 0; i < MAX_GROUPS; i++) registry.group('listener', `t${String.fromCharCode(97 + (i % 26))}`, 'x', i);
    const over = registry.group('listener', 'new-type', 'new-target', 0);
    expect(over).toMatchObject({ type: '(other)', target: '(other)', kind: 'listener' });
    expect(registry.group('listener', 'another', 'one', 0)).toBe(over);
    // Groups made before the limit are still found.
    expect(registry.group('listener', 'ta', 'x', 0).type).toBe('ta');
  });
  it('past the limit, any number of new groups join the overflow group of their kind, counted in health', () => {
    const { registry, health } = setup();
    for (let i = 0; i < MAX_GROUPS; i++) registry.group('listener', 'click', 'x', i);
    expect(health.droppedGroups).toBe(0);
    const listenerOther = registry.group('listener', 'click', 'x', MAX_GROUPS);
    const timerOther = registry.group('timer', 'setTimeout', 'in 5 ms', 1);
    expect(timerOther).not.toBe(listenerOther);
    expect(timerOther).toMatchObject({ kind: 'timer', type: '(other)', target: '(other)', stack: 0 });
    const started = performance.now();
    for (let i = 1; i <= 100_000; i++) expect(registry.group('listener', 'click', 'x', MAX_GROUPS + i) === listenerOther).toBe(true);
    // A sanity bound, not a timing: a lookup that scanned the table would take minutes here.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(health.droppedGroups).toBe(100_002);
    // Resources in the overflow group are still counted.
    registry.track({ group: listenerOther, epoch: 0 });
    registry.track({ group: registry.group('listener', 'keydown', 'y', 7), epoch: 0 });
    expect(listenerOther.live).toBe(2);
    expect(registry.countsByKind().listener).toBe(2);
  });
  it('are interned: the same kind, type, target and stack give the same group', () => {
    const { registry } = setup();
    const a = registry.group('listener', 'click', 'li.row', 3);
    expect(registry.group('listener', 'click', 'li.row', 3)).toBe(a);
    expect(registry.group('listener', 'click', 'li.row', 4)).not.toBe(a);
    expect(registry.group('listener', 'keydown', 'li.row', 3)).not.toBe(a);
    expect(registry.group('timer', 'click', 'li.row', 3)).not.toBe(a);
    expect(a).toMatchObject({ kind: 'listener', type: 'click', target: 'li.row', stack: 3, live: 0 });
  });

  it('group targets that differ only in numbers, keeping the first target seen', () => {
    const { registry } = setup();
    const first = registry.group('image', 'HTMLImageElement', 'https://cdn.test/img/41.png', 1);
    expect(registry.group('image', 'HTMLImageElement', 'https://cdn.test/img/42.png', 1)).toBe(first);
    expect(registry.group('listener', 'click', 'li#row-7', 1)).toBe(registry.group('listener', 'click', 'li#row-1234', 1));
    expect(first.target).toBe('https://cdn.test/img/41.png');
    expect(registry.group('image', 'HTMLImageElement', 'https://cdn.test/img/a.png', 1)).not.toBe(first);
  });
});

describe('tracking', () => {
  const resource = (
    registry: ReturnType<typeof setup>['registry'],
    extra: Partial<Resource> = {},
    kind: 'listener' | 'image' = 'listener',
  ): Resource => ({
    group: registry.group(kind, 'click', 'button', 0),
    epoch: 0,
    ...extra,
  });

  it('counts live resources per group and kind, and tells about each change', () => {
    const { registry, changes } = setup();
    const a = resource(registry);
    const b = resource(registry);
    expect(registry.track(a)).toBe(true);
    expect(registry.track(b)).toBe(true);
    expect(a.group.live).toBe(2);
    expect(registry.countsByKind().listener).toBe(2);
    expect(changes()).toBe(2);
    registry.untrack(a);
    expect(registry.isTracked(a)).toBe(false);
    expect(registry.isTracked(b)).toBe(true);
    expect(a.group.live).toBe(1);
    expect(registry.countsByKind().listener).toBe(1);
    const left: unknown[] = [];
    registry.resources().forEach((r) => left.push(r));
    expect(left).toEqual([b]);
    expect(changes()).toBe(3);
  });

  it('tracking twice or untracking twice changes nothing', () => {
    const { registry, changes } = setup();
    const a = resource(registry);
    registry.track(a);
    expect(registry.track(a)).toBe(true);
    registry.untrack(a);
    registry.untrack(a);
    registry.untrack(resource(registry));
    expect(a.group.live).toBe(0);
    expect(registry.countsByKind().listener).toBe(0);
    expect(changes()).toBe(2);
  });

  it('prunes resources whose object is gone, at most once per interval, and reports how many', () => {
    const { registry, pruned } = setup();
    let alive = true;
    const dying = resource(registry, { alive: () => alive });
    const plain = resource(registry);
    registry.track(dying);
    registry.track(plain);
    registry.prune(0);
    expect(pruned).toEqual([]);
    alive = false;
    registry.prune(60_000); // the prune above was just now: too soon
    expect(registry.isTracked(dying)).toBe(true);
    registry.prune(0);
    expect(registry.isTracked(dying)).toBe(false);
    expect(registry.isTracked(plain)).toBe(true);
    expect(pruned).toEqual([1]);
  });

  it('sums the bytes of the sized resources of one kind, ignoring unknown and absurd sizes', () => {
    const { registry } = setup();
    const sizes = [100, undefined, -5, Number.MAX_SAFE_INTEGER, 20];
    for (const size of sizes) registry.track(resource(registry, { bytes: () => size }, 'image'));
    registry.track(resource(registry, { bytes: () => 1000 }, 'listener'));
    expect(registry.bytesOf('image')).toBe(120);
    expect(registry.bytesOf('listener')).toBe(1000);
    expect(registry.bytesOf('timer')).toBe(0);
  });

  it('stops counting the bytes of an untracked resource', () => {
    const { registry } = setup();
    const a = resource(registry, { bytes: () => 64 }, 'image');
    registry.track(a);
    registry.untrack(a);
    expect(registry.bytesOf('image')).toBe(0);
  });
});
