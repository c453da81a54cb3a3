/**
 * Detached DOM: the roots Chrome reports as detached but alive (`DOM.getDetachedDomNodes`), joined to what the
 * page registry knows about each (listeners in the subtree, observers on it, the stack that removed it).
 *
 * TRAP (PLATFORM.md): nodes returned by `DOM.getDetachedDomNodes` stay bound by the DOM agent, and so alive, until
 * the agent is reset. The agent is enabled for this read only and disabled right after, and every remote object
 * we resolve is released, so Leakscope never keeps what it measures alive.
 */
import type { Protocol } from 'devtools-protocol';
import { cut, type DetachedRoot, LIMITS, type StackFrame } from '../core/index.ts';
import { readoutOfSource } from '../shared/protocol.ts';
import { detachedRootSignature } from '../shared/signature.ts';
import { parseAttribution, ReadoutProblems } from '../shared/readout.ts';
import { withDomAgent, type Cdp } from './cdp.ts';
import { connectionState, type Connection } from './connection.ts';
import type { DetachedHost } from './documents.ts';

/** Roots attributed through the page registry, largest first; the others are listed without attribution. */
export const MAX_ATTRIBUTED_ROOTS = 200;
/** Time spent, at most, asking the page about roots (a batch started before the deadline is finished). */
export const ATTRIBUTION_BUDGET_MS = 300;
const ATTRIBUTION_BATCH = 25;
const GROUP = 'leakscope-detached';
/** The attributions of the roots the connection's last read listed, by backend node id (stable for a node's life). */
const PREVIOUS = connectionState('detached-root attributions', () => ({ attributions: new Map<number, PageAttribution>() }));
const ELEMENT_NODE = 1;

interface PageAttribution {
  listeners: { type: string; target: string; stack: StackFrame[] }[];
  observers: { type: string; stack: StackFrame[] }[];
  removedBy?: StackFrame[];
}

function attributes(node: Protocol.DOM.Node): Map<string, string> {
  const out = new Map<string, string>();
  const list = node.attributes ?? [];
  for (let i = 0; i + 1 < list.length; i += 2) out.set(list[i]!, list[i + 1]!);
  return out;
}

/**
 * @param hosts receives the detached `iframe` roots, candidate hosts of documents kept alive (./documents.ts).
 * @param afterListing runs right after the listing, before anything of ours runs in the page: the listing has just
 * collected all garbage (DOM.getDetachedDomNodes does, measured), so it is the moment to read counters.
 */
export async function readDetached(connection: Connection, hosts?: DetachedHost[], afterListing?: () => Promise<void>): Promise<DetachedRoot[]> {
  const { cdp } = connection;
  const previous = connection.state(PREVIOUS);
  const attributions = new Map<number, PageAttribution>();
  const infos = await withDomAgent(cdp, async () => {
    try {
      // Chrome lists attribute and text nodes of detached elements as roots of their own; they belong to their
      // element, which is listed too.
      const listed = (await cdp.send('DOM.getDetachedDomNodes')).detachedNodes.filter((info) => info.treeNode.nodeType === ELEMENT_NODE);
      await afterListing?.();
      // A root listed by the previous snapshot over this connection keeps what was found then: a detached subtree
      // rarely changes, and a series of snapshots of a leak lists the same roots again and again.
      for (const info of listed) {
        const seen = previous.attributions.get(info.treeNode.backendNodeId);
        if (seen) attributions.set(info.treeNode.backendNodeId, seen);
      }
      const largest = listed
        .filter((info) => !attributions.has(info.treeNode.backendNodeId))
        .sort((a, b) => b.retainedNodeIds.length - a.retainedNodeIds.length)
        .slice(0, MAX_ATTRIBUTED_ROOTS);
      // Lookups in batches sent at once (CDP pipelines them), largest roots first, until the time budget is spent:
      // a page with tens of thousands of roots still gets a snapshot in bounded time, its biggest roots explained.
      const deadline = Date.now() + ATTRIBUTION_BUDGET_MS;
      for (let i = 0; i < largest.length && Date.now() < deadline; i += ATTRIBUTION_BATCH) {
        const batch = largest.slice(i, i + ATTRIBUTION_BATCH);
        const found = await Promise.all(batch.map((info) => attribute(cdp, info.treeNode.backendNodeId)));
        batch.forEach((info, j) => {
          const attribution = found[j];
          if (attribution) attributions.set(info.treeNode.backendNodeId, attribution);
        });
      }
      previous.attributions = attributions;
      return listed;
    } finally {
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
    }
  });
  // Unattributed roots alike in tag, id and classes share a signature: compute it once per kind of root.
  const signatures = new Map<string, string>();
  return infos.slice(0, LIMITS.maxDetachedRoots).map((info) => {
    const node = info.treeNode;
    const attrs = attributes(node);
    const tag = cut((node.localName || node.nodeName).toLowerCase(), LIMITS.maxLabel);
    const id = attrs.get('id');
    const classes = (attrs.get('class') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, LIMITS.maxClasses)
      .map((c) => cut(c, LIMITS.maxLabel));
    const attribution = attributions.get(node.backendNodeId) ?? { listeners: [], observers: [] };
    if (tag === 'iframe' || tag === 'frame') {
      hosts?.push({
        description: [tag, id ? `#${id}` : '', ...classes.slice(0, 3).map((c) => `.${c}`)].join(''),
        src: attrs.get('src'),
        name: attrs.get('name'),
      });
    }
    return {
      signature: attribution.removedBy
        ? detachedRootSignature({ tag, id, classes, removedBy: attribution.removedBy })
        : plainSignature(signatures, tag, id, classes),
      tag,
      ...(id ? { id: cut(id, LIMITS.maxLabel) } : {}),
      classes,
      nodeCount: Math.max(1, info.retainedNodeIds.length),
      attribution,
    };
  });
}

function plainSignature(memo: Map<string, string>, tag: string, id: string | undefined, classes: string[]): string {
  const key = `${tag}\n${id ?? ''}\n${classes.join(' ')}`;
  let signature = memo.get(key);
  if (signature === undefined) memo.set(key, (signature = detachedRootSignature({ tag, id, classes })));
  return signature;
}

/** Asks the node's own realm what its registry knows about it; undefined when Leakscope is not installed there. */
async function attribute(cdp: Cdp, backendNodeId: number): Promise<PageAttribution | undefined> {
  try {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId, objectGroup: GROUP });
    if (!object.objectId) return undefined;
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () {
        const view = (this.ownerDocument && this.ownerDocument.defaultView) || globalThis;
        const readout = ${readoutOfSource('view')} || ${readoutOfSource('globalThis')};
        return readout ? readout.attribution(this) : undefined;
      }`,
      returnByValue: true,
      objectGroup: GROUP,
    });
    if (result.value === undefined || result.value === null) return undefined;
    // The page can forge its read-out (src/shared/readout.ts): what is malformed is left out of the attribution.
    const value = parseAttribution(result.value, 'attribution', new ReadoutProblems());
    if (!value) return undefined;
    return {
      listeners: value.listeners.slice(0, LIMITS.maxAttributions).map((l) => ({ ...l, stack: [...l.stack] })),
      observers: value.observers.slice(0, LIMITS.maxAttributions).map((o) => ({ ...o, stack: [...o.stack] })),
      ...(value.removedBy ? { removedBy: [...value.removedBy] } : {}),
    };
  } catch {
    // The node was collected between the listing and the lookup: it is simply not attributed.
    return undefined;
  }
}
