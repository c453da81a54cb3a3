// Leak check of the demo's /channel route: `npx leakscope run demo/scenarios/channel.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('channel');
