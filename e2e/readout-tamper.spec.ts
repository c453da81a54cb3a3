/**
 * A page that replaces Leakscope's read-out (it points `Symbol.for('leakscope')`, which the collector's read calls,
 * at a read-out of its own) with wrong types, an invalid date, non-arrays, a throwing getter, a throwing summary()
 * or a Proxy: every snapshot is still produced, valid, and carries a health warning saying the read-out was
 * malformed, which the report's notes repeat. The untouched page gets no such warning.
 */
import type { Page } from '@playwright/test';
import { analyzePair } from '../src/core/analysis/analyze.ts';
import { renderText } from '../src/core/render/text.ts';
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

const VARIANTS: [variant: string, says: RegExp, keepsGroups: boolean][] = [
  ['wrong-types', /summaries\[0\]\.epoch was -1 \(expected an epoch\); summaries\[0\]\.groups\[\d+\]\.signature was 7 \(expected a string\)/, true],
  ['invalid-date', /summaries\[0\]\.navigations\[0\]\.time was 100000000000000000000 \(expected a time/, true],
  ['not-an-array', /summaries\[0\]\.groups was a string \("lots"\) \(expected an array\)/, false],
  ['throwing-getter', /summaries\[0\] could not be read/, false],
  ['throws', /summaries\[0\]: calling summary\(\) threw/, false],
  ['proxy', /summaries\[0\]\.\w+ was missing/, false],
];

for (const [variant, says, keepsGroups] of VARIANTS) {
  test(`a read-out replaced by the page (${variant}): the snapshot is taken, with a health warning that the report repeats`, async ({
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
      expect(snapshot.health.warnings).toHaveLength(1);
      expect(snapshot.health.warnings[0]).toContain(MALFORMED);
      expect(snapshot.health.warnings[0]).toMatch(says);
      expect(snapshot.health.warnings[0]).toContain('The page may have overwritten it');
    }
    // What was right is kept: the three leaked listeners, where the groups themselves were not spoiled.
    expect(resizeListeners(after)).toBe(keepsGroups ? 3 : 0);
    // Chrome's own finding stands whatever the read-out says: the detached section the page keeps.
    expect(after.detached.filter((d) => d.tag === 'section')).toHaveLength(1);
    if (variant === 'wrong-types')
      expect(after.detached.find((d) => d.tag === 'section')!.attribution).toEqual({ listeners: [], observers: [], removedBy: [] });
    const report = analyzePair(before, after);
    // Once per distinct warning (the two snapshots' may name different group indexes).
    expect(report.notes.filter((n) => n.includes(MALFORMED)).length).toBeGreaterThan(0);
    expect(renderText(report)).toContain(MALFORMED);
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
