import { Bridge } from '../../shared/bridge.ts';
import { PageToRelay, PROTOCOL_VERSION, REGISTRY_SYMBOL_KEY, type PageStats } from '../../shared/protocol.ts';
import { openRelayWall } from './channel.ts';
import { trackEpochs } from './epochs.ts';
import { createHealth } from './health.ts';
import { trackListeners } from './listeners.ts';
import { captureNatives } from './natives.ts';
import { createPatcher } from './patch.ts';

/** What `window[Symbol.for('leakscope')]` holds: the read-out API the collector and tests use. */
export interface LeakscopeReadout {
  readonly version: number;
  /** Current live counters of this realm. */
  stats(): PageStats;
}

/** How often, at most, the page reports changed counters to the relay. */
const REPORT_INTERVAL_MS = 250;

/**
 * Installs Leakscope into a realm once; a second call (the script injected twice) does nothing.
 * @returns the read-out API.
 */
export function installInstrumentation(realm: typeof globalThis): LeakscopeReadout {
  const key = Symbol.for(REGISTRY_SYMBOL_KEY);
  const existing = (realm as unknown as Record<symbol, LeakscopeReadout | undefined>)[key];
  if (existing) return existing;

  const natives = captureNatives(realm);
  const health = createHealth();
  const wall = openRelayWall(realm, natives);
  const bridge = new Bridge(wall, PageToRelay, {});
  const patcher = createPatcher(realm);

  let reportPending = false;
  const report = () => {
    reportPending = false;
    bridge.send('stats', readout.stats());
  };
  const changed = () => {
    if (reportPending) return;
    reportPending = true;
    natives.setTimeout(report, REPORT_INTERVAL_MS);
  };

  const listeners = trackListeners(realm, natives, patcher, health, changed);
  const epochs = trackEpochs(realm, natives, patcher, changed);

  const readout: LeakscopeReadout = {
    version: PROTOCOL_VERSION,
    stats: () => ({ listeners: listeners.count(), epoch: epochs.current(), url: realm.location.href.slice(0, 4096), errors: health.errors }),
  };
  Object.defineProperty(realm, key, { value: Object.freeze(readout), enumerable: false, configurable: false, writable: false });

  wall.onConnect(() => {
    bridge.send('hello', { version: PROTOCOL_VERSION, url: realm.location.href.slice(0, 4096) });
    report();
  });
  return readout;
}
