/**
 * Short, stable descriptions of page objects for samples and group targets: `window`, `document`,
 * `div#app.card.wide`, `WebSocket`, `MediaQueryList`. Read with natives taken at install, capped in length.
 */
import {
  append,
  apply,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  execOf,
  isInstance,
  min,
  SafeWeakMap,
  sliceOf,
  toLowerCase,
  toStringValue,
} from './intrinsics.ts';
import type { Natives } from './natives.ts';

export interface Describer {
  target(target: unknown): string;
  /** A function's name for samples: `onResize`, or `(anonymous)`. */
  fn(value: unknown): string;
  /**
   * What tells a callback's call sites apart cheaply: its source text (long ones by their ends and length), for
   * functions; "" for anything else. Never runs page code: a Proxy's traps are not triggered.
   */
  source(value: unknown): string;
}

const MAX = 200;
const MAX_CLASSES = 4;

/** Source texts longer than this are keyed by their ends and length. */
const MAX_SOURCE = 160;

/** A class attribute's names: the runs `split(/\s+/)` keeps, found with the native exec (reset before each use). */
const CLASS_NAME = /\S+/g;

export function createDescriber(realm: typeof globalThis, natives: Pick<Natives, 'functionToString'>): Describer {
  const toSource = natives.functionToString;
  // Read at install, before any page script: the realm's `Symbol` is the page's to replace later.
  const tagKey = realm.Symbol.toStringTag;
  // Naming a target walks its prototype chain to the first own, data-valued `Symbol.toStringTag` (platform
  // prototypes have one: "WebSocket", "MediaQueryList"). A getter there (a page's subclass) is never called.
  // Cached per prototype, and nothing is read before it is needed.
  const tags = new SafeWeakMap<object, string>();
  const interfaceOf = (target: object) => {
    for (
      let proto = getPrototypeOf(target) as object | null, depth = 0;
      proto && depth < 32;
      proto = getPrototypeOf(proto) as object | null, depth++
    ) {
      const known = tags.get(proto);
      if (known !== undefined) return known;
      const tag: unknown = getOwnPropertyDescriptor(proto, tagKey)?.value;
      if (typeof tag === 'string') {
        tags.set(proto, tag);
        return tag;
      }
    }
    return 'object';
  };
  const elementProto = realm.Element.prototype;
  const tagName = getOwnPropertyDescriptor(elementProto, 'tagName')?.get;
  const getAttribute = elementProto.getAttribute;
  const ElementCtor = realm.Element;

  // Alike elements come in runs (a list's rows): the last description is reused when tag, id and class match.
  let last = { tag: '', id: null as string | null, cls: null as string | null, out: '' };
  const element = (el: Element) => {
    const tag = toStringValue((tagName ? apply(tagName, el, []) : undefined) ?? 'element');
    const id = apply(getAttribute, el, ['id']);
    const cls = apply(getAttribute, el, ['class']);
    if (tag === last.tag && id === last.id && cls === last.cls) return last.out;
    let out = toLowerCase(tag);
    if (id) out += `#${id}`;
    if (cls) {
      // The first MAX_CLASSES names, and whether there are more.
      const parts: string[] = [];
      CLASS_NAME.lastIndex = 0;
      for (let match = execOf(CLASS_NAME, cls); match && parts.length <= MAX_CLASSES; match = execOf(CLASS_NAME, cls)) {
        append(parts, match[0]);
      }
      for (let i = 0; i < min(parts.length, MAX_CLASSES); i++) out += `.${parts[i]!}`;
      if (parts.length > MAX_CLASSES) out += '…';
    }
    out = sliceOf(out, 0, MAX);
    last = { tag, id, cls, out };
    return out;
  };

  return {
    target(target) {
      try {
        if (target === realm) return 'window';
        if (target === realm.document) return 'document';
        if (isInstance(target, ElementCtor)) return element(target as Element);
        return typeof target === 'object' && target !== null ? sliceOf(interfaceOf(target), 0, MAX) : 'object';
      } catch {
        return 'object';
      }
    },
    source(value) {
      if (typeof value !== 'function') return '';
      try {
        const text: string = apply(toSource as (this: unknown) => string, value, []);
        return text.length <= MAX_SOURCE ? text : `${sliceOf(text, 0, MAX_SOURCE / 2)}…${text.length}…${sliceOf(text, -MAX_SOURCE / 2)}`;
      } catch {
        return '';
      }
    },
    fn(value) {
      if (typeof value === 'function') {
        // The own data property only: a page-defined `name` getter must not run.
        const name: unknown = getOwnPropertyDescriptor(value, 'name')?.value;
        return typeof name === 'string' && name ? sliceOf(name, 0, MAX) : '(anonymous)';
      }
      if (typeof value === 'object' && value !== null) return 'handleEvent object';
      return sliceOf(toStringValue(value), 0, MAX);
    },
  };
}
