import { describe, expect, it } from 'vitest';
import { toLong } from './timers.ts';

describe('toLong (a timeout or timer id as WebIDL long reads it, without running page code)', () => {
  it.each([
    [1500, 1500],
    [1500.9, 1500],
    [-1, -1],
    [2 ** 32 + 5, 5],
    [2 ** 31, -(2 ** 31)],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
    ['1000', 1000],
    [' 20 ', 20],
    ['abc', 0],
    ['', 0],
    [true, 1],
    [false, 0],
    [null, 0],
    [undefined, 0],
  ])('%o -> %o', (value, long) => {
    expect(toLong(value)).toBe(long);
  });

  it('leaves objects to the native (their valueOf is page code that must run once), and symbols and bigints to its TypeError', () => {
    let ran = 0;
    const object = {
      valueOf() {
        ran++;
        return 2000;
      },
    };
    expect(toLong(object)).toBeUndefined();
    expect(toLong(() => 1)).toBeUndefined();
    expect(toLong(Symbol('id'))).toBeUndefined();
    expect(toLong(10n)).toBeUndefined();
    expect(ran).toBe(0);
  });
});
