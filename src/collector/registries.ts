/**
 * Page-side source that reads the Leakscope registries of the page and of every same-origin frame inside it
 * (cross-origin frames have their own registry, out of reach from here).
 *
 * The source runs among the page's own scripts, which may have replaced any built-in it touches (`Symbol.for`,
 * `Array.prototype`, a getter on `window.frames`): every read is guarded, frames are reached by the window's own
 * indexed properties (never `frames` or `length`), nothing is added to an array through
 * `push` or an index an `Array.prototype` setter could catch (the results go into a prototype-less object), and
 * what comes back is only ever input for the validator in src/shared/readout.ts. The read-out is found under a
 * plain property (never through `Symbol.for`, which the page may have replaced).
 */
import { readoutOfSource } from '../shared/protocol.ts';

/** What a registry's read-out gave when calling it threw (a forged read-out, or a getter of the page's). */
export const READ_THREW = 'leakscope:threw';

/** Same-origin frames visited at most (Chrome creates at most 1,000 frames per page). */
const MAX_FRAMES = 1000;

/**
 * @param read what to call on each registry's read-out: `stats` (cheap counters) or `summary` (everything).
 * @param only read only the registry with this index (in visiting order), for a page whose read-outs cannot be
 *   returned by value all at once.
 * @returns an expression evaluating to `{ length, total, 0: result, 1: result, … }` (top frame first; `total`
 *   counts all registries found); {@link registryResults} makes it an array.
 */
export function readRegistriesSource(read: 'stats' | 'summary', only?: number): string {
  return `(() => {
  const out = { __proto__: null, length: 0, total: 0 };
  let visited = 0;
  const visit = (w, depth) => {
    if (visited++ >= ${MAX_FRAMES}) return;
    let readout;
    try {
      readout = ${readoutOfSource('w')};
    } catch (e) {
      return; // A cross-origin frame: not readable from here.
    }
    if (readout) {
      const index = out.total++;
      if (${only === undefined ? 'true' : `index === ${Math.trunc(only)}`}) {
        let value;
        try {
          value = readout.${read}();
        } catch (e) {
          value = { ${JSON.stringify(READ_THREW)}: true };
        }
        out[out.length++] = value;
      }
    }
    if (depth >= 8) return;
    // Children by index on the window itself: a WindowProxy's indexed properties are its child frames and cannot
    // be redefined by the page, unlike \`frames\` or \`length\` (a page can set \`window.frames = { length: 1e7 }\`
    // or a getter that never returns). Past the last child the index reads undefined.
    for (let i = 0; i < ${MAX_FRAMES} && visited < ${MAX_FRAMES}; i++) {
      let child;
      try {
        child = w[i];
      } catch (e) {
        break;
      }
      if (!child) break;
      visit(child, depth + 1);
    }
  };
  visit(window, 0);
  return out;
})()`;
}

/** The results of {@link readRegistriesSource} as an array, and how many registries the page had. */
export function registryResults(raw: unknown): { results: unknown[]; total: number } {
  if (typeof raw !== 'object' || raw === null) return { results: [], total: 0 };
  const record = raw as Record<string, unknown>;
  const length = typeof record.length === 'number' && Number.isInteger(record.length) ? Math.min(Math.max(record.length, 0), MAX_FRAMES) : 0;
  const total = typeof record.total === 'number' && Number.isInteger(record.total) ? Math.min(Math.max(record.total, 0), MAX_FRAMES) : length;
  const results: unknown[] = [];
  for (let i = 0; i < length; i++) results.push(record[String(i)]);
  return { results, total };
}

/** A frame's registry read-out, as {@link readFrameSummarySource} reports it. */
export type FrameSummaryRead =
  | { state: 'ok'; json: string }
  | { state: 'none' }
  | { state: 'threw' }
  | { state: 'unserializable'; error: string }
  | { state: 'too-large'; size: number };

/**
 * Page-side source that reads the registry of the one frame it is evaluated in (the collector sends it to each
 * frame's own execution context), as JSON text of at most `maxChars` characters: what comes back is bounded in
 * size whatever the page made its read-out return. Its time is bounded by the evaluation's own timeout.
 */
export function readFrameSummarySource(maxChars: number): string {
  return `(() => {
  let readout;
  try {
    readout = ${readoutOfSource('window')};
  } catch (e) {
    return { __proto__: null, state: 'none' };
  }
  if (!readout) return { __proto__: null, state: 'none' };
  // Our read-out makes its JSON with the JSON taken at install; only a read-out without that (not ours) is
  // stringified with the page's current JSON, whose answer the validator checks like anything else from the page.
  const own = typeof readout.summaryJson === 'function';
  let value;
  if (!own) {
    try {
      value = readout.summary();
    } catch (e) {
      return { __proto__: null, state: 'threw' };
    }
  }
  let json;
  try {
    json = own ? readout.summaryJson() : JSON.stringify(value);
  } catch (e) {
    let error = 'it could not be serialized';
    try {
      error = String(e && e.message).slice(0, 200);
    } catch (f) {}
    return { __proto__: null, state: 'unserializable', error };
  }
  if (typeof json !== 'string') return { __proto__: null, state: 'unserializable', error: 'it serialized to ' + typeof json };
  if (json.length > ${Math.trunc(maxChars)}) return { __proto__: null, state: 'too-large', size: json.length };
  return { __proto__: null, state: 'ok', json };
})()`;
}

/** What {@link readFrameSummarySource} returned, re-typed (the page could not forge it, but a transport might fail). */
export function frameSummaryRead(raw: unknown): FrameSummaryRead | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  switch (r.state) {
    case 'ok':
      return typeof r.json === 'string' ? { state: 'ok', json: r.json } : undefined;
    case 'none':
    case 'threw':
      return { state: r.state };
    case 'unserializable':
      return { state: 'unserializable', error: typeof r.error === 'string' ? r.error.slice(0, 200) : '' };
    case 'too-large':
      return { state: 'too-large', size: typeof r.size === 'number' ? r.size : 0 };
    default:
      return undefined;
  }
}
