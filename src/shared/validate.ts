/**
 * A tiny validator kit for messages that cross a trust boundary (the page can forge anything on `window`).
 * Each validator returns the value when it is exactly right, or `undefined`; the protocol's payload types are
 * derived from these validators, so the type and the runtime check cannot drift apart.
 *
 * It is deliberately small (no dependency) because it ships in the content-script bundles.
 */
export type Validator<T> = (value: unknown) => T | undefined;
export type Infer<V> = V extends Validator<infer T> ? T : never;

/** An integer in [min, max]. */
export const int =
  (min: number, max: number): Validator<number> =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;

/** A string of at most `maxLength` UTF-16 units. */
export const str =
  (maxLength: number): Validator<string> =>
  (v) =>
    typeof v === 'string' && v.length <= maxLength ? v : undefined;

export const bool: Validator<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);

/** One of the given string literals. */
export const oneOf =
  <const L extends readonly string[]>(...literals: L): Validator<L[number]> =>
  (v) =>
    typeof v === 'string' && (literals as readonly string[]).includes(v) ? v : undefined;

/** An array of at most `maxItems`, every item valid. */
export const arrayOf =
  <T>(item: Validator<T>, maxItems: number): Validator<T[]> =>
  (v) => {
    if (!Array.isArray(v) || v.length > maxItems) return undefined;
    const out: T[] = [];
    for (const x of v) {
      const ok = item(x);
      if (ok === undefined) return undefined;
      out.push(ok);
    }
    return out;
  };

type Shape = Record<string, Validator<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/**
 * A plain object with exactly the given fields (extra fields are dropped, not copied). The result is a fresh
 * object, so a forged getter or prototype on the input cannot reach the receiver.
 */
export const obj =
  <S extends Shape>(shape: S): Validator<FromShape<S>> =>
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
      const ok = shape[key]!((v as Record<string, unknown>)[key]);
      if (ok === undefined) return undefined;
      out[key] = ok;
    }
    return out as FromShape<S>;
  };
