/**
 * Page-side source that reads the Leakscope registries of the page and of every same-origin frame inside it
 * (cross-origin frames have their own registry, out of reach from here).
 *
 * @param read what to call on each registry's read-out: `stats` (cheap counters) or `summary` (everything).
 * @returns an expression evaluating to the results, top frame first.
 */
export function readRegistriesSource(read: 'stats' | 'summary'): string {
  return `(() => {
  const out = [];
  const visit = (w, depth) => {
    try {
      const readout = w[Symbol.for('leakscope')];
      if (readout) out.push(readout.${read}());
      if (depth < 8) for (let i = 0; i < w.frames.length; i++) visit(w.frames[i], depth + 1);
    } catch (e) {
      // A cross-origin frame: not readable from here.
    }
  };
  visit(window, 0);
  return out;
})()`;
}
