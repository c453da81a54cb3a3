/**
 * JSON paths for error messages: `$.groups[3].stack[0].line`, `$["detached-dom"]`.
 */

/** Formats a path (as zod gives it) as a JSON path starting at `$`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** The value at `path` inside `root`, or undefined; only own properties are followed. */
export function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = root;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    if (typeof key === 'symbol' || !Object.prototype.hasOwnProperty.call(here, key)) return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}
