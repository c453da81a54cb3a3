/**
 * `leakscope/playwright` on every demo route, leaky and fixed, with the page script added as an init script (the
 * default). e2e/leaks-fixture-extension.spec.ts runs the same tests with the extension loaded.
 */
import { defineRouteTests } from './support/fixture-routes.ts';

defineRouteTests(false);
