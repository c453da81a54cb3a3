import { runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createHealth } from './health.ts';
import { createStacks, MAX_CHECK_GAP, MAX_STACKS, OTHER_STACK, parseFrame, type Stacks } from './stacks.ts';

describe('parseFrame', () => {
  it.each([
    ['    at mount (https://app.test/src/widget.js:12:7)', { functionName: 'mount', url: 'https://app.test/src/widget.js', line: 12, column: 7 }],
    ['    at https://app.test/main.js:3:1', { functionName: '', url: 'https://app.test/main.js', line: 3, column: 1 }],
    ['    at new Widget (https://app.test/w.js:5:9)', { functionName: 'new Widget', url: 'https://app.test/w.js', line: 5, column: 9 }],
    ['    at async loadAll (https://app.test/load.js:40:3)', { functionName: 'loadAll', url: 'https://app.test/load.js', line: 40, column: 3 }],
    [
      '    at Object.<anonymous> (http://127.0.0.1:4173/app/router.js:36:27)',
      { functionName: 'Object.<anonymous>', url: 'http://127.0.0.1:4173/app/router.js', line: 36, column: 27 },
    ],
    ['    at <anonymous>:1:5', { functionName: '', url: '<anonymous>', line: 1, column: 5 }],
    ['    at Array.forEach (<anonymous>)', { functionName: 'Array.forEach', url: '<anonymous>', line: 0, column: 0 }],
  ])('%s', (line, frame) => {
    expect(parseFrame(line)).toEqual(frame);
  });

  it('returns undefined for what is not a frame', () => {
    expect(parseFrame('Error: boom')).toBeUndefined();
  });
});

describe('captureAt', () => {
  const make = () => createStacks(globalThis, createHealth(), []);
  // Our own frames are not stripped here (no own URL given): look for the caller anywhere in the stack.
  const names = (stacks: Stacks, id: number) =>
    stacks
      .frames(id)
      .map((f) => f.functionName)
      .join(' ');

  it('takes the real stack for calls of one site from different places', () => {
    const stacks = make();
    const fromA = () => stacks.captureAt('click li');
    const fromB = () => stacks.captureAt('click li');
    const a = fromA();
    const b = fromB();
    expect(a).not.toBe(b);
    expect(names(stacks, a)).toContain('fromA');
    expect(names(stacks, a)).not.toContain('fromB');
    expect(names(stacks, b)).toContain('fromB');
  });

  it('reuses the stack within a burst of alike calls and still checks it now and then', () => {
    const stacks = make();
    const ids = new Set<number>();
    const add = () => stacks.captureAt('click li');
    for (let i = 0; i < 5000; i++) ids.add(add());
    expect(ids.size).toBe(1);
    // Checked at calls 1, 2, 4, … then every MAX_CHECK_GAP: far fewer captures than calls, but some.
    expect(stacks.size()).toBe(1);
  });

  it('notices a new call site for the same site key at the next check', () => {
    const stacks = make();
    const first = () => stacks.captureAt('k');
    const second = () => stacks.captureAt('k');
    for (let i = 0; i < 3 * MAX_CHECK_GAP; i++) first();
    const seen = new Set<number>();
    for (let i = 0; i < MAX_CHECK_GAP + 1; i++) seen.add(second());
    // Within one check gap the new site's own stack is taken, and kept from then on.
    expect(seen.size).toBe(2);
    expect(names(stacks, second())).toContain('second');
  });
});

describe('a full stack table', () => {
  it('gives every further distinct stack the one counted "(other)" stack, and still finds the known ones', () => {
    const health = createHealth();
    const stacks = createStacks(globalThis, health, []);
    // A distinct call site each: a script of its own name, so that its frame differs from the others'.
    const site = (i: number) => (runInThisContext('(s) => () => s.capture()', { filename: `site${i}.js` }) as (s: Stacks) => () => number)(stacks);
    const sites = Array.from({ length: MAX_STACKS + 3 }, (_, i) => site(i));
    // Then site 0 again. Every call from this one line: the stacks differ in the site's frame only.
    const ids = [...sites, sites[0]!].map((f) => f());
    expect(new Set(ids.slice(0, MAX_STACKS)).size).toBe(MAX_STACKS);
    expect(ids.slice(0, MAX_STACKS)).not.toContain(OTHER_STACK);
    expect(ids.slice(MAX_STACKS, MAX_STACKS + 3)).toEqual([OTHER_STACK, OTHER_STACK, OTHER_STACK]);
    expect(health.droppedStacks).toBe(3);
    expect(stacks.frames(OTHER_STACK)).toEqual([{ functionName: '(other stacks: stack table full)', url: '(other)', line: 0, column: 0 }]);
    expect(stacks.size()).toBe(MAX_STACKS);
    // A known stack keeps its id.
    expect(ids[MAX_STACKS + 3]).toBe(ids[0]);
    expect(stacks.frames(ids[0]!).map((f) => f.url)).toContain('site0.js');
  });
});
