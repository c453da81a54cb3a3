/**
 * The page read-out: what `window[Symbol.for('leakscope')]` answers in every instrumented realm (the page script
 * builds it in src/content/instrument/readout.ts; the collector and the Playwright code read it over CDP). The one
 * definition of its shape, and the validator every reader runs on it before use.
 *
 * Everything on `window` is the page's to overwrite: a page can replace `Symbol.for`, plant a forged read-out on
 * a child frame before its scripts run, or patch the built-ins the read-out is built from. So a reader treats the
 * read-out as untrusted input, like a protocol message: {@link parseSummary} keeps what is right item by item, drops
 * or clamps the rest, and says what it dropped, so the collector can put it in the snapshot's health warnings.
 *
 * Like ./validate.ts, this ships in the page bundle: no dependency, nothing from the core or Node.
 */
import type { PageStats } from './protocol.ts';

/** A stack frame exactly as the browser gave it, innermost first. */
export interface ReadoutFrame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

/** Live resources of one signature (see shared/signature.ts). `kind` is one of the core's group kinds. */
export interface ReadoutGroup {
  kind: string;
  signature: string;
  type: string;
  target: string;
  count: number;
  bytes?: number;
  epochs: { epoch: number; count: number }[];
  samples: { description: string; state?: string }[];
  stack: readonly ReadoutFrame[];
}

/** One navigation the realm saw; `time` is milliseconds since the Unix epoch (Date.now()). */
export interface ReadoutNavigation {
  epoch: number;
  url: string;
  type: string;
  time: number;
}

export interface ReadoutHealth {
  errors: number;
  droppedStacks: number;
  dropped: number;
  droppedGroups: number;
  tracked: number;
  stacks: number;
  patched: readonly string[];
  /** Why the realm's tracking is not complete (see the page script's health); absent from older page scripts. */
  impaired: readonly string[];
}

/** What `summary()` returns: everything live in one realm, grouped (JSON-serializable). */
export interface ReadoutSummary {
  url: string;
  title: string;
  epoch: number;
  navigations: readonly ReadoutNavigation[];
  groups: ReadoutGroup[];
  counts: Readonly<Record<string, number>>;
  health: ReadoutHealth;
}

/** What the registry knows about a (detached) DOM subtree: the shape of a snapshot's detached-root attribution. */
export interface Attribution {
  listeners: { type: string; target: string; stack: readonly ReadoutFrame[] }[];
  observers: { type: string; stack: readonly ReadoutFrame[] }[];
  removedBy?: readonly ReadoutFrame[];
}

/** What `window.__leakscope__` (and `window[Symbol.for('leakscope')]`) holds: the read-out API the collector and tests use. */
export interface LeakscopeReadout {
  readonly version: number;
  /** Live counters of this realm (cheap). */
  stats(): PageStats;
  /** Every live resource, grouped by signature, with samples, stacks and epochs (JSON-serializable). */
  summary(): ReadoutSummary;
  /** `summary()` as JSON text, made with the page script's own JSON (the page may replace the global one). */
  summaryJson(): string;
  /** What the registry knows about a DOM node and its subtree (for detached roots); undefined for a non-node. */
  attribution(node: unknown): Attribution | undefined;
}

/**
 * The largest values a read-out may hold; the page script stays well below them (50,000 groups, 1,000
 * navigations, 10 frames per stack, 3 samples per group). They are the snapshot's limits (core/limits.ts) or lower,
 * so what passes here also passes the snapshot schema once the collector has merged it.
 */
export const READOUT_LIMITS = {
  text: 8192,
  url: 8192,
  label: 256,
  signature: 16384,
  count: 1_000_000_000,
  bytes: 2 ** 50,
  position: 1_000_000_000,
  groups: 100_000,
  navigations: 10_000,
  epochs: 10_000,
  samples: 10,
  stackFrames: 64,
  patched: 1000,
  impaired: 20,
  /** Latest time a snapshot's ISO 8601 date-time can hold: 9999-12-31T23:59:59.999Z. */
  time: 253_402_300_799_999,
} as const;

