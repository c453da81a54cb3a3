/**
 * Navigation epochs: a counter that moves on every navigation the page lives through without reloading
 * (history.pushState / replaceState to a new URL, back/forward, fragment changes). A full load starts a new
 * realm, and with it epoch 0.
 */
import type { Natives } from './natives.ts';
import type { Patcher } from './patch.ts';

export interface Epochs {
  current(): number;
}

export function trackEpochs(realm: typeof globalThis, natives: Natives, patcher: Patcher, onChange: () => void): Epochs {
  const location = realm.location;
  let epoch = 0;
  let lastHref = location.href;
  const check = () => {
    // Several signals can announce one navigation (popstate and hashchange both fire for a fragment change).
    const href = location.href;
    if (href === lastHref) return;
    lastHref = href;
    epoch++;
    onChange();
  };
  for (const name of ['pushState', 'replaceState'] as const) {
    patcher.method<History['pushState']>(realm.History.prototype, name, (original) => ({
      [name](this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        check();
        return result;
      },
    })[name] as History['pushState']);
  }
  natives.addEventListener.call(realm, 'popstate', check, true);
  natives.addEventListener.call(realm, 'hashchange', check, true);
  return { current: () => epoch };
}
