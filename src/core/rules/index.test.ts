import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countTrack, NO_CONTEXT } from '../testing/tracks.ts';
import { decideTrack, LEAK_RULES, type LeakRule } from './index.ts';

describe('LEAK_RULES', () => {
  it('lists every *.rule.ts file once, named after it', () => {
    const files = readdirSync(dirname(fileURLToPath(import.meta.url)))
      .filter((f) => f.endsWith('.rule.ts'))
      .map((f) => f.replace(/\.rule\.ts$/, ''))
      .sort();
    expect(LEAK_RULES.map((r) => r.name).sort()).toEqual(files);
  });

  it('puts the not-a-leak rules for known false alarms before the rules that call a leak', () => {
    const names = LEAK_RULES.map((r) => r.name);
    for (const clearing of ['no-significant-growth', 'collected-late', 'plateau', 'warm-up-only']) {
      expect(names.indexOf(clearing)).toBeLessThan(names.indexOf('grows-every-iteration'));
      expect(names.indexOf(clearing)).toBeLessThan(names.indexOf('grows-with-iterations'));
    }
  });
});

describe('decideTrack', () => {
  it('returns the first decision and the rule that made it', () => {
    expect(decideTrack(countTrack([0, 1, 2, 3]), NO_CONTEXT)).toEqual({
      leak: true,
      rule: 'grows-every-iteration',
      reason: 'grew on every iteration (+1, +1, +1)',
    });
    expect(decideTrack(countTrack([0, 2, 4, 6, 6, 6]), NO_CONTEXT).rule).toBe('plateau');
  });

  it('is not a leak when no rule decides', () => {
    const silent: LeakRule = { name: 'silent', summary: '', decide: () => undefined };
    expect(decideTrack(countTrack([0, 1, 2]), NO_CONTEXT, [silent])).toEqual({ leak: false, rule: 'none', reason: 'no rule found a leak' });
  });
});
