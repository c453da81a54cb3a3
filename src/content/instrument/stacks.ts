/**
 * Creation stacks, cheap enough to take on every tracked call.
 *
 * A stack is taken as V8's string (formatted at once: a kept Error would keep every receiver on the stack alive),
 * interned by its raw text so that one call site costs one Map lookup after the first time, and parsed only on a
 * miss. Our own frames are stripped; depth and the number of distinct stacks are capped.
 */
import type { Health } from './health.ts';

/** A stack frame as the browser gave it: 1-based line and column, as in `Error.stack`. */
export interface Frame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

/** An interned stack; 0 is "no stack" (none captured, or the table is full). */
export type StackId = number;

export interface Stacks {
  /** Captures the current stack, minus Leakscope's own frames. */
  capture(): StackId;
  frames(id: StackId): readonly Frame[];
  /** Distinct stacks kept. */
  size(): number;
}

/** Frames kept per stack, after our own are stripped. */
export const MAX_DEPTH = 10;
/** Distinct stacks kept; beyond this, new ones are not recorded (health: `droppedStacks`). */
export const MAX_STACKS = 20_000;
const MAX_RAW = 8192;
/** Extra frames captured so that stripping ours still leaves MAX_DEPTH of the page's. */
const OWN_FRAMES_SLACK = 8;

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
const FRAME_NO_POSITION = /^\s*at (?:(.+?) \()?([^()]+?)\)?$/;

/** Parses one line of a V8 stack (`    at fn (url:1:2)`, `    at url:1:2`, `    at async fn (url:1:2)`). */
export function parseFrame(line: string): Frame | undefined {
  const m = FRAME.exec(line);
  if (m) return { functionName: plainName(m[1]), url: m[2]!, line: Number(m[3]), column: Number(m[4]) };
  const n = FRAME_NO_POSITION.exec(line);
  if (n) return { functionName: plainName(n[1]), url: n[2]!, line: 0, column: 0 };
  return undefined;
}

/**
 * V8 names a caller `async f` when the stack was taken after an `await` and `f` before it: the same code, so the
 * same name (and the same group).
 */
function plainName(name: string | undefined): string {
  if (!name) return '';
  return name.startsWith('async ') ? name.slice(6) : name;
}

/**
 * @param ownUrls URLs of Leakscope's own scripts; their frames never appear in a stack.
 */
export function createStacks(realm: typeof globalThis, health: Health, ownUrls: readonly string[]): Stacks {
  const NativeError = realm.Error;
  const byRaw = new Map<string, StackId>();
  const table: (readonly Frame[])[] = [[]];
  const isOwn = (url: string) => ownUrls.some((own) => url === own);

  const parse = (raw: string): Frame[] => {
    const out: Frame[] = [];
    const lines = raw.split('\n');
    // The first line is the message ("Error").
    for (let i = 1; i < lines.length && out.length < MAX_DEPTH; i++) {
      const frame = parseFrame(lines[i]!);
      if (!frame || isOwn(frame.url)) continue;
      out.push(frame);
    }
    return out;
  };

  return {
    capture() {
      const ctor = NativeError as unknown as { stackTraceLimit: number; prepareStackTrace?: unknown };
      const savedLimit = ctor.stackTraceLimit;
      const savedPrepare = ctor.prepareStackTrace;
      let raw: unknown;
      try {
        // The page may have changed both; ours must be V8's plain format, deep enough, and leave theirs as it was.
        ctor.stackTraceLimit = MAX_DEPTH + OWN_FRAMES_SLACK;
        if (savedPrepare !== undefined) ctor.prepareStackTrace = undefined;
        raw = new NativeError().stack;
      } finally {
        ctor.stackTraceLimit = savedLimit;
        if (savedPrepare !== undefined) ctor.prepareStackTrace = savedPrepare;
      }
      if (typeof raw !== 'string') return 0;
      const key = raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) : raw;
      const known = byRaw.get(key);
      if (known !== undefined) return known;
      if (table.length > MAX_STACKS) {
        health.droppedStacks++;
        return 0;
      }
      const id = table.length;
      table.push(parse(key));
      byRaw.set(key, id);
      return id;
    },
    frames: (id) => table[id] ?? [],
    size: () => table.length - 1,
  };
}

/** The URL of the script that calls this, from its own stack (Leakscope's bundle, wherever it was loaded from). */
export function ownScriptUrl(realm: typeof globalThis): string | undefined {
  const raw = new realm.Error().stack;
  if (typeof raw !== 'string') return undefined;
  for (const line of raw.split('\n').slice(1)) {
    const frame = parseFrame(line);
    if (frame) return frame.url;
  }
  return undefined;
}
