import { PROTOCOL_VERSION, REGISTRY_FALLBACK_PROPERTY, REGISTRY_PROPERTY, REGISTRY_SYMBOL_KEY } from '../../shared/protocol.ts';
import { openRelayWall } from './channel.ts';
import type { InstrumentContext } from './context.ts';
import { createDescriber } from './describe.ts';
import { trackEpochs } from './epochs.ts';
import { createHealth, type Health } from './health.ts';
import { append, apply, defineProperty, freeze, getOwnPropertyDescriptor, jsonStringify, sliceOf, symbolFor } from './intrinsics.ts';
import { trackListeners } from './listeners.ts';
import { trackObservers } from './observers.ts';
import { trackTimers } from './timers.ts';
import { captureNatives, type Natives } from './natives.ts';
import { trackConnections } from './connections.ts';
import { trackImages } from './images.ts';
import { trackWorkers } from './workers.ts';
import { createPatcher, type Masks } from './patch.ts';
import type { LeakscopeReadout } from '../../shared/readout.ts';
import { attribute, summarize } from './readout.ts';
import { createRegistry } from './registry.ts';
import { trackRemovals } from './removals.ts';
import { createStacks, ownScriptUrl } from './stacks.ts';

export type { LeakscopeReadout };

/** Where a realm's read-out keeps its toString masks, for related realms to share (see patch.ts). */
const MASKS = symbolFor('leakscope.masks'); // registered: each realm evaluates its own copy of this script

/**
 * The masks of an already instrumented same-origin realm related to this one (parent, opener), so that each
 * realm's `Function.prototype.toString` also disguises the other realms' wrappers.
 */
function relatedMasks(realm: typeof globalThis, key: symbol): Masks | undefined {
  const reads = [() => realm.parent, () => realm.opener as unknown, () => realm.top];
  for (let i = 0; i < reads.length; i++) {
    try {
      const other = reads[i]!() as Record<symbol, Record<symbol, Masks | undefined> | undefined> | null;
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
 * Whether `value` is the read-out of a Leakscope registry that is at work in this realm (the script was injected
 * twice): a listener added through the realm's current addEventListener shows in its count. A read-out the page
 * made up (planted before we ran, as a parent frame can on a frame's window) does not pass.
 */
function isWorkingReadout(realm: typeof globalThis, value: unknown, { addEventListener, removeEventListener }: Natives): value is LeakscopeReadout {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const readout = value as LeakscopeReadout;
    const probe = new realm.EventTarget();
    const listener = () => undefined;
    const before = readout.stats().listeners;
    apply(addEventListener, probe, ['leakscope-probe', listener]);
    const after = readout.stats().listeners;
    apply(removeEventListener, probe, ['leakscope-probe', listener]);
    return typeof before === 'number' && after === before + 1;
  } catch {
    return false;
  }
}

/**
 * Puts the read-out on the realm under `key`, replacing one the page planted where it can. Returns false when the
 * page's is there to stay (non-configurable and read-only).
 */
function publish(realm: typeof globalThis, key: PropertyKey, readout: LeakscopeReadout, health: Health): boolean {
  const planted = getOwnPropertyDescriptor(realm, key);
  if (planted) {
    const reason = 'the page put a Leakscope read-out of its own on this frame before Leakscope ran';
    if (health.impaired.length === 0) append(health.impaired, reason);
    if (!planted.configurable && !planted.writable) return false;
  }
  try {
    defineProperty(realm, key, { value: freeze(readout), enumerable: false, configurable: false, writable: false });
    return true;
  } catch {
    // Configurable but not redefinable (a Proxy-backed global): the page's stays.
    return false;
  }
}

/**
 * Installs Leakscope into a realm once; a second call (the script injected twice) returns the working read-out.
 * Nothing the page planted before us is trusted: a read-out that does not count a probe listener is not ours.
 * @returns the read-out API.
 */
export function installInstrumentation(realm: typeof globalThis): LeakscopeReadout {
  const key = symbolFor(REGISTRY_SYMBOL_KEY);
  const natives = captureNatives(realm);
  const existing = (getOwnPropertyDescriptor(realm, REGISTRY_PROPERTY) ?? getOwnPropertyDescriptor(realm, key))?.value as unknown;
  if (existing !== undefined && isWorkingReadout(realm, existing, natives)) return existing;

  const health = createHealth();
  const wall = openRelayWall(realm, natives);
  const send = (type: 'hello' | 'stats', payload: unknown) => wall.send({ v: PROTOCOL_VERSION, type, payload });
  const patcher = createPatcher(realm, () => health.errors++, relatedMasks(realm, key));
  const own = ownScriptUrl(realm);
  const stacks = createStacks(realm, health, own ? [own] : []);

  let reportPending = false;
  const report = () => {
    reportPending = false;
    send('stats', readout.stats());
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
  trackWorkers(ctx);
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
        workers: tracked.worker,
        channels: tracked['message-port'],
        images: tracked.image,
        imageBytes: registry.bytesOf('image'),
        objectUrls: tracked['object-url'],
        observers: tracked.observer,
        timers: tracked.timer,
        epoch: epochs.current(),
        url: sliceOf(realm.location.href, 0, 4096),
        errors: health.errors,
      };
    },
    summary: () => {
      registry.prune(0);
      return summarize(ctx, counts());
    },
    // As JSON text made by the JSON.stringify taken at install: the collector bounds its size without calling
    // the page's (possibly replaced) JSON.
    summaryJson: () => jsonStringify(readout.summary()),
    attribution: (node) => attribute(ctx, { listenersOn: listeners.on, removedBy: removals.removedBy }, node),
  };
  defineProperty(readout, MASKS, { value: patcher.masks, enumerable: false });
  // The plain property is what the collector reads; the symbol, what older readers and the tests read. The
  // fallback name (read first) is claimed too, so that no page script can put a read-out of its own there later.
  publish(realm, REGISTRY_PROPERTY, readout, health);
  publish(realm, REGISTRY_FALLBACK_PROPERTY, readout, health);
  publish(realm, key, readout, health);

  wall.onConnect(() => {
    send('hello', { version: PROTOCOL_VERSION, url: sliceOf(realm.location.href, 0, 4096) });
    report();
  });
  return readout;
}
