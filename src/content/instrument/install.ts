import { Bridge } from '../../shared/bridge.ts';
import { PageToRelay, PROTOCOL_VERSION, REGISTRY_SYMBOL_KEY } from '../../shared/protocol.ts';
import { openRelayWall } from './channel.ts';
import type { InstrumentContext } from './context.ts';
import { createDescriber } from './describe.ts';
import { trackEpochs } from './epochs.ts';
import { createHealth } from './health.ts';
import { trackListeners } from './listeners.ts';
import { trackObservers } from './observers.ts';
import { trackTimers } from './timers.ts';
import { captureNatives } from './natives.ts';
import { trackConnections } from './connections.ts';
import { trackImages } from './images.ts';
import { createPatcher, type Masks } from './patch.ts';
import type { LeakscopeReadout } from '../../shared/readout.ts';
import { attribute, summarize } from './readout.ts';
import { createRegistry } from './registry.ts';
import { trackRemovals } from './removals.ts';
import { createStacks, ownScriptUrl } from './stacks.ts';

export type { LeakscopeReadout };

/** Where a realm's read-out keeps its toString masks, for related realms to share (see patch.ts). */
const MASKS = Symbol.for('leakscope.masks'); // registered: each realm evaluates its own copy of this script

/**
 * The masks of an already instrumented same-origin realm related to this one (parent, opener), so that each
 * realm's `Function.prototype.toString` also disguises the other realms' wrappers.
 */
function relatedMasks(realm: typeof globalThis, key: symbol): Masks | undefined {
  for (const read of [() => realm.parent, () => realm.opener as unknown, () => realm.top]) {
    try {
      const other = read() as Record<symbol, Record<symbol, Masks | undefined> | undefined> | null;
      if (other && other !== (realm as unknown)) {
        const masks = other[key]?.[MASKS];
        if (masks) return masks;
      }
    } catch {
      // Cross-origin: its masks are not ours to share.
    }
  }
  return undefined;
}

/** How often, at most, the live counters look for listeners whose target was collected. */
const PRUNE_INTERVAL_MS = 1000;

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
  const patcher = createPatcher(realm, () => health.errors++, relatedMasks(realm, key));
  const own = ownScriptUrl(realm);
  const stacks = createStacks(realm, health, own ? [own] : []);

  let reportPending = false;
  const report = () => {
    reportPending = false;
    bridge.send('stats', readout.stats());
  };
  const changed = () => {
    if (reportPending) return;
    reportPending = true;
    natives.later(report, REPORT_INTERVAL_MS);
  };

  let pruned: (removed: number) => void = () => undefined;
  const registry = createRegistry(realm, stacks, health, changed, (removed) => pruned(removed));
  const epochs = trackEpochs(realm, natives, patcher, changed);
  const ctx: InstrumentContext = { realm, natives, patcher, registry, stacks, epochs, health, describe: createDescriber(realm, natives) };
  // Trackers, one per kind of resource. Each patches what it needs and records into the registry.
  const listeners = trackListeners(ctx);
  pruned = listeners.compact;
  trackObservers(ctx);
  trackTimers(ctx);
  trackConnections(ctx);
  trackImages(ctx);
  const removals = trackRemovals(ctx);

  const tracked = registry.countsByKind();
  // Listeners count what the page added, which zone.js-style wrappers may have folded into fewer native ones.
  const counts = () => ({ ...tracked, listener: listeners.count() });
  const readout: LeakscopeReadout = {
    version: PROTOCOL_VERSION,
    stats: () => {
      // Listeners on collected targets leave here (at most once a second: this runs on every report).
      registry.prune(PRUNE_INTERVAL_MS);
      return {
        listeners: listeners.count(),
        connections: tracked.websocket,
        images: tracked.image,
        imageBytes: registry.bytesOf('image'),
        objectUrls: tracked['object-url'],
        observers: tracked.observer,
        timers: tracked.timer,
        epoch: epochs.current(),
        url: realm.location.href.slice(0, 4096),
        errors: health.errors,
      };
    },
    summary: () => {
      registry.prune(0);
      return summarize(ctx, counts());
    },
    attribution: (node) => attribute(ctx, { listenersOn: listeners.on, removedBy: removals.removedBy }, node),
  };
  Object.defineProperty(readout, MASKS, { value: patcher.masks, enumerable: false });
  Object.defineProperty(realm, key, { value: Object.freeze(readout), enumerable: false, configurable: false, writable: false });

  wall.onConnect(() => {
    bridge.send('hello', { version: PROTOCOL_VERSION, url: realm.location.href.slice(0, 4096) });
    report();
  });
  return readout;
}
