/**
 * The heap-snapshot reader on a real V8 heap snapshot: a small Node process keeps objects of uniquely named classes
 * through a global array and through a closure's scope, writes a snapshot with `v8.writeHeapSnapshot`, and the
 * reader must name both. A child process is cheaper than the test worker's own heap (measured on a busy machine:
 * 4 MB of snapshot in about 2 s, process start included, against 8 MB in 8 s for the worker).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeapGraph } from './graph.ts';
import { RetainerNames } from './kept-by.ts';
import { retainerTree } from './paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'leakscope-heap-'));
const script = join(dir, 'retain.js');
const file = join(dir, 'retain.heapsnapshot');

const SOURCE = `'use strict';
class LeakscopeHeldByGlobal {}
class LeakscopeHeldByClosure {}
globalThis.heldByTest = [new LeakscopeHeldByGlobal()];
function makeHolder() {
  const probes = [new LeakscopeHeldByClosure()];
  return function holdsProbes() { return probes; };
}
globalThis.holder = makeHolder();
require('node:v8').writeHeapSnapshot(${JSON.stringify(file)});
`;

let graph: HeapGraph;
let names: RetainerNames;
let timings: string;

beforeAll(() => {
  writeFileSync(script, SOURCE);
  const started = performance.now();
  execFileSync(process.execPath, ['--max-old-space-size=64', script], { stdio: 'pipe', timeout: 20_000 });
  const written = performance.now();
  const text = readFileSync(file, 'utf8');
  graph = HeapGraph.parse(text);
  names = new RetainerNames(retainerTree(graph));
  const read = performance.now();
  timings = `${(text.length / 1e6).toFixed(1)} MB snapshot: written in ${Math.round(written - started)} ms, read and indexed in ${Math.round(read - written)} ms`;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one instance of the class named `name`. */
function instanceOf(name: string): number {
  const found: number[] = [];
  for (let n = 0; n < graph.nodeCount; n++) if (graph.nodeType(n) === 'object' && graph.nodeName(n) === name) found.push(n);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('a real V8 heap snapshot (node:v8 in a child process)', () => {
  it('names the global array that keeps an object', () => {
    console.log(timings);
    expect(names.keptBy(instanceOf('LeakscopeHeldByGlobal'))).toEqual({ path: 'globalThis.heldByTest[0]' });
  });

  it("names the closure's variable that keeps an object, with the function and the script", () => {
    expect(names.keptBy(instanceOf('LeakscopeHeldByClosure'))).toEqual({
      path: 'probes[0]',
      script,
      closure: { functionName: 'holdsProbes', url: script, line: 7, column: expect.any(Number) as number },
    });
  });
});
