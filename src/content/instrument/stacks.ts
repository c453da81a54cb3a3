/**
 * Creation stacks, cheap enough to take on every tracked call.
 *
 * A stack is taken as V8's string (formatted at once: a kept Error would keep every receiver on the stack alive),
 * interned by its raw text so that one call site costs one Map lookup after the first time, and parsed only on a
 * miss. Our own frames are stripped; depth and the number of distinct stacks are capped.
 */
import type { Health } from './health.ts';
import { append, execOf, indexOf, min, now, SafeMap, sliceOf, startsWith, toNumber } from './intrinsics.ts';

/** A stack frame as the browser gave it: 1-based line and column, as in `Error.stack`. */
export interface Frame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

/** An interned stack; 0 is "no stack" (none captured), {@link OTHER_STACK} the overflow of a full table. */
export type StackId = number;

export interface Stacks {
  /** Captures the current stack, minus Leakscope's own frames. */
  capture(): StackId;
  /**
   * The current stack for a call whose `site` (a string that tells call sites apart: event type, target, the
   * listener's source) was seen a moment ago: during a burst of alike calls (a loop adding a listener to each of
   * 10,000 rows) the stack is re-taken only now and then, with the gap between checks doubling while it stays
   * the same, and at once again when it changed or the burst is over. Outside bursts, every call is captured.
   */
  captureAt(site: string): StackId;
  frames(id: StackId): readonly Frame[];
  /** Distinct stacks kept. */
  size(): number;
}

/** Frames kept per stack, after our own are stripped. */
export const MAX_DEPTH = 10;
/**
 * Distinct stacks kept; beyond this, new ones are not recorded: they all share {@link OTHER_STACK} (counted in
 * health: `droppedStacks`), so that what they created is still counted, in groups of their own kind and target.
 */
export const MAX_STACKS = 20_000;
/** The one stack every stack past {@link MAX_STACKS} gets: a single frame that says so, and no line of the page's. */
export const OTHER_STACK: StackId = MAX_STACKS + 1;
const OTHER_FRAMES: readonly Frame[] = [{ functionName: '(other stacks: stack table full)', url: '(other)', line: 0, column: 0 }];
const MAX_RAW = 8192;
/** Extra frames captured so that stripping ours still leaves MAX_DEPTH of the page's. */
const OWN_FRAMES_SLACK = 8;

/** A call more than this long after its site's last capture is captured again (the burst is over), in ms. */
export const BURST_MS = 50;
/** Within a burst, at least every this many calls of one site are captured to check the stack is still the same. */
export const MAX_CHECK_GAP = 256;
/** Distinct sites remembered; the table starts over when full. */
const MAX_SITES = 4096;
const MAX_SITE_KEY = 512;

interface Site {
  stack: StackId;
  /** When the stack was last taken. */
  since: number;
  /** Calls since then, and after how many the next is taken. */
  calls: number;
  gap: number;
}

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
const FRAME_NO_POSITION = /^\s*at (?:(.+?) \()?([^()]+?)\)?$/;

/** Parses one line of a V8 stack (`    at fn (url:1:2)`, `    at url:1:2`, `    at async fn (url:1:2)`). */
export function parseFrame(line: string): Frame | undefined {
  const m = execOf(FRAME, line);
  if (m) return { functionName: plainName(m[1]), url: m[2]!, line: toNumber(m[3]), column: toNumber(m[4]) };
  const n = execOf(FRAME_NO_POSITION, line);
  if (n) return { functionName: plainName(n[1]), url: n[2]!, line: 0, column: 0 };
  return undefined;
}

/**
 * V8 names a caller `async f` when the stack was taken after an `await` and `f` before it: the same code, so the
 * same name (and the same group).
 */
function plainName(name: string | undefined): string {
  if (!name) return '';
  return startsWith(name, 'async ') ? sliceOf(name, 6) : name;
}

/**
 * @param ownUrls URLs of Leakscope's own scripts; their frames never appear in a stack.
 */
