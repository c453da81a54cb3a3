/**
 * What keeps a node of a heap snapshot alive, named as the page's own code would spell it: the shortest chain of
 * references from the roots (./paths.ts), told from the variable or global it starts at (`renderedLists[3]`,
 * `window.cache.views[0]`), with the script whose scope holds the variable. Detached DOM has no creation line; the
 * variable that keeps it is the line a user is looking for.
 *
 * Pure: no Node, no browser. The collector takes the snapshot (src/collector/retainers.ts).
 */
import { cut, LIMITS } from '../limits.ts';
import type { KeptBy } from '../snapshot/schema.ts';
import type { HeapGraph } from './graph.ts';
import { retainerTree, type RetainerTree } from './paths.ts';

/** References of a chain named, at most, from the kept node up. */
export const MAX_STEPS = 12;
/** Closures looked at per scope: one names the function, two say the scope is shared. */
const CLOSURES_PER_SCOPE = 2;
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** A detached root as the collector describes it: what to look for in the snapshot. */
export interface WantedRoot {
  tag: string;
  id?: string | undefined;
  classes: readonly string[];
}

interface ScriptPlace {
  url: string;
  line: number;
  column: number;
}

const propertyStep = (name: string) => (IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name.slice(0, 80))}]`);

/** `system / Script / https://app.test/list.js` (Chromium) -> the URL. */
const scriptUrl = (name: string) => /^system \/ Script \/ (.+)$/.exec(name)?.[1];

/**
 * Names the retainers of nodes of one snapshot; the indexes it needs (closures by scope) are built once, on first use.
 *
 * @example
 * const names = new RetainerNames(retainerTree(HeapGraph.parse(text)));
 * names.keptBy(node); // -> { path: 'renderedLists[0]', script: 'https://app.test/routes/detached.js' }
 */
export class RetainerNames {
  readonly graph: HeapGraph;
  #closuresByContext: Map<number, number[]> | undefined;

  constructor(readonly tree: RetainerTree) {
    this.graph = tree.graph;
  }

  /** What keeps `target` alive; undefined when nothing strong reaches it, or it is a root itself. */
  keptBy(target: number): KeptBy | undefined {
    const g = this.graph;
    const tree = this.tree;
    if (!tree.reached(target)) return undefined;
    const steps: string[] = [];
    /** The DOM node of the subtree the chain reaches first from the code's side (parent links lead up to the root). */
    let inner: string | undefined;
    const done = (start: string): KeptBy => ({
      path: cut(start + steps.reverse().join(''), LIMITS.maxText),
      ...(inner !== undefined && inner !== g.nodeName(target) ? { node: cut(inner, LIMITS.maxText) } : {}),
    });
    for (let n = target, guard = 0; tree.holder(n) >= 0 && guard < 100_000; n = tree.holder(n), guard++) {
      const holder = tree.holder(n);
      const e = tree.via(n);
      const type = g.edgeType(e);
      const label = g.edgeName(e);
      const holderName = g.nodeName(holder);
      const holderType = g.nodeType(holder);
      if (type === 'context') return { ...done(String(label)), ...this.#scope(holder) };
      const global = this.#globalName(holder);
      if (global !== undefined) {
        this.#step(steps, holder, type, label);
        return done(global);
      }
      if (holderType === 'native' && holderName.startsWith('<')) {
        // A DOM node of the subtree (a child holds its parent, the node its wrapper): no reference of the code's.
        inner = holderName;
        steps.length = 0;
        continue;
      }
      if (holderType === 'native' || holderType === 'synthetic') {
        // A platform or engine object ends the chain, named as what it is; its indexes are none the code wrote.
        if (type === 'property') steps.push(propertyStep(String(label)));
        const what = holderName.split(' / ')[0]!;
        return done(what.startsWith('(') ? what : `(${what})`);
      }
      if (steps.length >= MAX_STEPS) return done('…');
      this.#step(steps, holder, type, label);
    }
    return undefined;
  }

  /** `window` for a page's global object or realm, `globalThis` for another global the snapshot's root holds. */
  #globalName(n: number): string | undefined {
    const name = this.graph.nodeName(n);
    if (/^Window\b/.test(name) || name.startsWith('system / NativeContext')) return 'window';
    return this.tree.isPageRoot(n) ? 'globalThis' : undefined;
  }

