/**
 * A small builder for synthetic V8 heap snapshots, for tests of src/core/heap. It writes the format Chromium writes
 * (`detachedness` among the node fields, `script_object_index` among the location fields), and every snapshot it
 * builds goes through {@link HeapGraph.from}, so a test cannot use a snapshot the real reader would refuse.
 *
 * @example
 * const b = new HeapBuilder();
 * const list = b.node('object', 'Array');
 * b.edge(b.moduleScope('/src/list.js'), 'context', 'renderedLists', list);
 * b.edge(list, 'element', 0, b.element('<ul class="catalog">'));
 * const [kept] = keptBy(b.graph(), [{ tag: 'ul', classes: ['catalog'] }]);
 */
import { HeapGraph, type RawHeapSnapshot } from '../heap/graph.ts';
import { TEST_ORIGIN } from './builder.ts';

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
] as const;
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'] as const;
export type HeapNodeType = (typeof NODE_TYPES)[number];
export type HeapEdgeType = (typeof EDGE_TYPES)[number];

interface BuiltNode {
  type: HeapNodeType;
  name: string;
  detached: boolean;
  edges: { type: HeapEdgeType; nameOrIndex: string | number; to: number }[];
}

export class HeapBuilder {
  readonly #nodes: BuiltNode[] = [];
  readonly #locations: { object: number; script: number; line: number; column: number }[] = [];
  /** The snapshot's root (node 0). */
  readonly root: number;
  /** `(GC roots)`, the engine's roots: handles, the stack, compiled code hang under it. */
  readonly gcRoots: number;
  /** The page's global object (`Window`), a root the snapshot's root points to. */
  readonly window: number;

  constructor(opts: { global?: string } = {}) {
    this.root = this.node('synthetic', '');
    this.gcRoots = this.node('synthetic', '(GC roots)');
    this.edge(this.root, 'element', 1, this.gcRoots);
    this.window = this.node('object', opts.global ?? `Window / ${TEST_ORIGIN}`);
    this.edge(this.root, 'shortcut', 'global', this.window);
  }

  /** Adds a node; returns its ordinal. */
  node(type: HeapNodeType, name: string, opts: { detached?: boolean } = {}): number {
    this.#nodes.push({ type, name, detached: opts.detached ?? false, edges: [] });
    return this.#nodes.length - 1;
  }

  /** Adds a reference; `element` and `hidden` edges take an index, the others a name. */
  edge(from: number, type: HeapEdgeType, nameOrIndex: string | number, to: number): this {
    this.#nodes[from]!.edges.push({ type, nameOrIndex, to });
    return this;
  }

  /** A DOM node, named as Chromium names them (`<ul class="catalog">`); detached unless said otherwise. */
  element(name: string, detached = true): number {
    return this.node('native', name, { detached });
  }

  /** An engine root under `(GC roots)`, e.g. `(Stack roots)`, `(Global handles)`. */
  engineRoot(name: string): number {
    const n = this.node('synthetic', name);
    this.edge(this.gcRoots, 'element', this.#nodes[this.gcRoots]!.edges.length, n);
    return n;
  }

  /**
   * A module's scope (`system / Context`) closed over by a function `closureName` made at `line`:`column` of
   * `script`; the scope is held only through that function, itself held by a listener the engine keeps.
   */
  moduleScope(script: string, closureName = 'render', line = 3, column = 1): number {
    const context = this.node('object', 'system / Context');
    const closure = this.closure(closureName, script, line, column);
    this.edge(closure, 'internal', 'context', context);
    this.edge(this.engineRoot('(Global handles)'), 'internal', 'listener', closure);
    return context;
  }

  /** A function made at `line`:`column` (1-based) of `script` (resolved against the test origin when relative). */
  closure(name: string, script: string, line: number, column: number): number {
    const closure = this.node('closure', name);
    const url = script.startsWith('/') ? `${TEST_ORIGIN}${script}` : script;
    this.#locations.push({ object: closure, script: this.node('code', `system / Script / ${url}`), line: line - 1, column: column - 1 });
    return closure;
  }

  build(): RawHeapSnapshot {
    const strings: string[] = [];
    const index = new Map<string, number>();
    const str = (s: string) => {
      let i = index.get(s);
      if (i === undefined) index.set(s, (i = strings.push(s) - 1));
      return i;
    };
    const NF = 6;
    const nodes: number[] = [];
    const edges: number[] = [];
    this.#nodes.forEach((n, i) => {
      nodes.push(NODE_TYPES.indexOf(n.type), str(n.name), i * 2 + 1, 0, n.edges.length, n.detached ? 2 : n.type === 'native' ? 1 : 0);
      for (const e of n.edges) {
        const indexed = e.type === 'element' || e.type === 'hidden';
        if (indexed !== (typeof e.nameOrIndex === 'number')) throw new Error(`a ${e.type} edge takes ${indexed ? 'an index' : 'a name'}`);
        edges.push(EDGE_TYPES.indexOf(e.type), indexed ? (e.nameOrIndex as number) : str(String(e.nameOrIndex)), e.to * NF);
      }
    });
    return {
      snapshot: {
        meta: {
          node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'],
          node_types: [[...NODE_TYPES], 'string', 'number', 'number', 'number', 'number'],
          edge_fields: ['type', 'name_or_index', 'to_node'],
          edge_types: [[...EDGE_TYPES], 'string_or_number', 'node'],
          location_fields: ['object_index', 'script_id', 'script_object_index', 'line', 'column'],
        },
      },
      nodes,
      edges,
      strings,
      locations: this.#locations.flatMap((l, i) => [l.object * NF, i + 1, l.script * NF, l.line, l.column]),
    };
  }

  /** The built snapshot, read as the collector reads a real one. */
  graph(): HeapGraph {
    return HeapGraph.from(this.build());
  }
}
