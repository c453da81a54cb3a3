/**
 * Detached DOM: the roots Chrome reports as detached but alive (`DOM.getDetachedDomNodes`), joined to what the
 * page registry knows about each (listeners in the subtree, observers on it, the stack that removed it).
 *
 * TRAP (PLATFORM.md): nodes returned by `DOM.getDetachedDomNodes` stay bound by the DOM agent, and so alive, until
 * the agent is reset. The agent is enabled for this read only and disabled right after, and every remote object
 * we resolve is released, so Leakscope never keeps what it measures alive.
 */
import type { Protocol } from 'devtools-protocol';
import { LIMITS } from '../core/limits.ts';
import { detachedRootSignature } from '../core/signature.ts';
import type { DetachedRoot, StackFrame } from '../core/snapshot/schema.ts';
import type { Cdp } from './cdp.ts';

/** Roots attributed through the page registry, largest first; the others are listed without attribution. */
export const MAX_ATTRIBUTED_ROOTS = 200;
const GROUP = 'leakscope-detached';
const ELEMENT_NODE = 1;

interface PageAttribution {
  listeners: { type: string; target: string; stack: StackFrame[] }[];
  observers: { type: string; stack: StackFrame[] }[];
  removedBy?: StackFrame[];
}

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

function attributes(node: Protocol.DOM.Node): Map<string, string> {
  const out = new Map<string, string>();
  const list = node.attributes ?? [];
  for (let i = 0; i + 1 < list.length; i += 2) out.set(list[i]!, list[i + 1]!);
  return out;
}

export async function readDetached(cdp: Cdp): Promise<DetachedRoot[]> {
  await cdp.send('DOM.enable', {});
  let infos: Protocol.DOM.DetachedElementInfo[];
  const attributions = new Map<number, PageAttribution>();
  try {
    // Chrome lists attribute and text nodes of detached elements as roots of their own; they belong to their
    // element, which is listed too.
    infos = (await cdp.send('DOM.getDetachedDomNodes')).detachedNodes.filter((info) => info.treeNode.nodeType === ELEMENT_NODE);
    const largest = [...infos].sort((a, b) => b.retainedNodeIds.length - a.retainedNodeIds.length).slice(0, MAX_ATTRIBUTED_ROOTS);
    for (const info of largest) {
      const attribution = await attribute(cdp, info.treeNode.backendNodeId);
      if (attribution) attributions.set(info.treeNode.backendNodeId, attribution);
    }
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
    await cdp.send('DOM.disable').catch(() => undefined);
  }
  return infos.slice(0, LIMITS.maxDetachedRoots).map((info) => {
    const node = info.treeNode;
    const attrs = attributes(node);
    const tag = cut((node.localName || node.nodeName).toLowerCase(), LIMITS.maxLabel);
    const id = attrs.get('id');
    const classes = (attrs.get('class') ?? '').split(/\s+/).filter(Boolean).slice(0, LIMITS.maxClasses).map((c) => cut(c, LIMITS.maxLabel));
    const attribution = attributions.get(node.backendNodeId) ?? { listeners: [], observers: [] };
    return {
      signature: detachedRootSignature({ tag, id, classes, removedBy: attribution.removedBy }),
      tag,
      ...(id ? { id: cut(id, LIMITS.maxLabel) } : {}),
      classes,
      nodeCount: Math.max(1, info.retainedNodeIds.length),
      attribution,
    };
  });
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
        const readout = view[Symbol.for('leakscope')] || globalThis[Symbol.for('leakscope')];
        return readout ? readout.attribution(this) : undefined;
      }`,
      returnByValue: true,
      objectGroup: GROUP,
    });
    const value = result.value as PageAttribution | undefined;
    if (!value) return undefined;
    return {
      listeners: value.listeners.slice(0, LIMITS.maxAttributions),
      observers: value.observers.slice(0, LIMITS.maxAttributions),
      ...(value.removedBy ? { removedBy: value.removedBy } : {}),
    };
  } catch {
    // The node was collected between the listing and the lookup: it is simply not attributed.
    return undefined;
  }
}
