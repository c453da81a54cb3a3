/**
 * Malformed input never crashes `leakscope diff`: every case exits 2 with one line on stderr that starts with
 * `leakscope: `, names the file (and the JSON path when there is one), and shows no stack trace.
 *
 * FILE_CASES run the real binary in a child process; every case also runs through `main()` in this process, with
 * MORE_FILE_CASES and USAGE_CASES (a child process costs about half a second of CPU, and the suite must stay fast).
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePair } from '../core/analysis/analyze.ts';
import { LIMITS } from '../core/limits.ts';
import { snapshot } from '../core/testing/builder.ts';
import { runMain, spawnCli, type CliResult } from './testing/cli.ts';

type Path = ReadonlyArray<string | number>;

const goodText = () => JSON.stringify(snapshot(0).group({ type: 'resize', count: 1 }).detached().build());

/** A valid snapshot with the value at `path` replaced (or removed, for `undefined`), as JSON text. */
function withValue(path: Path, value: unknown): string {
  const root: unknown = JSON.parse(goodText());
  let here = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) here = here[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete here[last];
  else here[last] = value;
  return JSON.stringify(root);
}

const FRAME = { functionName: 'f', url: 'https://app.test/a.js', line: 1, column: 1 };

/** name -> [file content, or a function creating the file; the expected message after "leakscope: "] */
const FILE_CASES: Array<[string, string | Buffer | ((path: string) => void), RegExp]> = [
  ['empty.json', '', /^empty\.json: the file is empty$/],
  ['truncated.json', goodText().slice(0, 200), /^truncated\.json: not valid JSON: the text ends too early \(truncated file\?\)$/],
  [
    'garbage.bin',
    Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    /^garbage\.bin: not valid JSON/,
  ],
  ['utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(goodText(), 'utf16le')]), /^utf16\.json: not valid JSON/],
  ['array.json', '[1, 2, 3]', /^array\.json: \$: expected a Leakscope snapshot .*, got an array of 3 items$/],
  [
    'package.json',
    '{"name":"app","version":"1.0.0"}',
    /^package\.json: \$\.schema: missing; expected "leakscope\/snapshot@1" \(is this a Leakscope snapshot\?\)$/,
  ],
  [
    'v2.json',
    withValue(['schema'], 'leakscope/snapshot@2'),
    /^v2\.json: \$\.schema: unsupported version "leakscope\/snapshot@2"; this Leakscope reads "leakscope\/snapshot@1"$/,
  ],
  [
    'report.json',
    JSON.stringify(analyzePair(snapshot(0).build(), snapshot(1).build())),
    /^report\.json: \$\.schema: this is a Leakscope report, expected a snapshot/,
  ],
  ['missing-counters.json', withValue(['counters'], undefined), /^missing-counters\.json: \$\.counters: missing \(expected an object\)$/],
  ['mistyped-count.json', withValue(['groups', 0, 'count'], '3'), /^mistyped-count\.json: \$\.groups\[0\]\.count: expected a number, got "3"$/],
  [
    'negative-count.json',
    withValue(['groups', 0, 'count'], -4),
    /^negative-count\.json: \$\.groups\[0\]\.count: too small: must be at least 0, got -4$/,
  ],
  [
    'absurd-heap.json',
    withValue(['counters', 'jsHeapUsedSize'], 1e300),
    /^absurd-heap\.json: \$\.counters\.jsHeapUsedSize: too large: must be at most \d+, got 1e\+300$/,
  ],
  ['bad-time.json', withValue(['meta', 'time'], 'yesterday'), /^bad-time\.json: \$\.meta\.time: expected an ISO 8601 date-time/],
  ['bad-kind.json', withValue(['groups', 0, 'kind'], 'leak'), /^bad-kind\.json: \$\.groups\[0\]\.kind: expected "listener" or "websocket"/],
  [
    'huge-groups.json',
    withValue(['groups'], new Array(LIMITS.maxGroups + 1).fill(0)),
    /^huge-groups\.json: \$\.groups: too many items: at most 1000000 allowed, got 1000001$/,
  ],
  [
    'long-signature.json',
    withValue(['groups', 0, 'signature'], 'x'.repeat(100_000)),
    /^long-signature\.json: \$\.groups\[0\]\.signature: too long: at most 16384 characters allowed, got 100000$/,
  ],
  ['proto-schema.json', '{"__proto__":{"schema":"leakscope/snapshot@1"}}', /^proto-schema\.json: \$\.schema: missing/],
  ['nested-deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, /^nested-deep\.json: (\$: expected a Leakscope snapshot|not valid JSON)/],
  [
    'control-chars.json',
    withValue(['schema'], 'evil\u001b[2J\u0007'),
    /^control-chars\.json: \$\.schema: expected "leakscope\/snapshot@1", got "evil\\u001b\[2J\\u0007"$/,
  ],
  ['directory', (path) => mkdirSync(path), /^directory: is a directory, expected a file$/],
  ['missing.json', () => undefined, /^missing\.json: no such file$/],
  [
    'too-big.json',
    (path) => {
      writeFileSync(path, '');
      truncateSync(path, LIMITS.maxFileBytes + 1); // sparse: no disk used, refused before reading
    },
    /^too-big\.json: too large: files over 200\.0 MB are refused$/,
  ],
];

/** More malformed files, checked in this process only. */
const MORE_FILE_CASES: Array<[string, string, RegExp]> = [
  ['blank.json', ' \n\t\n', /^blank\.json: the file is empty$/],
  ['trailing.json', `${goodText()} x`, /^trailing\.json: not valid JSON at line 1, column \d+: Unexpected non-whitespace character after JSON$/],
  ['string.json', '"leakscope/snapshot@1"', /^string\.json: \$: expected a Leakscope snapshot/],
  ['huge-number.json', goodText().replace('"nodes":1000', '"nodes":1e999'), /^huge-number\.json: \$\.counters\.nodes: /],
  [
    'detached-as-group.json',
    withValue(['groups', 0, 'kind'], 'detached-dom'),
    /^detached-as-group\.json: \$\.groups\[0\]\.kind: expected "listener"/,
  ],
  ['null-group.json', withValue(['groups', 0], null), /^null-group\.json: \$\.groups\[0\]: expected an object, got null$/],
  [
    'deep-stack.json',
    withValue(['groups', 0, 'stack'], new Array(500).fill(FRAME)),
    /^deep-stack\.json: \$\.groups\[0\]\.stack: too many items: at most 64 allowed, got 500$/,
  ],
  [
    'proto-field.json',
    withValue(['health'], undefined).replace('{"schema"', '{"__proto__":{"health":{}},"schema"'),
    /^proto-field\.json: \$\.health: missing/,
  ],
  ['bom-garbage.json', '\ufeff\ufeff{}', /^bom-garbage\.json: not valid JSON/],
  ['null.json', 'null', /^null\.json: \$: expected a Leakscope snapshot .*, got null$/],
  [
    'fractional-line.json',
    withValue(['groups', 0, 'stack', 0, 'line'], 1.5),
    /^fractional-line\.json: \$\.groups\[0\]\.stack\[0\]\.line: expected an integer, got 1\.5$/,
  ],
];

const USAGE_CASES: Array<[string, string[], RegExp]> = [
  ['one file', ['diff', 'good.json'], /^diff needs two snapshot files \(got 1\)/],
  ['three files', ['diff', 'good.json', 'good.json', 'good.json'], /^diff needs two snapshot files \(got 3\)/],
  ['unknown option', ['diff', 'good.json', 'good.json', '--colour'], /^unknown option --colour; see leakscope diff --help$/],
  ['option without value', ['diff', 'good.json', 'good.json', '--format'], /^option --format needs a value; see leakscope diff --help$/],
  ['unknown format', ['diff', 'good.json', 'good.json', '--format', 'pdf'], /^unknown format "pdf"; use one of text, markdown, json, html$/],
  ['missing budget', ['diff', 'good.json', 'good.json', '--budget', 'nope.yml'], /^nope\.yml: no such file$/],
  ['bad budget', ['diff', 'good.json', 'good.json', '--budget', 'bad-budget.yml'], /^bad-budget\.yml: \$\.listeners: unknown kind/],
  ['bad --allow', ['diff', 'good.json', 'good.json', '--allow', 'heap'], /^--allow heap: expected KIND=VALUE/],
  ['unwritable --out', ['diff', 'good.json', 'good.json', '--out', 'no/such/dir/report.txt'], /^cannot write .*report\.txt: ENOENT$/],
  ['unknown command', ['dif', 'good.json', 'good.json'], /^unknown command "dif"; run leakscope --help$/],
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leakscope-bad-'));
  writeFileSync(join(dir, 'good.json'), goodText());
  writeFileSync(join(dir, 'bad-budget.yml'), 'listeners: 2\n');
  for (const [name, content] of [...FILE_CASES, ...MORE_FILE_CASES]) {
    const path = join(dir, name);
    if (typeof content === 'function') content(path);
    else writeFileSync(path, content);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLineError(r: CliResult, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line.startsWith('leakscope: ')).toBe(true);
  expect(line).not.toMatch(/\bat .*:\d+:\d+\)?$|Error:|internal error/);
  // eslint-disable-next-line no-control-regex -- matches control characters on purpose
  expect(line).not.toMatch(/[\u0000-\u001f]/);
  expect(line.slice('leakscope: '.length)).toMatch(message);
}

describe.concurrent('malformed snapshot files: the real binary exits 2 with one line', () => {
  it('has at least 20 malformed files', () => {
    expect(FILE_CASES.length).toBeGreaterThanOrEqual(20);
  });
  for (const [name, , message] of FILE_CASES) {
    it(name, async () => {
      expectOneLineError(await spawnCli(['diff', 'good.json', name], { cwd: dir }), message);
    });
  }
});

describe('malformed snapshot files on either side exit 2 with one line', () => {
  for (const [name, , message] of [...FILE_CASES, ...MORE_FILE_CASES]) {
    it(name, async () => {
      expectOneLineError(await runMain(['diff', name, 'good.json'], { cwd: dir }), message);
      expectOneLineError(await runMain(['diff', 'good.json', name], { cwd: dir }), message);
    });
  }
});

describe('bad usage exits 2 with one line', () => {
  for (const [name, args, message] of USAGE_CASES) {
    it(name, async () => {
      expectOneLineError(await runMain(args, { cwd: dir }), message);
    });
  }
});
