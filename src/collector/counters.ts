/** Page-wide counters from Chrome: DOM nodes, JS event listeners, documents, frames, JS heap. */
import type { Counters } from '../core/index.ts';
import { connectionState, type Connection } from './connection.ts';

/** Whether the connection turned the Performance agent on (it stays on: nothing of ours turns it off). */
const PERFORMANCE = connectionState('Performance agent', () => ({ enabled: false }));

async function metricsOf(connection: Connection): Promise<{ name: string; value: number }[]> {
  const { cdp } = connection;
  const performance = connection.state(PERFORMANCE);
  if (performance.enabled) {
    const { metrics } = await cdp.send('Performance.getMetrics');
    // The agent of a debugger attached anew behind the same connection (the extension's) is off, and answers with
    // no metrics at all; a live page has at least one document.
    if (metrics.some((m) => m.name === 'Documents' && m.value > 0)) return metrics;
  }
  // The metrics are asked only once the agent is on: asked together, the first read of a page said 0 documents.
  await cdp.send('Performance.enable', {});
  performance.enabled = true;
  return (await cdp.send('Performance.getMetrics')).metrics;
}

export async function readCounters(connection: Connection): Promise<Counters> {
  const [metrics, heap] = await Promise.all([metricsOf(connection), connection.cdp.send('Runtime.getHeapUsage')]);
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
