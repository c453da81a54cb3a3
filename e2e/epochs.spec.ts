/** Navigation epochs: every navigation a page lives through moves the epoch, and resources remember theirs. */
import { launchWithExtension } from '../src/playwright/browser.ts';
import { readSummary } from '../src/playwright/readout.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

test('pushState, replaceState, back and hash changes each start an epoch, logged in order', async ({ fixturePage }) => {
  const page = await fixturePage('blank.html');
  await page.evaluate(() => {
    history.pushState({}, '', '/a');
    history.pushState({}, '', '/a'); // same URL: not a navigation
    history.replaceState({}, '', '/b');
    addEventListener('resize', function inB() {});
  });
  await page.goBack(); // popstate back to the second /a entry (the first push made an entry too)
  await page.evaluate(() => {
    location.hash = '#section';
  });
  await expect.poll(async () => (await readSummary(page))!.epoch).toBe(4);
  const summary = (await readSummary(page))!;
  expect(summary.navigations.map((n) => [n.epoch, n.type, n.url])).toEqual([
    [0, 'load', `${FIXTURE_ORIGIN}/blank.html`],
    [1, 'push', `${FIXTURE_ORIGIN}/a`],
    [2, 'replace', `${FIXTURE_ORIGIN}/b`],
    [3, 'pop', `${FIXTURE_ORIGIN}/a`],
    [4, 'hash', `${FIXTURE_ORIGIN}/a#section`],
  ]);
  // The listener remembers the epoch it was created in.
  const resize = summary.groups.find((g) => g.type === 'resize');
  expect(resize?.epochs).toEqual([{ epoch: 2, count: 1 }]);
});

test('negative twin: a page that never navigates stays in epoch 0 with only its load logged', async ({ fixturePage }) => {
  const page = await fixturePage('blank.html');
  await page.evaluate(() => {
    history.replaceState({ same: true }, ''); // same URL
    addEventListener('resize', () => {});
  });
  const summary = (await readSummary(page))!;
  expect(summary.epoch).toBe(0);
  expect(summary.navigations.map((n) => n.type)).toEqual(['load']);
});

test('a full reload starts again at epoch 0, typed as a reload', async ({ fixturePage }) => {
  const page = await fixturePage('blank.html');
  await page.evaluate(() => history.pushState({}, '', '/blank.html?moved'));
  await page.reload();
  const summary = (await readSummary(page))!;
  expect(summary.epoch).toBe(0);
  expect(summary.navigations).toEqual([expect.objectContaining({ epoch: 0, type: 'reload' })]);
});

test('a page restored from the back/forward cache starts an epoch', async () => {
  // The shared browser runs with the back/forward cache off (Playwright's default); this one keeps it on.
  const ext = await launchWithExtension({ backForwardCache: true });
  try {
    const page = await ext.context.newPage();
    await page.route(`${FIXTURE_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<script>addEventListener("pageshow", (e) => (window.restored = e.persisted))</script>' }),
    );
    await page.goto(`${FIXTURE_ORIGIN}/first.html`);
    await page.goto(`${FIXTURE_ORIGIN}/second.html`);
    // A restored page fires no load event: wait for the commit, then for its pageshow.
    await page.goBack({ waitUntil: 'commit' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);
    const summary = (await readSummary(page))!;
    expect(summary.navigations.map((n) => [n.epoch, n.type, n.url])).toEqual([
      [0, 'load', `${FIXTURE_ORIGIN}/first.html`],
      [1, 'bfcache', `${FIXTURE_ORIGIN}/first.html`],
    ]);
  } finally {
    await ext.close();
  }
});
