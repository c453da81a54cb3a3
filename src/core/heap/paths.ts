/**
 * Shortest retainer paths: for every node alive in a heap snapshot, the reference through which it is first reached
 * from the roots, breadth first, so that following those references back from any node gives its shortest chain.
 *
 * As Chrome DevTools counts distances: the page's own roots first (the global objects the snapshot's root points
 * to), then what only the engine's roots reach (handles, the stack, compiled code), so a chain through a global
 * variable wins over one of the same length through the engine's internals. Weak references keep nothing alive
 * and are not followed.
 */
import type { HeapGraph } from './graph.ts';

/**
 * @example
 * const tree = retainerTree(graph);
 * for (let n = target; tree.holder(n) >= 0; n = tree.holder(n)) console.log(graph.edgeName(tree.via(n)));
 */
export interface RetainerTree {
  readonly graph: HeapGraph;
  /** Whether the node is reached from the roots over strong references. */
  reached(n: number): boolean;
  /** The node holding `n` on its shortest chain; -1 for the root, the page's roots and what is not reached. */
  holder(n: number): number;
  /** The edge from {@link holder} to `n`; -1 when there is none. */
  via(n: number): number;
  /** A global object the snapshot's root points to (`Window`, Node's `global`): where the page's own chains start. */
  isPageRoot(n: number): boolean;
}

export function retainerTree(graph: HeapGraph): RetainerTree {
  const count = graph.nodeCount;
  const holder = new Int32Array(count).fill(-1);
  const via = new Int32Array(count).fill(-1);
  const reached = new Uint8Array(count);
  const pageRoot = new Uint8Array(count);
  const queue = new Uint32Array(count);
  let tail = 0;
  const bfs = (head: number) => {
    for (; head < tail; head++) {
      const n = queue[head]!;
      for (let e = graph.firstEdge(n); e < graph.endEdge(n); e++) {
        if (graph.edgeType(e) === 'weak') continue;
        const to = graph.edgeTo(e);
        if (reached[to]) continue;
        reached[to] = 1;
        holder[to] = n;
        via[to] = e;
        queue[tail++] = to;
      }
    }
  };
  const ROOT = 0;
  reached[ROOT] = 1;
  for (let e = graph.firstEdge(ROOT); e < graph.endEdge(ROOT); e++) {
    const to = graph.edgeTo(e);
    if (reached[to] || graph.nodeType(to) === 'synthetic' || graph.edgeType(e) === 'weak') continue;
    reached[to] = 1;
    pageRoot[to] = 1;
    queue[tail++] = to;
  }
  bfs(0);
  const start = tail;
  queue[tail++] = ROOT;
  bfs(start);
  return {
    graph,
    reached: (n) => reached[n] === 1,
    holder: (n) => holder[n]!,
    via: (n) => via[n]!,
    isPageRoot: (n) => pageRoot[n] === 1,
  };
}
