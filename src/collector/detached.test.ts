import { describe, expect, it } from 'vitest';
import type { Cdp } from './cdp.ts';
import { Connection } from './connection.ts';
import { MAX_CONFIRMED_NODES, readDetached } from './detached.ts';

/** An extension-like transport whose successive DOM.getDetachedDomNodes list the given roots (by backend node id). */
function fakeCdp(listings: number[][], nodesPerRoot = 1): Cdp & { sent: string[] } {
  const sent: string[] = [];
  let listing = 0;
  const element = (backendNodeId: number) => ({
    treeNode: {
      nodeId: backendNodeId,
      backendNodeId,
      nodeType: 1,
      nodeName: 'SECTION',
      localName: 'section',
      nodeValue: '',
      attributes: ['id', `n${backendNodeId}`],
    },
    retainedNodeIds: Array.from({ length: nodesPerRoot }, (_, i) => backendNodeId * 100_000 + i),
  });
  return {
    transport: 'extension',
    sent,
    on: () => () => undefined,
    send: (async (method: string) => {
      sent.push(method);
      if (method === 'DOM.getDetachedDomNodes') return { detachedNodes: (listings[listing++] ?? []).map(element) };
      // Not attributed: the page has no read-out.
      if (method === 'DOM.resolveNode') return { object: {} };
      return { result: {} };
    }) as Cdp['send'],
  };
}

const ids = (roots: { id?: string }[]) => roots.map((r) => r.id);

describe('readDetached', () => {
  it('confirming: keeps only the roots both listings name, in agents of their own, a page turn apart', async () => {
    const cdp = fakeCdp([
      [1, 2],
      [1, 3],
    ]);
    const read: string[] = [];
    const roots = await readDetached(
      new Connection(cdp),
      [],
      async () => void read.push(`counters after listing ${cdp.sent.filter((m) => m === 'DOM.getDetachedDomNodes').length}`),
      true,
    );
    expect(ids(roots)).toEqual(['n1']);
    expect(read).toEqual(['counters after listing 1']);
    // The first agent is reset before the second listing: the nodes the first named are no longer bound by it.
    const calls = cdp.sent.filter((m) => m.startsWith('DOM.getDetached') || m === 'DOM.enable' || m === 'DOM.disable' || m === 'Runtime.evaluate');
    expect(calls.slice(0, 6)).toEqual([
      'DOM.enable',
      'DOM.getDetachedDomNodes',
      'DOM.disable',
      'Runtime.evaluate',
      'DOM.enable',
      'DOM.getDetachedDomNodes',
    ]);
  });

  it('confirming: a first listing that finds no root is the only one', async () => {
    const cdp = fakeCdp([[], [7]]);
    let counters = 0;
    expect(await readDetached(new Connection(cdp), [], async () => void counters++, true)).toEqual([]);
    expect(counters).toBe(1);
    expect(cdp.sent.filter((m) => m === 'DOM.getDetachedDomNodes')).toHaveLength(1);
  });

  it('confirming: a listing of more than MAX_CONFIRMED_NODES nodes is the only one (listing that many costs seconds)', async () => {
    const cdp = fakeCdp(
      [
        [1, 2],
        [1, 3],
      ],
      MAX_CONFIRMED_NODES / 2 + 1,
    );
    expect(ids(await readDetached(new Connection(cdp), [], undefined, true))).toEqual(['n1', 'n2']);
    expect(cdp.sent.filter((m) => m === 'DOM.getDetachedDomNodes')).toHaveLength(1);
  });

  it('without confirming: one listing, every root it names', async () => {
    const cdp = fakeCdp([[1, 2]]);
    expect(ids(await readDetached(new Connection(cdp)))).toEqual(['n1', 'n2']);
    expect(cdp.sent.filter((m) => m === 'DOM.getDetachedDomNodes')).toHaveLength(1);
  });
});
