import { describe, expect, it } from 'vitest';
import { parseFrame } from './stacks.ts';

describe('parseFrame', () => {
  it.each([
    ['    at mount (https://app.test/src/widget.js:12:7)', { functionName: 'mount', url: 'https://app.test/src/widget.js', line: 12, column: 7 }],
    ['    at https://app.test/main.js:3:1', { functionName: '', url: 'https://app.test/main.js', line: 3, column: 1 }],
    ['    at new Widget (https://app.test/w.js:5:9)', { functionName: 'new Widget', url: 'https://app.test/w.js', line: 5, column: 9 }],
    ['    at async loadAll (https://app.test/load.js:40:3)', { functionName: 'loadAll', url: 'https://app.test/load.js', line: 40, column: 3 }],
    ['    at Object.<anonymous> (http://127.0.0.1:4173/app/router.js:36:27)', { functionName: 'Object.<anonymous>', url: 'http://127.0.0.1:4173/app/router.js', line: 36, column: 27 }],
    ['    at <anonymous>:1:5', { functionName: '', url: '<anonymous>', line: 1, column: 5 }],
    ['    at Array.forEach (<anonymous>)', { functionName: 'Array.forEach', url: '<anonymous>', line: 0, column: 0 }],
  ])('%s', (line, frame) => {
    expect(parseFrame(line)).toEqual(frame);
  });

  it('returns undefined for what is not a frame', () => {
    expect(parseFrame('Error: boom')).toBeUndefined();
  });
});
