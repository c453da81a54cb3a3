'use strict'; // The bundle is a classic script: without this, wrappers would see `window` for an undefined `this`.

/**
 * The MAIN-world entry: built as one synchronous, self-contained script (see vite.config.ts) so that it runs
 * before the page's first script. It patches the realm's natives, keeps a registry of live resources and
 * exposes a read-out on `window[Symbol.for('leakscope')]`. Also injected by the Playwright API as an init script.
 */
import { installInstrumentation } from './install.ts';
import { realmOfThisScript } from './intrinsics.ts';

installInstrumentation(realmOfThisScript);
