/**
 * A V8 heap snapshot (`HeapProfiler.takeHeapSnapshot`, `v8.writeHeapSnapshot`), checked and indexed for walking.
 * The format is flat: `nodes` and `edges` are arrays of numbers, one record of `meta.node_fields.length` (or
 * `edge_fields.length`) numbers each; a node's edges follow those of the node before it; names are indexes into
 * `strings`, except for `element` and `hidden` edges, whose `name_or_index` is the index itself.
 *
 * Pure: no Node, no browser. Nodes and edges are named here by their ordinal (0 is the snapshot's root).
 */

/** The part of V8's heap snapshot format read here. */
export interface RawHeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: unknown[];
      edge_fields: string[];
      edge_types: unknown[];
      location_fields?: string[];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
  locations?: number[];
}

/** A heap snapshot that is not one (malformed JSON, missing fields, references out of range); one line. */
export class HeapSnapshotError extends Error {
  override readonly name = 'HeapSnapshotError';
}

/** Where a closure was created, as the snapshot's `locations` say (line and column 1-based). */
export interface HeapLocation {
  /** The node of the script, where the snapshot links it (`script_object_index`, Chromium). */
  scriptNode: number | undefined;
  line: number;
  column: number;
}

/** V8's `detachedness` value of a DOM node that is not in a document. */
const DETACHED = 2;

const isNumbers = (v: unknown): v is number[] => Array.isArray(v);
function fail(what: string): never {
  throw new HeapSnapshotError(`not a V8 heap snapshot: ${what}`);
}

/**
 * @example
 * const graph = HeapGraph.parse(text);
 * for (let e = graph.firstEdge(0); e < graph.endEdge(0); e++) console.log(graph.edgeType(e), graph.edgeName(e));
 */
export class HeapGraph {
  /** Nodes in the snapshot. */
  readonly nodeCount: number;
  readonly #nodes: readonly number[];
  readonly #edges: readonly number[];
  readonly #strings: readonly string[];
  readonly #nf: number;
  readonly #ef: number;
  readonly #type: number;
  readonly #name: number;
  readonly #id: number;
  readonly #detachedness: number;
  readonly #eType: number;
  readonly #eName: number;
  readonly #eTo: number;
  readonly #nodeTypes: readonly string[];
  readonly #edgeTypes: readonly string[];
  /** Ordinal of the first edge of each node; entry `nodeCount` is the edge count. */
  readonly #first: Uint32Array;
  readonly #locations: Map<number, HeapLocation>;

