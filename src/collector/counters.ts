/** Page-wide counters from Chrome: DOM nodes, JS event listeners, documents, frames, JS heap. */
import type { Counters } from '../core/snapshot/schema.ts';
import type { Cdp } from './cdp.ts';

export async function readCounters(cdp: Cdp): Promise<Counters> {
  await cdp.send('Performance.enable', {});
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = new Map(metrics.map((x) => [x.name, x.value]));
  const whole = (name: string) => Math.max(0, Math.round(m.get(name) ?? 0));
  const heap = await cdp.send('Runtime.getHeapUsage');
  return {
    nodes: whole('Nodes'),
    jsEventListeners: whole('JSEventListeners'),
    documents: whole('Documents'),
    frames: whole('Frames'),
    jsHeapUsedSize: Math.round(heap.usedSize),
    jsHeapTotalSize: Math.round(heap.totalSize),
  };
}
