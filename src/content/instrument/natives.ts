/**
 * The natives our own code uses, taken before we patch anything and before any page script can replace them.
 * Every module of the instrumentation calls these, never the realm's current (patched, or page-replaced) ones,
 * so that our own listeners and timers are neither counted nor intercepted.
 */
export interface Natives {
  addEventListener: EventTarget['addEventListener'];
  removeEventListener: EventTarget['removeEventListener'];
  setTimeout: (fn: () => void, ms: number) => unknown;
}

export function captureNatives(realm: typeof globalThis): Natives {
  const proto = realm.EventTarget.prototype;
  const setTimeout = realm.setTimeout;
  return {
    addEventListener: proto.addEventListener,
    removeEventListener: proto.removeEventListener,
    setTimeout: (fn, ms) => setTimeout.call(realm, fn, ms),
  };
}
