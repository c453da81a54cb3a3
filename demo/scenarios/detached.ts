// Leak check of the demo's /detached route: `npx leakscope run demo/scenarios/detached.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('detached');
