// Leak check of the demo's /images route: `npx leakscope run demo/scenarios/images.ts` (see demo/scenario.ts).
import { demoScenario } from '../scenario.ts';

export default demoScenario('images');