/** Problems described in full in a warning, at most; the others are counted. */
const MAX_DESCRIBED = 3;

/**
 * What was wrong in a read-out, for one health warning. Only the first few problems are described.
 *
 * @example
 * const problems = new ReadoutProblems();
 * const summary = parseSummary(raw, 'summaries[0]', problems, GROUP_KINDS);
 * if (problems.count > 0) warnings.push(problems.warning());
 */
export class ReadoutProblems {
  count = 0;
  private readonly described: string[] = [];

  /** Records that the field at `at` was `value`, where `expected` was expected. */
  add(at: string, value: unknown, expected: string): void {
    this.count++;
    if (this.described.length < MAX_DESCRIBED) this.described.push(`${at} was ${describeValue(value)} (expected ${expected})`);
  }

  /** Records a problem already put in words. */
  note(text: string): void {
    this.count++;
    if (this.described.length < MAX_DESCRIBED) this.described.push(text);
  }

  /** The health warning: one line, with the first problems and how many more there were. */
  warning(): string {
    const more = this.count - this.described.length;
    const rest = more > 0 ? `, and ${more} more problem${more === 1 ? '' : 's'}` : '';
    return `The page changed Leakscope's read-out: ${this.described.join('; ')}${rest}. The page may have overwritten it; what was malformed was left out of this snapshot.`;
  }
}

/** A value in a few words: `a string ("ab…")`, `-1`, `an array of 3`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'missing';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

type Check<T> = (value: unknown, at: string, problems: ReadoutProblems) => T | undefined;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (v: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined);

/** A string, cut to `max` (a long URL or title is the page's right, not a forgery). */
const text =
  (max: number): Check<string> =>
  (v, at, p) => {
    if (typeof v === 'string') return v.length > max ? v.slice(0, max) : v;
    p.add(at, v, 'a string');
    return undefined;
  };

/** An integer in [0, max]. */
const whole =
  (max: number, what = 'a count'): Check<number> =>
  (v, at, p) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return v;
    p.add(at, v, what);
    return undefined;
  };

/** A finite number in [0, max] (byte estimates need not be whole). */
const amount =
  (max: number, what: string): Check<number> =>
  (v, at, p) => {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max) return v;
    p.add(at, v, what);
    return undefined;
  };

/**
 * An array whose valid items are kept, at most `max` of them (the first ones, or the last with `keep: 'last'`):
 * a non-array is an empty list, an invalid item is left out, each with a problem recorded.
 */
function list<T>(item: Check<T>, max: number, keep: 'first' | 'last' = 'first'): Check<T[]> {
  return (v, at, p) => {
    if (!Array.isArray(v)) {
      p.add(at, v, 'an array');
      return [];
    }
    let from = 0;
    let to = v.length;
    if (v.length > max) {
      p.note(`${at} had ${v.length} entries (at most ${max} are read)`);
      if (keep === 'last') from = v.length - max;
      else to = max;
    }
    const out: T[] = [];
    for (let i = from; i < to; i++) {
      const ok = item(v[i], `${at}[${i}]`, p);
      if (ok !== undefined) out.push(ok);
    }
    return out;
  };
}

const L = READOUT_LIMITS;

const frame: Check<ReadoutFrame> = (v, at, p) => {
  if (!isRecord(v)) return void p.add(at, v, 'a stack frame');
  const functionName = text(L.text)(own(v, 'functionName'), `${at}.functionName`, p);
  const url = text(L.url)(own(v, 'url'), `${at}.url`, p);
  const line = whole(L.position, 'a line number')(own(v, 'line'), `${at}.line`, p);
  const column = whole(L.position, 'a column number')(own(v, 'column'), `${at}.column`, p);
  if (functionName === undefined || url === undefined || line === undefined || column === undefined) return undefined;
  return { functionName, url, line, column };
};
const stack = list(frame, L.stackFrames);

