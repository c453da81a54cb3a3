/**
 * The every-route fixture tests, shared by the two ways of instrumenting (one spec file each: a worker option such as
 * `leakscopeExtension` can only be set for a whole file or project). A leaky route fails `toHaveNoLeaks` with each
 * seeded kind at the demo's `// LEAK:` line; its fixed twin passes.
 */
import { test, expect } from 'leakscope/playwright';
import { visit } from '../../demo/driver.ts';
import { DEMO_ROUTES, findSeeded, SEEDED } from '../../demo/scenario.ts';
import { useDemoServer } from './demo-server.ts';
import { PLAIN_CHROMIUM } from './launch.ts';

export function defineRouteTests(extension: boolean): void {
  test.use({ launchOptions: PLAIN_CHROMIUM });
  const demo = useDemoServer(test);
  test.describe(extension ? 'leakscope/playwright, extension loaded' : 'leakscope/playwright, init script', () => {
    for (const route of DEMO_ROUTES) {
      for (const fixed of [false, true]) {
        test(`${route}, ${fixed ? 'fixed: passes' : 'leaky: fails with each seeded leak at its line'}`, async ({ page, leaks }) => {
          // Which instrumentation runs: the extension's service worker is there only in extension mode.
          expect(
            page
              .context()
              .serviceWorkers()
              .some((w) => w.url().startsWith('chrome-extension://')),
          ).toBe(extension);
          await page.goto(fixed ? `${demo.url}?fixed=1` : demo.url);
          const result = await leaks.cycle(
            async () => {
              await visit(page, route);
              await visit(page, 'home');
            },
            { iterations: 3 },
          );
          if (fixed) {
            await expect(result).toHaveNoLeaks();
            return;
          }
          await expect(expect(result).toHaveNoLeaks()).rejects.toThrow(/leak/);
          expect(SEEDED[route].length).toBeGreaterThan(0);
          for (const found of findSeeded(result.report, route)) {
            expect(found.matched, `${found.seeded.kind} at ${found.marker.path}:${found.marker.line}, found at ${found.at ?? 'nowhere'}`).toBe(true);
          }
        });
      }
    }
  });
}
