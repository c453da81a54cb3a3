// Leak check of the demo's /listeners route: `npx leakscope run demo/scenarios/listeners.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('listeners');
