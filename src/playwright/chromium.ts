/**
 * playwright-core's `chromium`, loaded with `require`. playwright-core is CommonJS: an ESM `import` of it (what the
 * compiled `.mjs` files would do) makes Node analyse the CommonJS module for its export names first, which cost
 * about 0.3 s of every `leakscope run` here (medians of 640 against 960 ms for the load alone). Resolved from this
 * module, so it is the project's own playwright-core, as an `import` would find it.
 */
import { createRequire } from 'node:module';
import type { BrowserType } from 'playwright-core';

export const chromium: BrowserType = (createRequire(import.meta.url)('playwright-core') as { chromium: BrowserType }).chromium;
