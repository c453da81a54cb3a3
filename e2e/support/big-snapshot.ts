/**
 * A large, valid snapshot for the import tests: a real snapshot's file with many listener groups added, each within
 * the schema's limits (src/core/limits.ts), until the file is at least `minBytes` long.
 */
interface SnapshotFile {
  meta: { label: string };
  groups: unknown[];
}

export function bigSnapshot(base: string, minBytes: number, label = 'big'): string {
  const file = JSON.parse(base) as SnapshotFile;
  file.meta.label = label;
  const stack = (i: number) =>
    Array.from({ length: 8 }, (_, f) => ({
      functionName: `renderRow${f}`,
      url: `http://fixtures.leakscope.test/app/big-list-${i % 97}.js`,
      line: 10 + f,
      column: 3 + (i % 50),
    }));
  const group = (i: number) => ({
    kind: 'listener',
    signature: `listener|click|div#row-${i}|renderRow0@http://fixtures.leakscope.test/app/big-list-${i % 97}.js:10:${3 + (i % 50)}`,
    type: 'click',
    target: `div#row-${i}.row.item`,
    count: 1 + (i % 5),
    epochs: [{ epoch: 0, count: 1 + (i % 5) }],
    samples: Array.from({ length: 3 }, (_, s) => ({ description: `onRowClick${s} on div#row-${i}.row.item` })),
    stack: stack(i),
  });
  const one = JSON.stringify(group(0)).length + 1;
  const n = Math.ceil(Math.max(0, minBytes - base.length) / one);
  for (let i = 0; i < n; i++) file.groups.push(group(i));
  return JSON.stringify(file);
}
