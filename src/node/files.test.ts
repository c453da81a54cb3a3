import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSeries, renderJson } from '../core/index.ts';
import { seriesOfCounts, snapshot } from '../core/testing/builder.ts';
import { readBudgetFile } from './budget-file.ts';
import { readReportFile, readSnapshotFile, readTextFile } from './files.ts';

const dir = mkdtempSync(join(tmpdir(), 'leakscope-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readers', () => {
  it('read snapshots, reports and budgets', () => {
    const s = snapshot().group({ count: 2 }).build();
    expect(readSnapshotFile(file('s.json', JSON.stringify(s)))).toEqual(s);
    const report = analyzeSeries(seriesOfCounts([0, 1, 2]));
    expect(readReportFile(file('r.json', renderJson(report)))).toEqual(report);
    expect(readBudgetFile(file('b.yml', 'listener: 2\n'))).toEqual({ listener: 2 });
  });

  it('name the file as asked', () => {
    expect(() => readSnapshotFile(join(dir, 'nope.json'), { source: 'nope.json' })).toThrow(/^nope\.json: no such file$/);
    expect(() => readSnapshotFile(file('bad.json', '{}'), { source: 'bad.json' })).toThrow(/^bad\.json: \$\.schema: missing/);
  });

  it('refuse directories and oversized files before reading them', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(() => readTextFile(sub)).toThrow(/is a directory, expected a file$/);
    expect(() => readTextFile(file('big.json', 'x'.repeat(2048)), { maxBytes: 1024 })).toThrow(/too large: files over 1\.0 KB are refused$/);
    expect(readTextFile(file('ok.json', 'x'.repeat(1024)), { maxBytes: 1024 })).toHaveLength(1024);
  });

  it('decode UTF-8 across the whole file', () => {
    expect(readTextFile(file('u.txt', 'héllo ✓'))).toBe('héllo ✓');
  });
});