const epochCount: Check<{ epoch: number; count: number }> = (v, at, p) => {
  if (!isRecord(v)) return void p.add(at, v, 'an epoch count');
  const epoch = whole(L.count, 'an epoch')(own(v, 'epoch'), `${at}.epoch`, p);
  const count = whole(L.count)(own(v, 'count'), `${at}.count`, p);
  return epoch === undefined || count === undefined ? undefined : { epoch, count };
};

const sample: Check<{ description: string; state?: string }> = (v, at, p) => {
  if (!isRecord(v)) return void p.add(at, v, 'a sample');
  const description = text(L.text)(own(v, 'description'), `${at}.description`, p);
  if (description === undefined) return undefined;
  const rawState = own(v, 'state');
  const state = rawState === undefined ? undefined : text(L.label)(rawState, `${at}.state`, p);
  return { description, ...(state !== undefined ? { state } : {}) };
};

const group =
  (kinds: readonly string[]): Check<ReadoutGroup> =>
  (v, at, p) => {
    if (!isRecord(v)) return void p.add(at, v, 'a group');
    const kind = own(v, 'kind');
    if (typeof kind !== 'string' || !kinds.includes(kind)) return void p.add(`${at}.kind`, kind, `one of ${kinds.join(', ')}`);
    const rawSignature = own(v, 'signature');
    if (rawSignature === '') return void p.add(`${at}.signature`, rawSignature, 'a non-empty string');
    const signature = text(L.signature)(rawSignature, `${at}.signature`, p);
    const type = text(L.label)(own(v, 'type'), `${at}.type`, p);
    const target = text(L.text)(own(v, 'target'), `${at}.target`, p);
    const count = whole(L.count)(own(v, 'count'), `${at}.count`, p);
    if (signature === undefined || type === undefined || target === undefined || count === undefined) return undefined;
    const rawBytes = own(v, 'bytes');
    const bytes = rawBytes === undefined ? undefined : amount(L.bytes, 'a byte size')(rawBytes, `${at}.bytes`, p);
    return {
      kind,
      signature,
      type,
      target,
      count,
      ...(bytes !== undefined ? { bytes } : {}),
      epochs: list(epochCount, L.epochs)(own(v, 'epochs'), `${at}.epochs`, p) ?? [],
      samples: list(sample, L.samples)(own(v, 'samples'), `${at}.samples`, p) ?? [],
      stack: stack(own(v, 'stack'), `${at}.stack`, p) ?? [],
    };
  };

const navigation: Check<ReadoutNavigation> = (v, at, p) => {
  if (!isRecord(v)) return void p.add(at, v, 'a navigation');
  const epoch = whole(L.count, 'an epoch')(own(v, 'epoch'), `${at}.epoch`, p);
  const url = text(L.url)(own(v, 'url'), `${at}.url`, p);
  const type = text(L.label)(own(v, 'type'), `${at}.type`, p);
  // Date.now() of a page whose clock is sane: a time a snapshot's ISO date-time can hold.
  const time = amount(L.time, 'a time in ms since 1970, before the year 10000')(own(v, 'time'), `${at}.time`, p);
  if (epoch === undefined || url === undefined || type === undefined || time === undefined) return undefined;
  return { epoch, url, type, time };
};

/** A field that falls back to `fallback` when it is wrong (the problem is recorded all the same). */
const orElse =
  <T>(check: Check<T>, fallback: T): Check<T> =>
  (v, at, p) =>
    check(v, at, p) ?? fallback;

const health: Check<ReadoutHealth> = (v, at, p) => {
  if (!isRecord(v)) {
    p.add(at, v, 'an object');
    return { errors: 0, droppedStacks: 0, dropped: 0, droppedGroups: 0, tracked: 0, stacks: 0, patched: [], impaired: [] };
  }
  const h = v;
  const n = (key: string) => orElse(whole(L.count), 0)(own(h, key), `${at}.${key}`, p)!;
  return {
    errors: n('errors'),
    droppedStacks: n('droppedStacks'),
    dropped: n('dropped'),
    droppedGroups: n('droppedGroups'),
    tracked: n('tracked'),
    stacks: n('stacks'),
    patched: list(text(L.label), L.patched)(own(h, 'patched'), `${at}.patched`, p) ?? [],
    impaired: own(h, 'impaired') === undefined ? [] : (list(text(L.text), L.impaired)(own(h, 'impaired'), `${at}.impaired`, p) ?? []),
  };
};

