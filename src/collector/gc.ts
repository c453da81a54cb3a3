/**
 * Forcing a full garbage collection before a measurement, then letting FinalizationRegistry callbacks (which run
 * as tasks after the collection) update the page registry.
 */
import type { Connection } from './connection.ts';

const GROUP = 'leakscope-gc';

/**
 * @param passes collections to run, each followed by a turn of the page's event loop. Two by default: what the
 * finalizers of the first one release (registry entries of collected objects) is collected by the second.
 * @param settle whether the last collection is followed by that turn too. Without it, nothing of ours (the turn's
 * message channel and its listener) is left alive after the collection: for counters read right after it.
 * Not a turn of its own: call it inside one (as ./collect.ts does), or where nothing else runs on the connection.
 */
export async function collectGarbage(connection: Connection, passes = 2, settle = true): Promise<void> {
  const { cdp } = connection;
  for (let pass = 0; pass < passes; pass++) {
    if (cdp.transport === 'playwright') {
      await cdp.send('HeapProfiler.collectGarbage');
    } else {
      // Extensions have no HeapProfiler; Runtime.queryObjects collects all garbage before it walks the heap. It is
      // asked for the instances of a prototype made just now, of which there are none: asked for those of
      // Object.prototype it would build, in the page, an array of nearly every object there is.
      const { result } = await cdp.send('Runtime.evaluate', { expression: '(class LeakscopeGc {}).prototype', objectGroup: GROUP });
      if (result.objectId) await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId, objectGroup: GROUP });
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP });
    }
    if (pass === passes - 1 && !settle) break;
    // Finalizers of what was just collected run as tasks: yield to the page's event loop once. The port is closed
    // once used: an open port with a listener stays alive, and in Chrome's listener count, until its peer is gone.
    await cdp.send('Runtime.evaluate', {
      expression:
        'new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); resolve(0); }; c.port2.postMessage(0); })',
      awaitPromise: true,
    });
  }
}
