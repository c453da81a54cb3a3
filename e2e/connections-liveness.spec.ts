/** Connections the browser closes are no leak, with the page script added as an init script (see the support file). */
import { defineLivenessTests } from './support/connections-liveness.ts';

defineLivenessTests(false);
