// Leak check of the demo's /worker route: `npx leakscope run demo/scenarios/worker.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('worker');
