/**
 * Heap-snapshot analysis, pure: the V8 heap snapshot format read and indexed (./graph.ts), shortest retainer paths
 * (./paths.ts), and what keeps a node alive named as the page's code spells it (./kept-by.ts). The collector takes
 * the snapshot over CDP (src/collector/retainers.ts); the tests build snapshots with src/core/testing/heap-builder.ts.
 */
export { HeapGraph, HeapSnapshotError, type RawHeapSnapshot, type HeapLocation } from './graph.ts';
export { retainerTree, type RetainerTree } from './paths.ts';
export { keptBy, RetainerNames, MAX_STEPS, type WantedRoot } from './kept-by.ts';
