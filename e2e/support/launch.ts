/** How the tests that launch a plain Chromium (no extension) launch it: the resolved browser, the project's flags. */
import { BASE_ARGS, resolveChromium } from '../../src/playwright/browser.ts';

export const PLAIN_CHROMIUM = { executablePath: resolveChromium({ requireExtensions: false }).executablePath, args: BASE_ARGS };
