/**
 * Short, stable descriptions of page objects for samples and group targets: `window`, `document`,
 * `div#app.card.wide`, `WebSocket`, `MediaQueryList`. Read with natives taken at install, capped in length.
 */
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

export function createDescriber(realm: typeof globalThis, natives: Pick<Natives, 'functionToString'>): Describer {
  const toSource = natives.functionToString;
  const getPrototypeOf = Object.getPrototypeOf;
  const getOwnDescriptor = Object.getOwnPropertyDescriptor;
  const tagKey = Symbol.toStringTag;
  // Naming a target walks its prototype chain to the first own, data-valued `Symbol.toStringTag` (platform
  // prototypes have one: "WebSocket", "MediaQueryList"). A getter there (a page's subclass) is never called.
  // Cached per prototype, and nothing is read before it is needed.
  const tags = new WeakMap<object, string>();
  const interfaceOf = (target: object) => {
    for (
      let proto = getPrototypeOf(target) as object | null, depth = 0;
      proto && depth < 32;
      proto = getPrototypeOf(proto) as object | null, depth++
    ) {
      const known = tags.get(proto);
      if (known !== undefined) return known;
      const tag: unknown = getOwnDescriptor(proto, tagKey)?.value;
      if (typeof tag === 'string') {
        tags.set(proto, tag);
        return tag;
      }
    }
    return 'object';
  };
  const elementProto = realm.Element.prototype;
  const tagName = Object.getOwnPropertyDescriptor(elementProto, 'tagName')?.get;
  const getAttribute = elementProto.getAttribute;
  const ElementCtor = realm.Element;
  const apply = Reflect.apply;

  // Alike elements come in runs (a list's rows): the last description is reused when tag, id and class match.
  let last = { tag: '', id: null as string | null, cls: null as string | null, out: '' };
  const element = (el: Element) => {
    const tag = String((tagName ? apply(tagName, el, []) : undefined) ?? 'element');
    const id = apply(getAttribute, el, ['id']);
    const cls = apply(getAttribute, el, ['class']);
    if (tag === last.tag && id === last.id && cls === last.cls) return last.out;
    let out = tag.toLowerCase();
    if (id) out += `#${id}`;
    if (cls) {
      const parts = cls.split(/\s+/).filter(Boolean);
      out += parts
        .slice(0, MAX_CLASSES)
        .map((c) => `.${c}`)
        .join('');
      if (parts.length > MAX_CLASSES) out += '…';
    }
    out = out.slice(0, MAX);
    last = { tag, id, cls, out };
    return out;
  };

  return {
    target(target) {
      try {
        if (target === realm) return 'window';
        if (target === realm.document) return 'document';
        if (target instanceof ElementCtor) return element(target);
        return typeof target === 'object' && target !== null ? interfaceOf(target).slice(0, MAX) : 'object';
      } catch {
        return 'object';
      }
    },
    source(value) {
      if (typeof value !== 'function') return '';
      try {
        const text: string = apply(toSource as (this: unknown) => string, value, []);
        return text.length <= MAX_SOURCE ? text : `${text.slice(0, MAX_SOURCE / 2)}…${text.length}…${text.slice(-MAX_SOURCE / 2)}`;
      } catch {
        return '';
      }
    },
    fn(value) {
      if (typeof value === 'function') {
        // The own data property only: a page-defined `name` getter must not run.
        const name: unknown = Object.getOwnPropertyDescriptor(value, 'name')?.value;
        return typeof name === 'string' && name ? name.slice(0, MAX) : '(anonymous)';
      }
      if (typeof value === 'object' && value !== null) return 'handleEvent object';
      return String(value).slice(0, MAX);
    },
  };
}