  #step(steps: string[], holder: number, type: string, label: string | number) {
    if (type === 'property') steps.push(propertyStep(String(label)));
    else if (type === 'element') {
      // Entries of a Map's or Set's table are not indexes the code wrote.
      if (!this.graph.nodeName(holder).startsWith('system /')) steps.push(`[${label}]`);
    } else if (type === 'internal' || type === 'hidden') {
      const name = this.graph.nodeName(holder);
      if (name === 'Map' || name === 'Set') steps.push(` (in a ${name})`);
    }
  }

  /** The script and, when only one closes over it, the function of a scope (`system / Context`). */
  #scope(context: number): Pick<KeptBy, 'script' | 'closure'> {
    const closures = this.#closuresOf(context);
    const places = closures.map((c) => this.#placeOf(c));
    const where = places.find((p) => p !== undefined);
    const only = closures.length === 1 ? places[0] : undefined;
    return {
      ...(where ? { script: cut(where.url, LIMITS.maxUrl) } : {}),
      ...(only
        ? {
            closure: {
              functionName: cut(this.graph.nodeName(closures[0]!), LIMITS.maxText),
              url: cut(only.url, LIMITS.maxUrl),
              line: only.line,
              column: only.column,
            },
          }
        : {}),
    };
  }

  #closuresOf(context: number): number[] {
    if (!this.#closuresByContext) {
      const g = this.graph;
      const byContext = (this.#closuresByContext = new Map<number, number[]>());
      for (let n = 0; n < g.nodeCount; n++) {
        if (g.nodeType(n) !== 'closure') continue;
        for (let e = g.firstEdge(n); e < g.endEdge(n); e++) {
          if (g.edgeName(e) !== 'context') continue; // an element or hidden edge's index is never a name
          const to = g.edgeTo(e);
          const list = byContext.get(to) ?? [];
          if (list.length < CLOSURES_PER_SCOPE) byContext.set(to, [...list, n]);
        }
      }
    }
    return this.#closuresByContext.get(context) ?? [];
  }

  /** Where a closure was created: its location, with the script's URL from the snapshot's link or its code's. */
  #placeOf(closure: number): ScriptPlace | undefined {
    const g = this.graph;
    const location = g.location(closure);
    if (!location) return undefined;
    let url = location.scriptNode !== undefined ? scriptUrl(g.nodeName(location.scriptNode)) : undefined;
    if (url === undefined) {
      // Snapshots that give only a script id (Node's) still link the function's code to its script.
      const shared = g.child(closure, 'shared');
      const script = shared < 0 ? -1 : g.child(shared, 'script_or_debug_info');
      const name = script < 0 ? '' : g.nodeName(script);
      url = scriptUrl(name) ?? (name !== '' && !name.startsWith('system /') ? name : undefined);
    }
    return url === undefined ? undefined : { url, line: location.line, column: location.column };
  }
}

/** `<ul class="catalog" id="x">` -> tag, id and classes, as the snapshot names DOM nodes. */
function parseNodeName(name: string): WantedRoot | undefined {
  const m = /^<([\w-]+)((?:\s[^>]*)?)>$/.exec(name);
  if (!m) return undefined;
  const attr = (key: string) => new RegExp(`\\s${key}="([^"]*)"`).exec(m[2] ?? '')?.[1];
  return { tag: m[1]!.toLowerCase(), id: attr('id'), classes: (attr('class') ?? '').split(/\s+/).filter(Boolean) };
}

/** `found` (all its classes) is `wanted` (its first classes, as snapshots keep them). */
function sameRoot(found: WantedRoot, wanted: WantedRoot): boolean {
  const classes = found.classes.slice(0, LIMITS.maxClasses);
  return (
    found.tag === wanted.tag &&
    (found.id ?? '') === (wanted.id ?? '') &&
    classes.length === wanted.classes.length &&
    classes.every((c, i) => wanted.classes[i] === c)
  );
}

/**
 * For each wanted root, what keeps the first detached DOM node of the snapshot like it alive, or undefined.
 *
 * @example
 * const [kept] = keptBy(HeapGraph.parse(text), [{ tag: 'ul', classes: ['catalog'] }]);
 * // -> { path: 'renderedLists[0]', script: 'https://app.test/routes/detached.js' }
 */
export function keptBy(graph: HeapGraph, wanted: readonly WantedRoot[]): (KeptBy | undefined)[] {
  if (wanted.length === 0) return [];
  const names = new RetainerNames(retainerTree(graph));
  // The DOM nodes themselves (their JS wrappers are named alike, and reached through them or the other way round).
  const candidates: { node: number; root: WantedRoot }[] = [];
  for (let n = 0; n < graph.nodeCount; n++) {
    if (graph.nodeType(n) !== 'native' || !names.tree.reached(n) || (graph.marksDetached && !graph.isDetached(n))) continue;
    const root = parseNodeName(graph.nodeName(n));
    if (root) candidates.push({ node: n, root });
  }
  return wanted.map((root) => {
    const found = candidates.find((c) => sameRoot(c.root, root));
    return found ? names.keptBy(found.node) : undefined;
  });
}
