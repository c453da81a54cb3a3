/**
 * The natives our own code uses, taken before we patch anything and before any page script can replace them.
 * Every module of the instrumentation calls these, never the realm's current (patched, or page-replaced) ones,
 * so that our own listeners and timers are neither counted nor intercepted.
 */
export interface Natives {
  addEventListener: EventTarget['addEventListener'];
  removeEventListener: EventTarget['removeEventListener'];
  /**
   * Runs `fn` after about `ms` without taking a timer id: the page's timer ids must stay exactly as without us
   * (pages and tests rely on consecutive ids). `scheduler.postTask` where the browser has it, else setTimeout.
   * `'background'` (the default) may wait behind the page's work; `'user-visible'` runs as the page's timers do.
   */
  later: (fn: () => void, ms: number, priority?: 'background' | 'user-visible') => void;
  /** `Function.prototype.toString`, unpatched. */
  functionToString: (this: Function) => string;
  /** Runs `fn` at the end of the current job (the microtask checkpoint), as the page's own microtasks run. */
  atEndOfJob: (fn: () => void) => void;
}

import { apply, getOwnPropertyDescriptor } from './intrinsics.ts';

export function captureNatives(realm: typeof globalThis): Natives {
  const proto = realm.EventTarget.prototype;
  const setTimeout = realm.setTimeout;
  const scheduler = (
    realm as unknown as { scheduler?: { postTask?: (fn: () => void, options: { delay: number; priority: string }) => Promise<unknown> } }
  ).scheduler;
  const postTask = scheduler?.postTask;
  const queueMicrotask = realm.queueMicrotask;
  const then = getOwnPropertyDescriptor(realm.Promise.prototype, 'then')?.value as Promise<unknown>['then'];
  const resolved = realm.Promise.resolve();
  // Called through the Reflect.apply taken at install: `.call` and `.catch` are the page's to replace.
  const ignore = () => undefined;
  return {
    atEndOfJob: typeof queueMicrotask === 'function' ? (fn) => apply(queueMicrotask, realm, [fn]) : (fn) => void apply(then, resolved, [fn]),
    addEventListener: proto.addEventListener,
    removeEventListener: proto.removeEventListener,
    functionToString: realm.Function.prototype.toString,
    later: postTask
      ? (fn, ms, priority = 'background') => {
          // Our task never rejects; the catch keeps an aborted task (page unloading) from being reported as unhandled.
          void apply(then, apply(postTask, scheduler, [fn, { delay: ms, priority }]), [undefined, ignore]);
        }
      : (fn, ms) => void apply(setTimeout, realm, [fn, ms]),
  };
}
