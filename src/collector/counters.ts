/** Page-wide counters from Chrome: DOM nodes, JS event listeners, documents, frames, JS heap. */
import type { Counters } from '../core/snapshot/schema.ts';
import type { Cdp } from './cdp.ts';

/** Connections whose Performance agent was turned on (it stays on: nothing of ours turns it off). */
const enabled = new WeakSet<Cdp>();

async function metricsOf(cdp: Cdp): Promise<{ name: string; value: number }[]> {
  if (enabled.has(cdp)) {
    const { metrics } = await cdp.send('Performance.getMetrics');
    // The agent of a debugger attached anew behind the same connection (the extension's) is off, and answers with
    // no metrics at all; a live page has at least one document.
    if (metrics.some((m) => m.name === 'Documents' && m.value > 0)) return metrics;
  }
  // The metrics are asked only once the agent is on: asked together, the first read of a page said 0 documents.
  await cdp.send('Performance.enable', {});
  enabled.add(cdp);
  return (await cdp.send('Performance.getMetrics')).metrics;
}

export async function readCounters(cdp: Cdp): Promise<Counters> {
  const [metrics, heap] = await Promise.all([metricsOf(cdp), cdp.send('Runtime.getHeapUsage')]);
  const m = new Map(metrics.map((x) => [x.name, x.value]));
  const whole = (name: string) => Math.max(0, Math.round(m.get(name) ?? 0));
  return {
    nodes: whole('Nodes'),
    jsEventListeners: whole('JSEventListeners'),
    documents: whole('Documents'),
    frames: whole('Frames'),
    jsHeapUsedSize: Math.round(heap.usedSize),
    jsHeapTotalSize: Math.round(heap.totalSize),
  };
}
