// Leak check of the demo's /observer route: `npx leakscope run demo/scenarios/observer.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('observer');
