import { describe, expect, it } from 'vitest';
import { HeapBuilder } from '../testing/heap-builder.ts';
import { HeapGraph, HeapSnapshotError } from './graph.ts';
import { keptBy, MAX_STEPS, RetainerNames } from './kept-by.ts';
import { retainerTree } from './paths.ts';

const SECTION = { tag: 'section', classes: ['view'] };
const namesOf = (b: HeapBuilder) => new RetainerNames(retainerTree(b.graph()));

/** A removed `<section class="view">` whose `<ul class="catalog">` the code keeps: the ul holds its parent. */
function removedView(b: HeapBuilder) {
  const section = b.element('<section class="view">');
  const ul = b.element('<ul class="catalog">', false);
  b.edge(ul, 'element', 4, section);
  return { section, ul };
}

describe('keptBy', () => {
  it('names a module variable, the script whose scope holds it and the one function closing over it', () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const list = b.node('object', 'Array');
    b.edge(b.moduleScope('/src/list.js', 'render', 12, 5), 'context', 'renderedLists', list);
    b.edge(list, 'element', 0, b.node('object', 'Object')).edge(list, 'element', 1, ul);
    expect(keptBy(b.graph(), [SECTION])).toEqual([
      {
        path: 'renderedLists[1]',
        node: '<ul class="catalog">',
        script: 'https://app.test/src/list.js',
        closure: { functionName: 'render', url: 'https://app.test/src/list.js', line: 12, column: 5 },
      },
    ]);
  });

  it("names a variable of a closure's scope, reached through the global that holds the closure", () => {
    const b = new HeapBuilder();
    const li = b.element('<li class="row">');
    const tick = b.closure('tick', '/src/rows.js', 40, 3);
    const scope = b.node('object', 'system / Context');
    const rows = b.node('object', 'Array');
    b.edge(b.window, 'property', 'onTick', tick)
      .edge(tick, 'internal', 'context', scope)
      .edge(scope, 'context', 'rows', rows)
      .edge(rows, 'element', 2, li);
    expect(keptBy(b.graph(), [{ tag: 'li', classes: ['row'] }])).toEqual([
      {
        path: 'rows[2]',
        script: 'https://app.test/src/rows.js',
        closure: { functionName: 'tick', url: 'https://app.test/src/rows.js', line: 40, column: 3 },
      },
    ]);
  });

  it('reads an index as an index: an element edge whose index is also the number of a string is no name', () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const scope = b.moduleScope('/src/list.js', 'render');
    const views = b.node('object', 'Array');
    b.edge(scope, 'context', 'views', views);
    // A second function with an element edge (not a `context` one) to the scope: it does not close over it.
    const other = b.closure('other', '/src/other.js', 1, 1);
    b.edge(b.window, 'property', 'other', other);
    const contextString = b.build().strings.indexOf('context');
    const viewsString = b.build().strings.indexOf('views');
    expect(contextString).toBeGreaterThan(0);
    b.edge(other, 'element', contextString, scope);
    b.edge(views, 'element', viewsString, ul);
    const [kept] = keptBy(b.graph(), [SECTION]);
    expect(kept).toMatchObject({ path: `views[${viewsString}]`, closure: { functionName: 'render' } });
  });

  it('follows no weak reference, and names no hidden one', () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const store = b.node('object', 'Object');
    const items = b.node('object', 'Array');
    b.edge(b.window, 'weak', 'cached', ul); // shorter, but keeps nothing
    b.edge(b.window, 'property', 'store', store).edge(store, 'hidden', 5, items).edge(items, 'element', 1, ul);
    expect(keptBy(b.graph(), [SECTION])[0]).toEqual({ path: 'window.store[1]', node: '<ul class="catalog">' });

    const weakOnly = new HeapBuilder();
    weakOnly.edge(weakOnly.window, 'weak', 'cached', removedView(weakOnly).ul);
    expect(keptBy(weakOnly.graph(), [SECTION])).toEqual([undefined]);
  });

  it('walks cycles once, and a cycle nothing holds keeps nothing', () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const a = b.node('object', 'Node');
    const c = b.node('object', 'Node');
    b.edge(b.window, 'property', 'head', a).edge(a, 'property', 'next', c).edge(c, 'property', 'next', a).edge(c, 'property', 'view', ul);
    expect(keptBy(b.graph(), [SECTION])[0]?.path).toBe('window.head.next.view');

    const garbage = new HeapBuilder();
    const left = garbage.node('object', 'Node');
    const right = garbage.node('object', 'Node');
    const view = removedView(garbage).ul;
    garbage.edge(left, 'property', 'next', right).edge(right, 'property', 'next', left).edge(right, 'property', 'view', view);
    expect(keptBy(garbage.graph(), [SECTION])).toEqual([undefined]);
  });

  it('says nothing of a root with no path, of a root not in the snapshot, and of an attached node like it', () => {
    const b = new HeapBuilder();
    b.element('<section class="view">'); // referenced by nothing
    const attached = b.element('<section class="view">', false);
    b.edge(b.window, 'property', 'live', attached);
    expect(keptBy(b.graph(), [SECTION, { tag: 'div', id: 'gone', classes: [] }])).toEqual([undefined, undefined]);
    expect(keptBy(b.graph(), [])).toEqual([]);
  });

  it('big fan-in: of ten thousand holders, the shortest chain is named, quickly', () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const stack = b.engineRoot('(Stack roots)');
    for (let i = 0; i < 10_000; i++) {
      const holder = b.node('object', 'Holder');
      b.edge(stack, 'element', i, holder).edge(holder, 'property', 'view', ul);
    }
    b.edge(stack, 'element', 10_000, ul);
    const middle = b.node('object', 'Object');
    b.edge(b.window, 'property', 'app', middle).edge(middle, 'property', 'current', ul);
    const graph = b.graph();
    const started = performance.now();
    const [kept] = keptBy(graph, [SECTION]);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1000);
    // As long as the engine's chain `(Stack roots)` -> holder -> ul, but the page's own roots are walked first.
    expect(kept).toEqual({ path: 'window.app.current', node: '<ul class="catalog">' });
  });

  it("names what only the engine holds by the engine's root", () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const list = b.node('object', 'Array');
    b.edge(b.engineRoot('(Handle scope)'), 'element', 0, list).edge(list, 'element', 3, ul);
    expect(keptBy(b.graph(), [SECTION])[0]?.path).toBe('(Handle scope)[3]');
  });

  it('spells globals as code does: the global object, odd property names, Map entries', () => {
    const b = new HeapBuilder();
    const { ul } = removedView(b);
    const global = b.node('object', 'Window [JSGlobalObject] / https://app.test');
    const cache = b.node('object', 'Object');
    const map = b.node('object', 'Map');
    const table = b.node('array', 'system / OrderedHashMap');
    b.edge(b.window, 'shortcut', 'global_object', global).edge(global, 'property', 'cache', cache).edge(cache, 'property', 'data-views', map);
    b.edge(map, 'internal', 'table', table).edge(table, 'element', 7, ul);
    expect(keptBy(b.graph(), [SECTION])[0]?.path).toBe('window.cache["data-views"] (in a Map)');
  });

  it(`shortens a chain longer than ${MAX_STEPS} references from the kept node up`, () => {
    const b = new HeapBuilder();
    let holder = b.window;
    for (let i = 0; i < MAX_STEPS + 5; i++) {
      const next = b.node('object', 'Object');
      b.edge(holder, 'property', `p${i}`, next);
      holder = next;
    }
    b.edge(holder, 'property', 'view', removedView(b).ul);
    const path = keptBy(b.graph(), [SECTION])[0]!.path;
    expect(path.startsWith('…')).toBe(true);
    expect(path.endsWith('.p16.view')).toBe(true);
    expect(path.split('.')).toHaveLength(MAX_STEPS + 1);
  });

  it('names any node, not only DOM: a global holding an object', () => {
    const b = new HeapBuilder({ global: 'global' });
    const probe = b.node('object', 'Probe');
    const list = b.node('object', 'Array');
    b.edge(b.window, 'property', 'held', list).edge(list, 'element', 0, probe);
    expect(namesOf(b).keptBy(probe)).toEqual({ path: 'globalThis.held[0]' });
    expect(namesOf(b).keptBy(b.window)).toBeUndefined();
  });
});

