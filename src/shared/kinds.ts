/**
 * The resource kinds Leakscope tracks, named with exactly these words in snapshots, reports, the panel and the CLI.
 *
 * - `listener`: an event listener (`addEventListener`) still attached.
 * - `detached-dom`: a DOM subtree removed from the document but still referenced.
 * - `websocket`: an open connection: WebSocket, and also EventSource and BroadcastChannel (told apart by `type`).
 * - `worker`: a dedicated `Worker` not terminated, or a `SharedWorker` whose port is not closed (told apart by `type`).
 * - `message-port`: a `MessageChannel` whose ports were started (`start()`, `onmessage`) and not closed; one per channel.
 * - `image`: an image still held (Image objects, image caches).
 * - `object-url`: a `blob:` URL from `URL.createObjectURL` never revoked.
 * - `observer`: a Mutation/Resize/Intersection/PerformanceObserver still observing.
 * - `timer`: a `setInterval` / `setTimeout` / `requestAnimationFrame` still scheduled.
 * - `document`: a document kept alive after its frame or window went away.
 * - `heap`: JS heap growth that no other kind explains.
 *
 * The order is the order reports list kinds in. In src/shared because the page bundle names kinds too (it imports
 * only src/shared); the core re-exports these.
 *
 * @example
 * if ((RESOURCE_KINDS as readonly string[]).includes(name)) { ... }
 */
export const RESOURCE_KINDS = [
  'listener',
  'detached-dom',
  'websocket',
  'worker',
  'message-port',
  'image',
  'object-url',
  'observer',
  'timer',
  'document',
  'heap',
] as const;

/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * The kinds a snapshot's `groups` may hold. `detached-dom` comes from the snapshot's `detached` roots (which carry
 * their own attribution) and `heap` only from the counters, so neither appears as a group.
 *
 * @example
 * const kind: GroupKind = GROUP_KINDS[0]; // 'listener'
 */
export const GROUP_KINDS = ['listener', 'websocket', 'worker', 'message-port', 'image', 'object-url', 'observer', 'timer', 'document'] as const;

/** One of {@link GROUP_KINDS}. */
export type GroupKind = (typeof GROUP_KINDS)[number];

/**
 * The page-wide counters a snapshot carries (Chrome's `Performance.getMetrics` names, camel-cased).
 * Only `documents` and `jsHeapUsedSize` can lead to a verdict; the others are context.
 *
 * @example
 * for (const name of COUNTER_NAMES) console.log(name, snapshot.counters[name]);
 */
export const COUNTER_NAMES = ['nodes', 'jsEventListeners', 'documents', 'frames', 'jsHeapUsedSize', 'jsHeapTotalSize'] as const;

/** One of {@link COUNTER_NAMES}. */
export type CounterName = (typeof COUNTER_NAMES)[number];

/** Position of a kind in {@link RESOURCE_KINDS}, for sorting. */
export function kindOrder(kind: ResourceKind): number {
  return RESOURCE_KINDS.indexOf(kind);
}

/**
 * Whether `value` is one of {@link RESOURCE_KINDS}.
 *
 * @example
 * isResourceKind('listener'); // true
 * isResourceKind('listeners'); // false
 */
export function isResourceKind(value: string): value is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(value);
}
