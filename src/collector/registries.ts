/**
 * Page-side source that reads the Leakscope registries of the page and of every same-origin frame inside it
 * (cross-origin frames have their own registry, out of reach from here).
 *
 * The source runs among the page's own scripts, which may have replaced any built-in it touches (`Symbol.for`,
 * `Array.prototype`, a getter on `window.frames`): every read is guarded, nothing is added to an array through
 * `push` or an index an `Array.prototype` setter could catch (the results go into a prototype-less object), and
 * what comes back is only ever input for the validator in src/shared/readout.ts.
 */

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
  let key;
  try {
    key = Symbol.for('leakscope');
  } catch (e) {
    return out;
  }
  let visited = 0;
  const visit = (w, depth) => {
    if (visited++ >= ${MAX_FRAMES}) return;
    let readout;
    try {
      readout = w[key];
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
    let n = 0;
    try {
      n = w.frames.length;
    } catch (e) {
      return;
    }
    for (let i = 0; i < n && i < ${MAX_FRAMES}; i++) {
      let child;
      try {
        child = w.frames[i];
      } catch (e) {
        continue;
      }
      if (child) visit(child, depth + 1);
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
