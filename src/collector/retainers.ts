/**
 * What keeps a detached DOM subtree alive, named from a V8 heap snapshot: the shortest chain of references from a
 * garbage-collection root to the detached root, told as the page's own code would spell it (`renderedLists[3]`,
 * `window.cache.views[0]`), with the script whose scope holds the variable. Detached DOM has no creation line; the
 * variable that keeps it is the line a user is looking for.
 *
 * Heap snapshots exist over a Playwright CDP session only (extensions get no HeapProfiler), take up to a second
 * for a small page, and are asked for on a detached-DOM leak only (`retainers` option, `--retainers`).
 */
import { cut, LIMITS } from '../core/limits.ts';
import type { KeptBy } from '../core/snapshot/schema.ts';
import { oneAtATime, type Cdp } from './cdp.ts';

/** A heap larger than this is not snapshotted: its snapshot, several times the heap, is read as one string here. */
export const MAX_HEAP_BYTES = 100 * 1024 * 1024;
/** References of a chain named, at most, from the detached root up. */
const MAX_STEPS = 12;
const DETACHED = 2;
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** The part of V8's heap snapshot format (`HeapProfiler.takeHeapSnapshot`) read here. */
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

/** A detached root as the collector describes it: what to look for in the snapshot. */
export interface WantedRoot {
  tag: string;
  id?: string | undefined;
  classes: readonly string[];
}

/**
 * Takes a heap snapshot of the page behind `cdp` (Playwright transport) and parses it; undefined when the heap is
 * too large or the transport has no heap profiler.
 */
export async function takeHeapSnapshot(cdp: Cdp): Promise<RawHeapSnapshot | undefined> {
  if (cdp.transport !== 'playwright') return undefined;
  return oneAtATime(cdp, async () => {
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    if (usedSize > MAX_HEAP_BYTES) return undefined;
    const chunks: string[] = [];
    const off = cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk));
    try {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    } finally {
      off();
      await cdp.send('HeapProfiler.disable').catch(() => undefined);
    }
    return JSON.parse(chunks.join('')) as RawHeapSnapshot;
  });
}

/** `<ul class="catalog" id="x">` -> tag, id and classes, as the snapshot names DOM nodes. */
function parseNodeName(name: string): WantedRoot | undefined {
  const m = /^<([\w-]+)((?:\s[^>]*)?)>$/.exec(name);
  if (!m) return undefined;
  const attr = (key: string) => new RegExp(`\\s${key}="([^"]*)"`).exec(m[2] ?? '')?.[1];
  return { tag: m[1]!.toLowerCase(), id: attr('id'), classes: (attr('class') ?? '').split(/\s+/).filter(Boolean) };
}

/** `found` (all its classes) is `wanted` (its first classes, as snapshots keep them). */
const sameRoot = (found: WantedRoot, wanted: WantedRoot) => {
  const classes = found.classes.slice(0, LIMITS.maxClasses);
  return (
    found.tag === wanted.tag &&
    (found.id ?? '') === (wanted.id ?? '') &&
    classes.length === wanted.classes.length &&
    classes.every((c, i) => wanted.classes[i] === c)
  );
};

/**
 * Pure: for each wanted root, what keeps the first detached node of the snapshot like it alive, or undefined.
 *
 * @example
 * const [kept] = keptBy(await takeHeapSnapshot(cdp), [{ tag: 'ul', classes: ['catalog'] }]);
 * // -> { path: 'renderedLists[0]', script: 'https://app.test/routes/detached.js' }
 */
