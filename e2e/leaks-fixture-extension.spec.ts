/**
 * `leakscope/playwright` on every demo route, leaky and fixed, with the built extension loaded instead of the init
 * script: `test.use({ leakscopeExtension: true })`, as a user sets it for a file or a project.
 */
import { test } from 'leakscope/playwright';
import { defineRouteTests } from './support/fixture-routes.ts';

test.use({ leakscopeExtension: true });
defineRouteTests(true);
