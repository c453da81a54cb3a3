/**
 * `leakscope run --snapshots DIR`: the folder is checked (or created) before a browser starts, and each snapshot is
 * written as a file that `leakscope diff` reads back. (A real run writing them: e2e/run-cli.spec.ts.)
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../node/files.ts';
import { series } from '../core/testing/builder.ts';
import { perIteration } from '../core/testing/builder.ts';
import { prepareSnapshotDir, snapshotFileName, writeRunSnapshot } from './snapshot-dir.ts';
import { runMain } from './testing/cli.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leakscope-snapdir-'));
  writeFileSync(join(dir, 'a-file'), 'x');
  // A scenario that loads: the folder is checked after it and before any browser starts.
  writeFileSync(join(dir, 'ok.mjs'), "export default { url: 'http://127.0.0.1:1/', action() {}, back() {} };\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const messageOf = (fn: () => void) => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('prepareSnapshotDir', () => {
  it('creates a missing folder and its parents', () => {
    const path = join(dir, 'runs', 'today');
    prepareSnapshotDir(path, 'runs/today');
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it('accepts a folder that exists', () => {
    expect(messageOf(() => prepareSnapshotDir(dir, 'here'))).toBeUndefined();
  });

  it('refuses a file', () => {
    expect(messageOf(() => prepareSnapshotDir(join(dir, 'a-file'), 'a-file'))).toBe(
      '--snapshots a-file is a file, not a folder; name a folder for the snapshot files',
    );
  });

  it('refuses a path through a file', () => {
    expect(messageOf(() => prepareSnapshotDir(join(dir, 'a-file', 'sub'), 'a-file/sub'))).toBe(
      '--snapshots a-file/sub: a part of the path is a file, not a folder',
    );
  });

  // root may write anywhere: this can only be checked as another user.
  it.skipIf(process.getuid?.() === 0)('refuses a folder it cannot write to', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      expect(messageOf(() => prepareSnapshotDir(locked, 'locked'))).toBe('--snapshots locked is not writable (EACCES)');
      expect(messageOf(() => prepareSnapshotDir(join(locked, 'sub'), 'locked/sub'))).toBe(
        '--snapshots locked/sub: cannot create the folder (permission denied)',
      );
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('writeRunSnapshot', () => {
  it('names the files baseline.json, iteration-1.json … and writes snapshots that read back as they were', () => {
    const out = join(dir, 'written');
    prepareSnapshotDir(out, 'written');
    const snaps = series(3, (b, i) => void b.group({ type: 'resize', target: 'window', createdIn: perIteration(i, 1) }));
    snaps.forEach((s, i) => writeRunSnapshot(out, i, s));
    expect(readdirSync(out).sort()).toEqual(['baseline.json', 'iteration-1.json', 'iteration-2.json', 'iteration-3.json']);
    snaps.forEach((s, i) => expect(readSnapshotFile(join(out, snapshotFileName(i)))).toEqual(s));
  });

  it('names the file it cannot write', () => {
    const [s] = series(1, () => undefined);
    expect(messageOf(() => writeRunSnapshot(join(dir, 'a-file'), 0, s!))).toBe(`cannot write ${join(dir, 'a-file', 'baseline.json')}: ENOTDIR`);
  });
});

describe('leakscope run --snapshots', () => {
  for (const [what, arg, message] of [
    ['a file', 'a-file', /^leakscope: --snapshots a-file is a file, not a folder; name a folder for the snapshot files$/],
    ['a path through a file', 'a-file/sub', /^leakscope: --snapshots a-file\/sub: a part of the path is a file, not a folder$/],
  ] as const) {
    it(`${what}: exit 2 with one line, before any browser starts`, async () => {
      const { code, stdout, stderr } = await runMain(['run', 'ok.mjs', '--snapshots', arg], { cwd: dir });
      expect(stderr).toMatch(new RegExp(message.source.replace(/\$$/, '\\n$')));
      expect(stdout).toBe('');
      expect(code).toBe(2);
    });
  }
});
