/**
 * Navigation epochs: a counter that moves on every navigation the page lives through without reloading, and a
 * bounded log of them. A full load starts a new realm, and with it epoch 0 (type "load", or "reload" /
 * "back_forward" as the Navigation Timing entry says). Same-document navigations: `history.pushState` /
 * `replaceState` to a new URL, `popstate`, `hashchange`; a page restored from the back/forward cache
 * (`pageshow` with `persisted`) also starts an epoch, since its timers and sockets resume.
 */
import { append, apply, copyOf, DateNow, getOwnPropertyDescriptor, indexOf, sliceOf } from './intrinsics.ts';
import type { Natives } from './natives.ts';
import type { Patcher } from './patch.ts';

export type NavigationType = 'load' | 'reload' | 'back_forward' | 'push' | 'replace' | 'pop' | 'hash' | 'bfcache';

export interface NavigationEntry {
  epoch: number;
  url: string;
  type: NavigationType;
  /** Milliseconds since the epoch (Date.now()). */
  time: number;
}

export interface Epochs {
  current(): number;
  log(): readonly NavigationEntry[];
}

export const MAX_LOG = 1000;
export const MAX_URL = 4096;

/** The epoch counter and its log, apart from the browser: the tracker below tells it where the page went. */
export interface EpochLog extends Epochs {
  /** A navigation signal of `type` with the page now at `href`: a new epoch when the URL changed. */
  moved(type: NavigationType, href: string): void;
  /** Restored from the back/forward cache at `href`: always a new epoch (timers and sockets resume). */
  restored(href: string): void;
}

/**
 * @param href the URL the realm was loaded at, logged as epoch 0 with `loadType`.
 * @param now milliseconds since the epoch, for the log's times.
 * @example
 * const log = createEpochLog('https://app.test/', 'load', Date.now, () => undefined);
 * log.moved('push', 'https://app.test/settings'); // log.current() === 1
 */
export function createEpochLog(href: string, loadType: NavigationType, now: () => number, onChange: () => void): EpochLog {
  const entries: NavigationEntry[] = [];
  let epoch = 0;
  let lastHref = href;

  const record = (type: NavigationType) => {
    append(entries, { epoch, url: sliceOf(lastHref, 0, MAX_URL), type, time: now() });
    // Keep the first (the load) and the most recent ones.
    if (entries.length > MAX_LOG) {
      const kept = copyOf(entries, entries.length - MAX_LOG + 1);
      entries.length = 1;
      for (let i = 0; i < kept.length; i++) append(entries, kept[i]!);
    }
    onChange();
  };
  record(loadType);

  return {
    current: () => epoch,
    log: () => entries,
    moved(type, href) {
      // Several signals can announce one navigation (popstate and hashchange both fire for a fragment change).
      if (href === lastHref) return;
      // A fragment navigation fires popstate before hashchange: name it by what changed.
      const hashOnly = type === 'pop' && beforeHash(href) === beforeHash(lastHref);
      lastHref = href;
      epoch++;
      record(hashOnly ? 'hash' : type);
    },
    restored(href) {
      epoch++;
      lastHref = href;
      record('bfcache');
    },
  };
}

/** The URL without its fragment. */
function beforeHash(href: string): string {
  const at = indexOf(href, '#');
  return at === -1 ? href : sliceOf(href, 0, at);
}

export function trackEpochs(realm: typeof globalThis, natives: Natives, patcher: Patcher, onChange: () => void): Epochs {
  const location = realm.location;
  let loadType: NavigationType = 'load';
  try {
    const nav = realm.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav?.type === 'reload' || nav?.type === 'back_forward') loadType = nav.type;
  } catch {
    // No Navigation Timing (opaque documents): a plain load.
  }
  const log = createEpochLog(location.href, loadType, DateNow, onChange);
  const moved = (type: NavigationType) => log.moved(type, location.href);

  // Our bookkeeping only, after the native: the navigation itself has happened (or thrown, natively).
  patcher.after<History['pushState']>(realm.History.prototype, 'pushState', () => moved('push'));
  patcher.after<History['replaceState']>(realm.History.prototype, 'replaceState', () => moved('replace'));
  apply(natives.addEventListener, realm, ['popstate', () => moved('pop'), true]);
  apply(natives.addEventListener, realm, ['hashchange', () => moved('hash'), true]);
  const persisted = getOwnPropertyDescriptor(realm.PageTransitionEvent.prototype, 'persisted')?.get;
  apply(natives.addEventListener, realm, [
    'pageshow',
    (event: Event) => {
      if (!persisted || apply(persisted, event, []) !== true) return;
      log.restored(location.href);
    },
    true,
  ]);
  return { current: log.current, log: log.log };
}