const counts: Check<Record<string, number>> = (v, at, p) => {
  const out: Record<string, number> = {};
  if (!isRecord(v)) {
    p.add(at, v, 'an object');
    return out;
  }
  for (const key of Object.keys(v).slice(0, 100)) {
    const n = whole(L.count)(v[key], `${at}.${key}`, p);
    if (n !== undefined) Object.defineProperty(out, key, { value: n, enumerable: true, writable: true, configurable: true });
  }
  return out;
};

/**
 * A summary as read from a page, checked field by field: a freshly built {@link ReadoutSummary} of what is right,
 * or undefined when `raw` is not a summary at all. Every problem goes to `problems`, named by its path from `at`.
 *
 * @param kinds the group kinds a reader knows; a group of another kind is left out.
 * @example
 * const problems = new ReadoutProblems();
 * const summary = parseSummary(result.value, 'summary', problems, GROUP_KINDS);
 */
export function parseSummary(raw: unknown, at: string, problems: ReadoutProblems, kinds: readonly string[]): ReadoutSummary | undefined {
  if (!isRecord(raw)) return void problems.add(at, raw, 'a summary');
  const p = problems;
  return {
    url: orElse(text(L.url), '')(own(raw, 'url'), `${at}.url`, p)!,
    title: orElse(text(L.text), '')(own(raw, 'title'), `${at}.title`, p)!,
    epoch: orElse(whole(L.count, 'an epoch'), 0)(own(raw, 'epoch'), `${at}.epoch`, p)!,
    navigations: list(navigation, L.navigations, 'last')(own(raw, 'navigations'), `${at}.navigations`, p) ?? [],
    groups: list(group(kinds), L.groups)(own(raw, 'groups'), `${at}.groups`, p) ?? [],
    counts: counts(own(raw, 'counts'), `${at}.counts`, p) ?? {},
    health: health(own(raw, 'health'), `${at}.health`, p)!,
  };
}

/** An attribution as read from a page, checked like {@link parseSummary}; undefined when it is not one. */
export function parseAttribution(raw: unknown, at: string, problems: ReadoutProblems): Attribution | undefined {
  if (!isRecord(raw)) return void problems.add(at, raw, 'an attribution');
  const p = problems;
  const listener: Check<Attribution['listeners'][number]> = (v, at2, p2) => {
    if (!isRecord(v)) return void p2.add(at2, v, 'a listener');
    const type = text(L.label)(own(v, 'type'), `${at2}.type`, p2);
    const target = text(L.text)(own(v, 'target'), `${at2}.target`, p2);
    return type === undefined || target === undefined ? undefined : { type, target, stack: stack(own(v, 'stack'), `${at2}.stack`, p2) ?? [] };
  };
  const observer: Check<Attribution['observers'][number]> = (v, at2, p2) => {
    if (!isRecord(v)) return void p2.add(at2, v, 'an observer');
    const type = text(L.label)(own(v, 'type'), `${at2}.type`, p2);
    return type === undefined ? undefined : { type, stack: stack(own(v, 'stack'), `${at2}.stack`, p2) ?? [] };
  };
  const rawRemoved = own(raw, 'removedBy');
  const removedBy = rawRemoved === undefined ? undefined : stack(rawRemoved, `${at}.removedBy`, p);
  return {
    listeners: list(listener, 1000)(own(raw, 'listeners'), `${at}.listeners`, p) ?? [],
    observers: list(observer, 1000)(own(raw, 'observers'), `${at}.observers`, p) ?? [],
    ...(removedBy !== undefined ? { removedBy } : {}),
  };
}
