import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callerLocation, cycleStepTitle, snapshotStepTitle } from './steps.ts';

describe('step titles', () => {
  it('say how many warm-ups and iterations a cycle runs', () => {
    expect(cycleStepTitle({})).toBe('leaks.cycle (1 warm-up + 5 iterations)');
    expect(cycleStepTitle({ iterations: 3, warmup: 0 })).toBe('leaks.cycle (0 warm-ups + 3 iterations)');
    expect(cycleStepTitle({ iterations: 8, warmup: 2 })).toBe('leaks.cycle (2 warm-ups + 8 iterations)');
  });

  it("name a snapshot's label", () => {
    expect(snapshotStepTitle()).toBe('leaks.snapshot');
    expect(snapshotStepTitle('before')).toBe('leaks.snapshot ("before")');
    expect(snapshotStepTitle('a "quoted"\nlabel')).toBe('leaks.snapshot ("a \\"quoted\\"\\nlabel")');
  });
});

describe('callerLocation', () => {
  it('is the line that called the function, in the caller', () => {
    const cycle = () => callerLocation(cycle);
    const here = new Error().stack!.split('\n')[1]!;
    const at = cycle(); // the call
    const line = Number(/:(\d+):\d+\)?$/.exec(here)![1]) + 1;
    expect(at).toMatchObject({ file: fileURLToPath(import.meta.url), line });
    expect(at!.column).toBeGreaterThan(0);
  });
});
