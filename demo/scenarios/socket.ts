// Leak check of the demo's /socket route: `npx leakscope run demo/scenarios/socket.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('socket');
