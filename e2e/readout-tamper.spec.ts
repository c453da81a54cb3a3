/**
 * A page that points `Symbol.for('leakscope')` at a read-out of its own (wrong types, an invalid date, non-arrays,
 * a throwing getter, a throwing summary() or a Proxy): the collector no longer calls `Symbol.for` (it reads the
 * read-out under a plain, permanent property), so every snapshot is Leakscope's own, valid and without warning.
 * Read-outs that are malformed (a forgery a parent planted) are checked by the validator's unit tests.
 */
import type { Page } from '@playwright/test';
import { analyzePair } from '../src/core/analysis/analyze.ts';
import { validateSnapshot } from '../src/core/snapshot/parse.ts';
import type { Snapshot } from '../src/core/snapshot/schema.ts';
import { collect } from '../src/collector/collect.ts';
import { Connection } from '../src/collector/connection.ts';
import { playwrightCdp } from '../src/collector/playwright-cdp.ts';
import { expect, test } from './fixtures.ts';

const MALFORMED = "The page changed Leakscope's read-out";

/** Two snapshots around three clicks that each leak a resize listener. */
async function twoSnapshots(page: Page): Promise<[Snapshot, Snapshot]> {
  const cdp = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
  const before = await collect(cdp, { label: 'before', iteration: 0 });
  for (let i = 0; i < 3; i++) await page.click('#grow');
  const after = await collect(cdp, { label: 'after', iteration: 1 });
  return [before, after];
}

const resizeListeners = (s: Snapshot) => s.groups.filter((g) => g.kind === 'listener' && g.type === 'resize').reduce((n, g) => n + g.count, 0);

const VARIANTS = ['wrong-types', 'invalid-date', 'not-an-array', 'throwing-getter', 'throws', 'proxy'];

for (const variant of VARIANTS) {
  test(`a page that points Symbol.for('leakscope') at a read-out of its own (${variant}): the collector still reads Leakscope's, with no warning`, async ({
    fixturePage,
  }) => {
    const page = await fixturePage(`readout-tamper.html?tamper=${variant}`);
    expect(await page.evaluate(() => Symbol.for('leakscope') === Symbol.for('leakscope') && Symbol.for('leakscope').description)).toBe(
      'forged read-out',
    );
    const [before, after] = await twoSnapshots(page);
    for (const snapshot of [before, after]) {
      expect(() => validateSnapshot(structuredClone(snapshot), 'test')).not.toThrow();
      expect(snapshot.health.instrumented).toBe(true);
      expect(snapshot.health.warnings).toEqual([]);
    }
    // Leakscope's own read-out, found under its plain property: the three leaked listeners, none of the forgery.
    expect(resizeListeners(before)).toBe(0);
    expect(resizeListeners(after)).toBe(3);
    expect(after.detached.filter((d) => d.tag === 'section')).toHaveLength(1);
    expect(analyzePair(before, after).notes.join('\n')).not.toContain(MALFORMED);
  });
}

test('the untouched page: no read-out warning, and the leak is counted', async ({ fixturePage }) => {
  const page = await fixturePage('readout-tamper.html');
  const [before, after] = await twoSnapshots(page);
  for (const snapshot of [before, after]) {
    expect(snapshot.health.instrumented).toBe(true);
    expect(snapshot.health.warnings).toEqual([]);
  }
  expect(resizeListeners(before)).toBe(0);
  expect(resizeListeners(after)).toBe(3);
  expect(after.navigations.length).toBeGreaterThan(0);
  expect(analyzePair(before, after).notes.join('\n')).not.toContain(MALFORMED);
  const section = after.detached.find((d) => d.tag === 'section');
  expect(section?.attribution.listeners.map((l) => l.type)).toEqual(['keydown']);
});