  private constructor(raw: RawHeapSnapshot) {
    const meta = raw?.snapshot?.meta;
    if (!meta || !Array.isArray(meta.node_fields) || !Array.isArray(meta.edge_fields)) fail('no snapshot.meta with node_fields and edge_fields');
    if (!isNumbers(raw.nodes) || !isNumbers(raw.edges) || !Array.isArray(raw.strings)) fail('no nodes, edges and strings arrays');
    const nf = (this.#nf = meta.node_fields.length);
    const ef = (this.#ef = meta.edge_fields.length);
    this.#type = meta.node_fields.indexOf('type');
    this.#name = meta.node_fields.indexOf('name');
    this.#id = meta.node_fields.indexOf('id');
    this.#detachedness = meta.node_fields.indexOf('detachedness');
    const edgeCount = meta.node_fields.indexOf('edge_count');
    this.#eType = meta.edge_fields.indexOf('type');
    this.#eName = meta.edge_fields.indexOf('name_or_index');
    this.#eTo = meta.edge_fields.indexOf('to_node');
    if (this.#type < 0 || this.#name < 0 || edgeCount < 0) fail('node_fields lack type, name or edge_count');
    if (this.#eType < 0 || this.#eName < 0 || this.#eTo < 0) fail('edge_fields lack type, name_or_index or to_node');
    const nodeTypes = meta.node_types?.[this.#type];
    const edgeTypes = meta.edge_types?.[this.#eType];
    if (!Array.isArray(nodeTypes) || !Array.isArray(edgeTypes)) fail('node_types or edge_types do not list the types');
    this.#nodeTypes = (nodeTypes as unknown[]).map(String);
    this.#edgeTypes = (edgeTypes as unknown[]).map(String);
    if (raw.nodes.length % nf !== 0) fail(`${raw.nodes.length} node numbers are not records of ${nf}`);
    if (raw.edges.length % ef !== 0) fail(`${raw.edges.length} edge numbers are not records of ${ef}`);
    const count = (this.nodeCount = raw.nodes.length / nf);
    if (count === 0) fail('no nodes');
    this.#nodes = raw.nodes;
    this.#edges = raw.edges;
    this.#strings = raw.strings;

    const first = (this.#first = new Uint32Array(count + 1));
    for (let n = 0, e = 0; n < count; n++) {
      first[n] = e;
      e += raw.nodes[n * nf + edgeCount]!;
      first[n + 1] = e;
    }
    if (first[count]! * ef !== raw.edges.length)
      fail(`the nodes' edge counts add up to ${first[count]}, the edges array holds ${raw.edges.length / ef}`);
    for (let i = this.#eTo; i < raw.edges.length; i += ef) {
      const to = raw.edges[i]!;
      if (!(to >= 0 && to < raw.nodes.length && to % nf === 0)) fail(`edge ${(i - this.#eTo) / ef} points to ${to}, not to a node`);
    }
    this.#locations = readLocations(raw, nf, count);
  }

  /** Checks and indexes a parsed snapshot; throws a {@link HeapSnapshotError} when it is not one. */
  static from(raw: unknown): HeapGraph {
    if (raw === null || typeof raw !== 'object') fail(`a ${raw === null ? 'null' : typeof raw}, not an object`);
    return new HeapGraph(raw as RawHeapSnapshot);
  }

  /** Parses the snapshot's JSON text; throws a {@link HeapSnapshotError} when it is not one. */
  static parse(text: string): HeapGraph {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      fail(`its JSON does not parse (${text.length} characters): ${error instanceof Error ? error.message : String(error)}`);
    }
    return HeapGraph.from(raw);
  }

  nodeType(n: number): string {
    return this.#nodeTypes[this.#nodes[n * this.#nf + this.#type]!] ?? '';
  }
  nodeName(n: number): string {
    return this.#strings[this.#nodes[n * this.#nf + this.#name]!] ?? '';
  }
  /** The snapshot's id of the node (stable across snapshots of one heap), or -1 when the format has none. */
  nodeId(n: number): number {
    return this.#id < 0 ? -1 : this.#nodes[n * this.#nf + this.#id]!;
  }
  /** Whether the snapshot says which DOM nodes are detached (a `detachedness` field; V8 10 and later). */
  get marksDetached(): boolean {
    return this.#detachedness >= 0;
  }
  /** A DOM node the snapshot marks as detached (Chromium marks only some nodes of a detached subtree). */
  isDetached(n: number): boolean {
    return this.#detachedness >= 0 && this.#nodes[n * this.#nf + this.#detachedness] === DETACHED;
  }
  firstEdge(n: number): number {
    return this.#first[n]!;
  }
  /** One past the node's last edge. */
  endEdge(n: number): number {
    return this.#first[n + 1]!;
  }
  edgeType(e: number): string {
    return this.#edgeTypes[this.#edges[e * this.#ef + this.#eType]!] ?? '';
  }
  /** A property's or variable's name; the index of an `element` or `hidden` edge (never read as a name). */
  edgeName(e: number): string | number {
    const value = this.#edges[e * this.#ef + this.#eName]!;
    const type = this.edgeType(e);
    return type === 'element' || type === 'hidden' ? value : (this.#strings[value] ?? '');
  }
  edgeTo(e: number): number {
    return this.#edges[e * this.#ef + this.#eTo]! / this.#nf;
  }
  /** Where the closure `n` was created, when the snapshot says. */
  location(n: number): HeapLocation | undefined {
    return this.#locations.get(n);
  }
  /** The node `n` points to by the edge named `name` (the first such), or -1. */
  child(n: number, name: string): number {
    for (let e = this.firstEdge(n); e < this.endEdge(n); e++) if (this.edgeName(e) === name) return this.edgeTo(e);
    return -1;
  }
}

function readLocations(raw: RawHeapSnapshot, nf: number, count: number): Map<number, HeapLocation> {
  const out = new Map<number, HeapLocation>();
  const lf = raw.snapshot.meta.location_fields ?? [];
  const locations = raw.locations;
  const OBJECT = lf.indexOf('object_index');
  const SCRIPT = lf.indexOf('script_object_index');
  const LINE = lf.indexOf('line');
  const COLUMN = lf.indexOf('column');
  if (!isNumbers(locations) || OBJECT < 0 || LINE < 0) return out;
  const node = (index: number | undefined) => (index !== undefined && index >= 0 && index % nf === 0 && index / nf < count ? index / nf : undefined);
  for (let i = 0; i + lf.length <= locations.length; i += lf.length) {
    const object = node(locations[i + OBJECT]);
    if (object === undefined) continue;
    out.set(object, {
      scriptNode: SCRIPT >= 0 ? node(locations[i + SCRIPT]) : undefined,
      line: locations[i + LINE]! + 1,
      column: (COLUMN >= 0 ? locations[i + COLUMN]! : 0) + 1,
    });
  }
  return out;
}
