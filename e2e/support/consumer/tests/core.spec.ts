// The core entry (`leakscope`) from a user's TypeScript: snapshots saved as files, read back and diffed.
import { readFile, writeFile } from 'node:fs/promises';
import { analyzePair, parseSnapshot, renderText } from 'leakscope';
import { expect, test } from 'leakscope/playwright';

test('ts: snapshot files read back and diffed with the core entry', async ({ page, leaks }, testInfo) => {
  await page.goto('/');
  const before = testInfo.outputPath('before.json');
  await writeFile(before, JSON.stringify(await leaks.snapshot('before')));
  // Into the leaky route, which adds a resize and a keydown listener that stay after leaving it.
  await page.locator('nav a[data-route="listeners"]').click();
  await page.locator('[data-view="listeners"]').waitFor();
  await page.locator('nav a[data-route="home"]').click();
  await page.locator('[data-view="home"]').waitFor();
  const after = testInfo.outputPath('after.json');
  await writeFile(after, JSON.stringify(await leaks.snapshot('after')));

  const [a, b] = await Promise.all([before, after].map(async (f) => parseSnapshot(await readFile(f, 'utf8'), f)));
  const report = analyzePair(a!, b!);
  expect(report.schema).toBe('leakscope/report@1');
  expect(report.leaks.map((l) => l.kind)).toContain('listener');
  expect(renderText(report)).toContain('"resize" listener on window');
});