export function keptBy(snapshot: RawHeapSnapshot, wanted: readonly WantedRoot[]): (KeptBy | undefined)[] {
  const { meta } = snapshot.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const TYPE = meta.node_fields.indexOf('type');
  const NAME = meta.node_fields.indexOf('name');
  const EDGES = meta.node_fields.indexOf('edge_count');
  const DETACHEDNESS = meta.node_fields.indexOf('detachedness');
  const E_TYPE = meta.edge_fields.indexOf('type');
  const E_NAME = meta.edge_fields.indexOf('name_or_index');
  const E_TO = meta.edge_fields.indexOf('to_node');
  const nodeTypes = (meta.node_types[TYPE] ?? []) as string[];
  const edgeTypes = (meta.edge_types[E_TYPE] ?? []) as string[];
  const { nodes, edges, strings } = snapshot;
  const count = Math.floor(nodes.length / nf);
  if (TYPE < 0 || NAME < 0 || EDGES < 0 || E_TO < 0 || count === 0) return wanted.map(() => undefined);

  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0, e = 0; n < count; n++) {
    firstEdge[n] = e;
    e += nodes[n * nf + EDGES]! * ef;
    firstEdge[n + 1] = e;
  }
  const nameOf = (n: number) => strings[nodes[n * nf + NAME]!] ?? '';
  const typeOf = (n: number) => nodeTypes[nodes[n * nf + TYPE]!] ?? '';
  const edgeType = (e: number) => edgeTypes[edges[e + E_TYPE]!] ?? '';

  // Shortest chains from the root, over strong references only (weak ones and the snapshot's shortcuts keep nothing).
  const viaEdge = new Int32Array(count).fill(-1);
  const from = new Int32Array(count).fill(-1);
  const reached = new Uint8Array(count);
  const queue = new Uint32Array(count);
  reached[0] = 1;
  for (let head = 0, tail = 1; head < tail; head++) {
    const n = queue[head]!;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
      const type = edgeType(e);
      if (type === 'weak' || type === 'shortcut') continue;
      const to = edges[e + E_TO]! / nf;
      if (reached[to]) continue;
      reached[to] = 1;
      from[to] = n;
      viaEdge[to] = e;
      queue[tail++] = to;
    }
  }

  // Where each closure was created.
  const scriptOf = new Map<number, { url: string; line: number; column: number }>();
  const lf = meta.location_fields ?? [];
  const L_OBJECT = lf.indexOf('object_index');
  const L_SCRIPT = lf.indexOf('script_object_index');
  const L_LINE = lf.indexOf('line');
  const L_COLUMN = lf.indexOf('column');
  const locations = snapshot.locations ?? [];
  if (L_OBJECT >= 0 && L_SCRIPT >= 0 && L_LINE >= 0) {
    for (let i = 0; i + lf.length <= locations.length; i += lf.length) {
      const script = nameOf(locations[i + L_SCRIPT]! / nf);
      const url = /^system \/ Script \/ (.+)$/.exec(script)?.[1];
      if (url)
        scriptOf.set(locations[i + L_OBJECT]! / nf, {
          url,
          line: locations[i + L_LINE]! + 1,
          column: (L_COLUMN >= 0 ? locations[i + L_COLUMN]! : 0) + 1,
        });
    }
  }
  /** Closures by the context they close over, two at most each; made the first time a chain starts at a variable. */
  let closuresByContext: Map<number, number[]> | undefined;
  const closuresOf = (context: number): number[] => {
    if (!closuresByContext) {
      closuresByContext = new Map();
      for (let n = 0; n < count; n++) {
        if (typeOf(n) !== 'closure') continue;
        for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
          // Element and hidden edges carry an index, not a name.
          const type = edgeType(e);
          if (type === 'element' || type === 'hidden' || strings[edges[e + E_NAME]!] !== 'context') continue;
          const to = edges[e + E_TO]! / nf;
          const list = closuresByContext.get(to) ?? [];
          if (list.length < 2) closuresByContext.set(to, [...list, n]);
        }
      }
    }
    return closuresByContext.get(context) ?? [];
  };

  const explain = (target: number): KeptBy | undefined => {
    const steps: string[] = [];
    /** The DOM node of the subtree the chain reaches first from the code's side (parent links lead up to the root). */
    let inner: string | undefined;
    const node = () => (inner !== undefined && inner !== nameOf(target) ? { node: cut(inner, LIMITS.maxText) } : {});
    for (let n = target, guard = 0; from[n]! >= 0 && guard < 10_000; n = from[n]!, guard++) {
      const holder = from[n]!;
      const e = viaEdge[n]!;
      const type = edgeType(e);
      const label = edges[e + E_NAME]!;
      const holderName = nameOf(holder);
      if (type === 'context') {
        // A variable of a scope: the start of the chain as the code spells it.
        const name = strings[label] ?? '';
        const closures = closuresOf(holder);
        const where = closures.map((c) => scriptOf.get(c)).find((l) => l !== undefined);
        const only = closures.length === 1 ? scriptOf.get(closures[0]!) : undefined;
        return {
          path: cut(name + steps.reverse().join(''), LIMITS.maxText),
          ...(where ? { script: cut(where.url, LIMITS.maxUrl) } : {}),
          ...node(),
          ...(only
            ? {
                closure: {
                  functionName: cut(nameOf(closures[0]!), LIMITS.maxText),
                  url: cut(only.url, LIMITS.maxUrl),
                  line: only.line,
                  column: only.column,
                },
              }
            : {}),
        };
      }
      if (typeOf(holder) === 'native' && holderName.startsWith('<')) {
        // A DOM node of the subtree (a child holds its parent, the node its wrapper): no reference of the code's.
        inner = holderName;
        steps.length = 0;
        continue;
      }
      if (typeOf(holder) === 'native' || typeOf(holder) === 'synthetic') {
        // A platform object ends the chain. The realm's context holds the global object, whose properties are the
        // page's globals (`window.cache`); any other is named as what it is.
        const global = holderName.startsWith('system / NativeContext') || holderName.startsWith('Window');
        const start = global ? 'window' : `(${holderName.split(' / ')[0]})`;
        if (type === 'property') steps.push(propertyStep(strings[label] ?? ''));
        else if (type === 'element') steps.push(`[${label}]`);
        return { path: cut(start + steps.reverse().join(''), LIMITS.maxText), ...node() };
      }
      if (steps.length >= MAX_STEPS) return { path: cut(`…${steps.reverse().join('')}`, LIMITS.maxText), ...node() };
      if (type === 'property') steps.push(propertyStep(strings[label] ?? ''));
      else if (type === 'element') {
        // Entries of a Map's or Set's table are not indexes the code wrote.
        if (!holderName.startsWith('system /')) steps.push(`[${label}]`);
      } else if (type === 'internal' || type === 'hidden') {
        if (holderName === 'Map' || holderName === 'Set') steps.push(` (in a ${holderName})`);
      }
    }
    return undefined;
  };

  return wanted.map((root) => {
    for (let n = 0; n < count; n++) {
      // The DOM node itself (its JS wrapper is named alike, and reached through it or the other way round).
      if (!reached[n] || typeOf(n) !== 'native' || (DETACHEDNESS >= 0 && nodes[n * nf + DETACHEDNESS] !== DETACHED)) continue;
      const parsed = parseNodeName(nameOf(n));
      if (parsed && sameRoot(parsed, root)) return explain(n);
    }
    return undefined;
  });
}

const propertyStep = (name: string) => (IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name.slice(0, 80))}]`);
