/** Every conformance case, in the order they run. */
import { constructorCases } from './constructors.ts';
import { domCases } from './dom.ts';
import { handlerCases } from './handlers.ts';
import type { ConformanceCase } from './harness.ts';
import { listenerCases } from './listeners.ts';
import { nativeCases } from './natives.ts';
import { stackCases } from './stacks.ts';
import { timerCases } from './timers.ts';
import { workerCases } from './workers.ts';

export const CASES: readonly ConformanceCase[] = [
  ...listenerCases,
  ...handlerCases,
  ...constructorCases,
  ...nativeCases,
  ...timerCases,
  ...workerCases,
  ...domCases,
  ...stackCases,
];
