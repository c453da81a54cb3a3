/**
 * Where a node was removed from the document: the stack of the `removeChild` / `remove` / `replaceChild` /
 * `replaceWith` / `replaceChildren` call that detached it, kept in a WeakMap for detached-DOM attribution.
 *
 * Only "where cheap": at most {@link MAX_PER_SECOND} removal stacks are taken per second, so a page that tears down
 * thousands of nodes one by one pays for a few hundred stacks, not for all of them. The removals that matter for a
 * leak (one subtree root per navigation) are rare and always fit.
 */
import type { InstrumentContext } from './context.ts';
import { append, apply, getOwnPropertyDescriptor, isInstance, now, SafeWeakMap } from './intrinsics.ts';
import type { StackId } from './stacks.ts';

export const MAX_PER_SECOND = 200;

export interface Removals {
  /** The stack that last removed `node` from its parent, when it was recorded. */
  removedBy(node: object): StackId | undefined;
}

export function trackRemovals(ctx: InstrumentContext): Removals {
  const { realm, patcher, stacks, health } = ctx;
  const removed = new SafeWeakMap<object, StackId>();
  let windowStart = 0;
  let inWindow = 0;
  const isConnected = getOwnPropertyDescriptor(realm.Node.prototype, 'isConnected')?.get;
  const NodeCtor = realm.Node;

  const record = (node: unknown) => {
    try {
      // Not a node (the native throws its own error for that): nothing of ours to record.
      if (!isInstance(node, NodeCtor) || !isConnected || !apply(isConnected, node, [])) return;
      const t = now();
      if (t - windowStart > 1000) {
        windowStart = t;
        inWindow = 0;
      }
      if (++inWindow > MAX_PER_SECOND) return;
      removed.set(node as Node, stacks.capture());
    } catch {
      health.errors++;
    }
  };

  const wrap = (owner: object, name: string, removedArg: (self: unknown, args: Readonly<unknown[]>) => unknown[]) => {
    // Before the call: afterwards the node is no longer connected and we cannot tell a no-op from a removal.
    patcher.before(owner, name, (self, args) => {
      const nodes = removedArg(self, args);
      for (let i = 0; i < nodes.length; i++) record(nodes[i]);
    });
    append(health.patched, name);
  };

  /** The element children of `self`, read with the getter of the interface whose method was called. */
  const children = (self: unknown, getter: (() => unknown) | undefined): unknown[] => {
    const out: unknown[] = [];
    try {
      const list: HTMLCollection | undefined = getter ? apply(getter as (this: unknown) => HTMLCollection, self, []) : undefined;
      // Indexes are the collection's own; a `length` getter the page broke only loses removal stacks.
      for (let i = 0; list && i < list.length; i++) out[i] = list[i];
    } catch {
      // Not a parent node: the native decides what the call does.
    }
    return out;
  };
  const elementChildren = getOwnPropertyDescriptor(realm.Element.prototype, 'children')?.get;
  const documentChildren = getOwnPropertyDescriptor(realm.Document.prototype, 'children')?.get;
  wrap(realm.Node.prototype, 'removeChild', (_self, args) => [args[0]]);
  wrap(realm.Node.prototype, 'replaceChild', (_self, args) => [args[1]]);
  wrap(realm.Element.prototype, 'remove', (self) => [self]);
  wrap(realm.Element.prototype, 'replaceWith', (self) => [self]);
  wrap(realm.Element.prototype, 'replaceChildren', (self) => children(self, elementChildren));
  wrap(realm.Document.prototype, 'replaceChildren', (self) => children(self, documentChildren));
  wrap(realm.DocumentFragment.prototype, 'replaceChildren', () => []);
  return { removedBy: (node) => removed.get(node) };
}
