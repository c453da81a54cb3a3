/**
 * Forcing a full garbage collection before a measurement, then letting FinalizationRegistry callbacks (which run
 * as tasks after the collection) update the page registry.
 */
import { withDomAgent } from './cdp.ts';
import type { Connection } from './connection.ts';

const GROUP = 'leakscope-gc';

/**
 * @param passes collections to run, each followed by a turn of the page's event loop. Two by default: what the
 * finalizers of the first one release (registry entries of collected objects) is collected by the second.
 * @param settle whether the last collection is followed by that turn too. Without it, nothing of ours (the turn's
 * message channel and its listener) is left alive after the collection: for counters read right after it.
 * @param manyFrames the page has many frames: the extension collects through the cheaper command for those.
 * Not a turn of its own: call it inside one (as ./collect.ts does), or where nothing else runs on the connection.
 */
export async function collectGarbage(connection: Connection, passes = 2, settle = true, manyFrames = false): Promise<void> {
  const { cdp } = connection;
  for (let pass = 0; pass < passes; pass++) {
    if (cdp.transport === 'playwright') {
      await cdp.send('HeapProfiler.collectGarbage');
    } else if (manyFrames) {
      // Extensions have no HeapProfiler. Runtime.queryObjects collects all garbage, then walks the whole heap: with
      // 990 same-origin frames it took 46 s (100 frames: 3.2 s). DOM.getDetachedDomNodes collects the same way
      // before it lists (it never lists garbage): 4.8 s with 990 frames, 0.35 s with 100. It costs more than
      // queryObjects where tens of thousands of detached nodes are listed, so it is used for pages with many
      // frames only. The nodes it lists stay bound by the DOM agent until the agent is reset (PLATFORM.md's
      // trap): withDomAgent disables it right after.
      await withDomAgent(cdp, () => cdp.send('DOM.getDetachedDomNodes'));
    } else {
      // Runtime.queryObjects collects all garbage before it walks the heap. It is asked for the instances of a
      // prototype made just now, of which there are none: asked for those of Object.prototype it would build, in
      // the page, an array of nearly every object there is.
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
