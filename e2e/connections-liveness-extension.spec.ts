/**
 * Connections the browser closes are no leak, with the built extension loaded instead of the init script:
 * `test.use({ leakscopeExtension: true })`, as a user sets it for a file or a project.
 */
import { test } from 'leakscope/playwright';
import { defineLivenessTests } from './support/connections-liveness.ts';

test.use({ leakscopeExtension: true });
defineLivenessTests(true);
