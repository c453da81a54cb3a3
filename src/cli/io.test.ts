import { describe, expect, it } from 'vitest';
import { wantsColor, type CliIo } from './io.ts';

function io(tty: boolean, env: Record<string, string>): CliIo {
  return { stdout: { write: () => undefined, isTTY: tty }, stderr: { write: () => undefined }, env, cwd: '/' };
}

// [what, stdout is a terminal, environment, colours]
const CASES: Array<[string, boolean, Record<string, string>, boolean]> = [
  ['a terminal', true, {}, true],
  ['a pipe', false, {}, false],
  ['NO_COLOR=1 on a terminal', true, { NO_COLOR: '1' }, false],
  ['NO_COLOR=0 on a terminal (any non-empty value counts)', true, { NO_COLOR: '0' }, false],
  ['NO_COLOR=false on a terminal (any non-empty value counts)', true, { NO_COLOR: 'false' }, false],
  ['an empty NO_COLOR on a terminal (does nothing)', true, { NO_COLOR: '' }, true],
  ['an empty NO_COLOR on a pipe (does nothing)', false, { NO_COLOR: '' }, false],
  ['FORCE_COLOR=1 on a pipe', false, { FORCE_COLOR: '1' }, true],
  ['FORCE_COLOR=3 on a pipe', false, { FORCE_COLOR: '3' }, true],
  ['FORCE_COLOR=true on a pipe', false, { FORCE_COLOR: 'true' }, true],
  ['FORCE_COLOR=1 on a terminal', true, { FORCE_COLOR: '1' }, true],
  ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, false],
  ['FORCE_COLOR=false on a terminal', true, { FORCE_COLOR: 'false' }, false],
  ['FORCE_COLOR=FALSE on a terminal', true, { FORCE_COLOR: 'FALSE' }, false],
  ['FORCE_COLOR=0 on a pipe', false, { FORCE_COLOR: '0' }, false],
  ['an empty FORCE_COLOR on a terminal (does nothing)', true, { FORCE_COLOR: '' }, true],
  ['an empty FORCE_COLOR on a pipe (does nothing)', false, { FORCE_COLOR: '' }, false],
  ['an empty FORCE_COLOR with NO_COLOR=1 on a terminal', true, { FORCE_COLOR: '', NO_COLOR: '1' }, false],
  ['FORCE_COLOR=1 wins over NO_COLOR=1 (as in Node.js)', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ['FORCE_COLOR=0 with an empty NO_COLOR on a terminal', true, { FORCE_COLOR: '0', NO_COLOR: '' }, false],
];

describe('wantsColor', () => {
  for (const [what, tty, env, colours] of CASES) {
    it(`${what}: ${colours ? 'colours' : 'no colours'}`, () => {
      expect(wantsColor(io(tty, env))).toBe(colours);
    });
  }
});
