/**
 * Suggested fixes, drawn from the leak's kind and type (and, for detached DOM, from what holds it).
 */
import type { ResourceKind } from '../../shared/kinds.ts';
import type { DetachedRoot } from '../snapshot/schema.ts';

const TIMER_FIXES: Record<string, string> = {
  setInterval: 'Clear the interval on unmount: keep the id from setInterval and call clearInterval(id).',
  setTimeout: 'Clear the timeout on unmount (clearTimeout(id)), and do not re-arm it from its own callback after unmount.',
  requestAnimationFrame: 'Cancel the animation frame loop on unmount (cancelAnimationFrame(id)) and stop re-requesting it.',
  requestIdleCallback: 'Cancel the idle callback on unmount (cancelIdleCallback(id)).',
};

const CONNECTION_FIXES: Record<string, string> = {
  WebSocket: 'Close the socket on unmount (socket.close()) and remove its message handlers.',
  EventSource: 'Close the EventSource on unmount (source.close()).',
  BroadcastChannel: 'Close the channel on unmount (channel.close()).',
};

const WORKER_FIXES: Record<string, string> = {
  Worker: 'Terminate the worker on unmount (worker.terminate()), or reuse one worker across visits instead of starting a new one each time.',
  SharedWorker: "Close the shared worker's port on unmount (worker.port.close()), or keep one connection for the page's lifetime.",
};

function detachedFix(root: DetachedRoot | undefined): string {
  const steps: string[] = [];
  if (root?.attribution.listeners.length)
    steps.push('remove the listeners attached to it or its children on unmount (removeEventListener, or an AbortSignal)');
  if (root?.attribution.observers.length) steps.push('disconnect the observers that watch it (observer.disconnect())');
  steps.push('drop the references that still point at the removed nodes (component fields, closures, caches, Maps keyed by elements)');
  const text = steps.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * A suggested fix for a leak.
 *
 * @example
 * suggestFix('listener', 'resize'); // 'Remove the listener on unmount: ...'
 * suggestFix('timer', 'setInterval'); // 'Clear the interval on unmount: ...'
 */
export function suggestFix(kind: ResourceKind, type: string, root?: DetachedRoot): string {
  switch (kind) {
    case 'listener':
      return `Remove the listener on unmount: call removeEventListener('${type}', handler) with the same function and capture flag, or pass { signal } and abort the AbortController on unmount.`;
    case 'detached-dom':
      return detachedFix(root);
    case 'websocket':
      return CONNECTION_FIXES[type] ?? 'Close the connection on unmount and remove its handlers.';
    case 'worker':
      return WORKER_FIXES[type] ?? 'Terminate the worker on unmount (worker.terminate()).';
    case 'message-port':
      return 'Close the channel on unmount (port.close() on either port ends it), and drop the onmessage handler that keeps what it closes over.';
    case 'image':
      return 'Evict the cache: bound the image cache (an LRU with a size limit) or delete its entries when the view unmounts, and drop references to Image objects no longer shown.';
    case 'object-url':
      return 'Revoke the URL: call URL.revokeObjectURL(url) once the image or media has loaded, or on unmount.';
    case 'observer':
      return `Disconnect the ${type || 'observer'} on unmount (observer.disconnect()), and unobserve elements you remove.`;
    case 'timer':
      return TIMER_FIXES[type] ?? 'Clear the timer on unmount (clearInterval / clearTimeout / cancelAnimationFrame).';
    case 'document':
      // Chrome's document count, not a group of the registry: besides frames, every SVG image decoded is a document.
      if (type === 'documents') {
        return 'The page holds one more document with every iteration: a removed iframe or closed window still referenced (contentWindow, window.open results, cross-frame handlers), or an SVG image kept in a cache (each decoded SVG image is a document): drop those references.';
      }
      return 'A removed iframe or closed window is kept alive: drop references to its window and document (contentWindow, window.open results, message handlers registered across frames).';
    case 'heap':
      return 'The heap grows with every iteration and no tracked resource explains it: compare heap snapshots in DevTools and look for arrays, Maps or caches that only grow; evict the cache or bound it.';
  }
}
