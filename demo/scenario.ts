/**
 * The demo's leak-check scenarios (demo/scenarios/*.ts) are all the same shape: start at home, visit one route,
 * go back home. Which app they check comes from `LEAKSCOPE_DEMO_URL` (default: `npm run demo`'s address), so the
 * same file checks the leaky app and, with `?fixed=1` in the URL, the fixed one:
 *
 *   npm run demo &
 *   npx leakscope run demo/scenarios/listeners.ts                                             # exit 1: leaks
 *   LEAKSCOPE_DEMO_URL='http://127.0.0.1:4173/?fixed=1' npx leakscope run demo/scenarios/listeners.ts  # exit 0
 */
import type { ResourceKind } from '../src/shared/kinds.ts';
import type { Leak, Report } from '../src/core/index.ts';
import { leakStack, userFrame } from '../src/playwright/frames.ts';
import type { Scenario } from '../src/playwright/scenario.ts';
import { visit, type DemoRoute } from './driver.ts';
import { leakMarker, type LeakMarker } from './markers.ts';

/** Where the demo app runs: `LEAKSCOPE_DEMO_URL`, else `npm run demo`'s default. */
export function demoUrl(): string {
  return process.env.LEAKSCOPE_DEMO_URL ?? 'http://127.0.0.1:4173/';
}

/** Visit `route`, go back home: what the route leaves behind grows with every cycle. */
export function demoScenario(route: Exclude<DemoRoute, 'home'>): Scenario {
  return {
    url: demoUrl,
    action: (page) => visit(page, route),
    back: (page) => visit(page, 'home'),
  };
}

/** A leak the demo seeds on purpose: its kind and the `// LEAK:<marker>` line (demo/markers.ts) that makes it. */
export interface SeededLeak {
  kind: ResourceKind;
  marker: string;
  /**
   * `line`: the leak's headline frame must be the marker's line. `file`: the marker's file only. Detached DOM has no
   * creation stack: Leakscope reports the line that removed the nodes from the document, while the marker sits on
   * the line that keeps them (an array push); a heap snapshot (`--retainers`) names the array, not the line.
   */
  match: 'line' | 'file';
}

/** What each demo route leaks, by kind and marker. */
export const SEEDED: Record<Exclude<DemoRoute, 'home'>, SeededLeak[]> = {
  listeners: [
    { kind: 'listener', marker: 'listeners-window', match: 'line' },
    { kind: 'listener', marker: 'listeners-document', match: 'line' },
  ],
  detached: [{ kind: 'detached-dom', marker: 'detached', match: 'file' }],
  socket: [{ kind: 'websocket', marker: 'socket', match: 'line' }],
  worker: [{ kind: 'worker', marker: 'worker', match: 'line' }],
  channel: [{ kind: 'message-port', marker: 'channel', match: 'line' }],
  images: [
    { kind: 'image', marker: 'image-cache', match: 'line' },
    { kind: 'object-url', marker: 'object-url', match: 'line' },
  ],
  observer: [{ kind: 'observer', marker: 'observer', match: 'line' }],
  timer: [{ kind: 'timer', marker: 'timer', match: 'line' }],
};

export const DEMO_ROUTES = Object.keys(SEEDED) as Array<keyof typeof SEEDED>;

/** A seeded leak as a report shows it: the leak, and the headline frame's path (no origin) and line. */
export interface FoundLeak {
  seeded: SeededLeak;
  marker: LeakMarker;
  leak?: Leak;
  /** e.g. `/app/routes/listeners.js:10`. */
  at?: string;
  matched: boolean;
}

/** Finds each of `route`'s seeded leaks in `report`. */
export function findSeeded(report: Report, route: keyof typeof SEEDED): FoundLeak[] {
  return SEEDED[route].map((seeded) => {
    const marker = leakMarker(seeded.marker);
    const located = report.leaks
      .filter((l) => l.kind === seeded.kind)
      .map((leak) => {
        const frame = userFrame(leakStack(leak));
        const path = frame ? new URL(frame.url).pathname : undefined;
        return { leak, frame, path };
      });
    const hit = located.find(({ path, frame }) => path === marker.path && (seeded.match === 'file' || frame?.line === marker.line));
    const shown = hit ?? located[0];
    return {
      seeded,
      marker,
      ...(shown ? { leak: shown.leak } : {}),
      ...(shown?.frame ? { at: `${shown.path}:${shown.frame.line}` } : {}),
      matched: hit !== undefined,
    };
  });
}
