/**
 * Driving the demo app from Playwright the way a user would: clicking its navigation links. Shared by the e2e
 * tests and `npm start`.
 */
import type { Page } from 'playwright-core';

/** The demo's routes, by their `data-route` / `data-view` name. */
export type DemoRoute = 'home' | 'listeners' | 'detached' | 'socket' | 'worker' | 'channel' | 'images' | 'observer' | 'timer';

/** Clicks the nav link of `route` and waits until its view is shown. */
export async function visit(page: Page, route: DemoRoute): Promise<void> {
  await page.locator(`nav a[data-route="${route}"]`).click();
  await page.locator(`[data-view="${route}"]`).waitFor({ state: 'visible' });
}

/** One cycle: into `route`, then back home (which unmounts it). */
export async function cycle(page: Page, route: DemoRoute): Promise<void> {
  await visit(page, route);
  await visit(page, 'home');
}