export function createStacks(realm: typeof globalThis, health: Health, ownUrls: readonly string[]): Stacks {
  const NativeError = realm.Error;
  const byRaw = new SafeMap<string, StackId>();
  const table: (readonly Frame[])[] = [[]];
  const isOwn = (url: string) => {
    for (let i = 0; i < ownUrls.length; i++) if (url === ownUrls[i]) return true;
    return false;
  };

  const parse = (raw: string): Frame[] => {
    const out: Frame[] = [];
    const lines = linesOf(raw);
    // The first line is the message ("Error").
    for (let i = 1; i < lines.length && out.length < MAX_DEPTH; i++) {
      const frame = parseFrame(lines[i]!);
      if (!frame || isOwn(frame.url)) continue;
      append(out, frame);
    }
    return out;
  };

  let sites = new SafeMap<string, Site>();

  const stacks: Stacks = {
    captureAt(site) {
      const key = site.length > MAX_SITE_KEY ? sliceOf(site, 0, MAX_SITE_KEY) : site;
      const t = now();
      const known = sites.get(key);
      if (known !== undefined && t - known.since <= BURST_MS && ++known.calls < known.gap) return known.stack;
      // One call of capture() for both cases below: our own frames (stripped, but part of the raw text the
      // stack is interned by) must be the same.
      const stack = stacks.capture();
      if (known === undefined) {
        if (sites.size >= MAX_SITES) sites = new SafeMap();
        sites.set(key, { stack, since: t, calls: 0, gap: 1 });
        return stack;
      }
      // The same stack again: trust it for twice as long. Another one: trust nothing until it settles.
      known.gap = stack === known.stack ? min(known.gap * 2, MAX_CHECK_GAP) : 1;
      known.stack = stack;
      known.since = t;
      known.calls = 0;
      return stack;
    },
    capture() {
      const ctor = NativeError as unknown as { stackTraceLimit: number; prepareStackTrace?: unknown };
      const savedLimit = ctor.stackTraceLimit;
      const savedPrepare = ctor.prepareStackTrace;
      // The page may have changed both; ours must be V8's plain format, deep enough, and leave theirs as it was.
      // A page may also freeze Error (hardened apps do) or make either read-only: then we take the stack as the
      // page left them, as deep as its limit allows, and count nothing as an error.
      const setLimit = savedLimit !== MAX_DEPTH + OWN_FRAMES_SLACK && assigned(ctor, 'stackTraceLimit', MAX_DEPTH + OWN_FRAMES_SLACK);
      const setPrepare = savedPrepare !== undefined && assigned(ctor, 'prepareStackTrace', undefined);
      let raw: unknown;
      try {
        raw = new NativeError().stack;
      } finally {
        if (setLimit) ctor.stackTraceLimit = savedLimit;
        if (setPrepare) ctor.prepareStackTrace = savedPrepare;
      }
      if (typeof raw !== 'string') return 0;
      const key = raw.length > MAX_RAW ? sliceOf(raw, 0, MAX_RAW) : raw;
      const known = byRaw.get(key);
      if (known !== undefined) return known;
      if (table.length > MAX_STACKS) {
        // Not remembered by its text: the table stays bounded, and each such call costs one lookup.
        health.droppedStacks++;
        if (table.length === OTHER_STACK) table[OTHER_STACK] = OTHER_FRAMES;
        return OTHER_STACK;
      }
      const id = table.length;
      append(table, parse(key));
      byRaw.set(key, id);
      return id;
    },
    frames: (id) => table[id] ?? [],
    size: () => (table.length > OTHER_STACK ? MAX_STACKS : table.length - 1),
  };
  return stacks;
}

/** The URL of the script that calls this, from its own stack (Leakscope's bundle, wherever it was loaded from). */
export function ownScriptUrl(realm: typeof globalThis): string | undefined {
  const raw = new realm.Error().stack;
  if (typeof raw !== 'string') return undefined;
  const lines = linesOf(raw);
  for (let i = 1; i < lines.length; i++) {
    const frame = parseFrame(lines[i]!);
    if (frame) return frame.url;
  }
  return undefined;
}

/** The lines of `text`, split by hand (never the page's `split`). */
function linesOf(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let at = indexOf(text, '\n'); at !== -1; at = indexOf(text, '\n', start)) {
    append(out, sliceOf(text, start, at));
    start = at + 1;
  }
  append(out, sliceOf(text, start));
  return out;
}

/** Sets `o[name] = value`; false, and nothing set, when `o` or the property is read-only (a frozen Error). */
function assigned(o: object, name: string, value: unknown): boolean {
  try {
    (o as Record<string, unknown>)[name] = value;
    return true;
  } catch {
    return false;
  }
}
