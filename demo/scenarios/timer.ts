// Leak check of the demo's /timer route: `npx leakscope run demo/scenarios/timer.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('timer');