describe('HeapGraph', () => {
  const valid = () => new HeapBuilder().build();

  it('reads names, types, indexes and edges by ordinal', () => {
    const b = new HeapBuilder();
    const list = b.node('object', 'Array');
    b.edge(b.window, 'property', 'list', list).edge(list, 'element', 7, b.node('string', 'x'));
    const g = b.graph();
    expect(g.nodeCount).toBe(5);
    expect([g.nodeType(list), g.nodeName(list)]).toEqual(['object', 'Array']);
    const e = g.firstEdge(list);
    expect([g.edgeType(e), g.edgeName(e), g.nodeName(g.edgeTo(e)), g.endEdge(list) - e]).toEqual(['element', 7, 'x', 1]);
    expect(g.child(b.window, 'list')).toBe(list);
    expect(g.child(b.window, 'nope')).toBe(-1);
  });

  it('refuses what is not a heap snapshot, in one line', () => {
    const cases: [unknown, RegExp][] = [
      [null, /a null, not an object/],
      [{}, /no snapshot\.meta/],
      [{ ...valid(), nodes: 'x' }, /no nodes, edges and strings arrays/],
      [{ ...valid(), snapshot: { meta: { ...valid().snapshot.meta, node_fields: ['type', 'name'] } } }, /lack type, name or edge_count/],
      [{ ...valid(), nodes: valid().nodes.slice(1) }, /not records of 6/],
      [{ ...valid(), edges: valid().edges.slice(3) }, /edge counts add up to 2, the edges array holds 1/],
      [{ ...valid(), edges: valid().edges.map((v, i) => (i === 2 ? 7 : v)) }, /edge 0 points to 7, not to a node/],
    ];
    for (const [raw, message] of cases) {
      expect(() => HeapGraph.from(raw)).toThrow(HeapSnapshotError);
      expect(() => HeapGraph.from(raw)).toThrow(message);
    }
    expect(() => HeapGraph.parse('{"snapshot":')).toThrow(/its JSON does not parse \(12 characters\)/);
  });
});
