/**
 * Documents kept alive after their frame went away (kind `document`): a removed iframe or a closed popup whose
 * window something still references. Such a window is `closed`, has no `frameElement`, and is no longer among
 * the page's `frames`, so the registry walk over live frames never sees it.
 *
 * Chrome gives extensions no heap snapshot, so the retained windows are found from their retainers, the same
 * way over both transports:
 * - references from the globals of the page and of its same-origin frames (own properties, top-level `let` /
 *   `const`, and one level into arrays, Sets, Maps and plain objects held there);
 * - event listeners on those windows and documents whose handler belongs to another realm: the classic leak of
 *   a frame that subscribed to its parent and never unsubscribed (`DOMDebugger.getEventListeners`).
 * For each one found the description says what keeps it, the element that hosted it when that element is alive
 * and detached too, and the listeners on its own window (from its own registry, where Leakscope was installed).
 *
 * Every remote object is created in one object group and released at the end, so the collector itself never
 * keeps a removed frame alive.
 */
import { cut, type Group, LIMITS, type Sample } from '../core/index.ts';
import { readoutOfSource } from '../shared/protocol.ts';
import { makeSignature } from '../shared/signature.ts';
import type { Cdp } from './cdp.ts';

const GROUP = 'leakscope-documents';
/** Windows and documents whose listeners are looked at (the page's, and its same-origin frames'). */
const MAX_TARGETS = 40;
/** Handlers looked at per target. */
const MAX_HANDLERS = 500;
/** Retained windows described, at most. */
const MAX_DOCUMENTS = 1000;
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** A detached iframe element still alive, as the detached-DOM read found it: a candidate host. */
export interface DetachedHost {
  /** e.g. `iframe#help.embed`. */
  description: string;
  /** Its `src` and `name` attributes. */
  src: string | undefined;
  name: string | undefined;
}

export interface FoundDocument {
  url: string;
  title: string;
  name: string;
  popup: boolean;
  retainers: string[];
  listeners: { type: string; functionName: string; url: string; line: number }[];
}

/**
 * Runs in the page: finds retained windows referenced from globals. `this` is a fresh state object kept in the
 * object group; `found` holds [window, retainer] pairs. Returns the live windows and documents whose listeners
 * the collector looks at next.
 */
const FIND_BY_REFERENCES = `function (lexicalNames) {
  const isDetachedWindow = (v, self) => {
    try {
      return v !== null && typeof v === 'object' && v !== self && v.window === v && v.closed === true && !v.frameElement;
    } catch (e) {
      return false; // cross-origin or not a window
    }
  };
  const found = [];
  const seen = new Set();
  const add = (win, retainer) => {
    if (found.length >= ${MAX_DOCUMENTS}) return;
    let entry = found.find((f) => f.win === win);
    if (!entry) found.push((entry = { win, retainers: [] }));
    if (entry.retainers.length < 5 && !entry.retainers.includes(retainer)) entry.retainers.push(retainer);
  };
  const inside = (value, self, path) => {
    let n = 0;
    const each = (v, at) => {
      if (n++ > 1000) return;
      if (isDetachedWindow(v, self)) add(v, at);
    };
    try {
      if (Array.isArray(value)) value.forEach((v, i) => each(v, path + '[' + i + ']'));
      else if (value instanceof self.Set) value.forEach((v) => each(v, path + ' (Set)'));
      else if (value instanceof self.Map) value.forEach((v, k) => each(v, path + '.get(' + String(k).slice(0, 40) + ')'));
      else if (Object.getPrototypeOf(value) === self.Object.prototype) for (const k of Object.keys(value)) each(value[k], path + '.' + k);
    } catch (e) {
      // A getter or proxy of the page threw: nothing found there.
    }
  };
  const windows = [];
  const visit = (w, depth) => {
    try {
      void w.document;
      windows.push(w);
      // Children by the window's own indexed properties, which the page cannot redefine (unlike frames or length).
      if (depth < 8)
        for (let i = 0; i < ${MAX_TARGETS / 2} && windows.length < ${MAX_TARGETS / 2}; i++) {
          const child = w[i];
          if (!child) break;
          visit(child, depth + 1);
        }
    } catch (e) {
      // A cross-origin frame: not readable from here.
    }
  };
  visit(window, 0);
  for (const w of windows) {
    const prefix = w === window ? 'window' : 'frame ' + w.location.pathname.slice(0, 80) + ': window';
    for (const key of Object.getOwnPropertyNames(w)) {
      const d = Object.getOwnPropertyDescriptor(w, key);
      if (!d || !('value' in d) || d.value === null || typeof d.value !== 'object') continue;
      if (seen.has(d.value)) continue;
      seen.add(d.value);
      if (isDetachedWindow(d.value, w)) add(d.value, prefix + '.' + key);
      else inside(d.value, w, prefix + '.' + key);
    }
  }
  for (const name of lexicalNames) {
    let value;
    try {
      value = (0, eval)(name);
    } catch (e) {
      continue; // in its temporal dead zone
    }
    if (isDetachedWindow(value, window)) add(value, 'let ' + name);
    else if (value !== null && typeof value === 'object') inside(value, window, name);
  }
  this.found = found;
  return windows.flatMap((w) => [w, w.document]);
}`;

/** Runs in the page: adds the realms of handlers that belong to a closed window. Arguments: labels, then handlers. */
const FIND_BY_LISTENERS = `function (labels, ...handlers) {
  const found = this.found;
  handlers.forEach((handler, i) => {
    try {
      const F = Object.getPrototypeOf(handler).constructor;
      if (F === Function) return;
      const win = F('return globalThis')();
      if (!(win && win.window === win && win.closed === true && !win.frameElement)) return;
      let entry = found.find((f) => f.win === win);
      if (!entry) {
        if (found.length >= ${MAX_DOCUMENTS}) return;
        found.push((entry = { win, retainers: [] }));
      }
      if (entry.retainers.length < 5 && !entry.retainers.includes(labels[i])) entry.retainers.push(labels[i]);
    } catch (e) {
      // Not a function of a same-origin realm we can reach (or eval is forbidden there).
    }
  });
}`;

/** Runs in the page: describes each retained window by value. */
const DESCRIBE = `function () {
  return this.found.map(({ win, retainers }) => {
    const read = (f, fallback) => {
      try {
        const v = f();
        return v === undefined || v === null ? fallback : v;
      } catch (e) {
        return fallback;
      }
    };
    const readout = read(() => ${readoutOfSource('win')}, undefined);
    const groups = readout ? read(() => readout.summary().groups, []) : [];
    const listeners = groups
      .filter((g) => g.kind === 'listener' && g.target === 'window')
      .slice(0, 8)
      .map((g) => ({ type: String(g.type), functionName: String((g.stack[0] || {}).functionName || ''), url: String((g.stack[0] || {}).url || ''), line: Number((g.stack[0] || {}).line || 0) }));
    return {
      url: String(read(() => win.document.URL, '')),
      title: String(read(() => win.document.title, '')),
      name: String(read(() => win.name, '')),
      popup: read(() => win.opener !== null, false),
      retainers,
      listeners,
    };
  });
}`;

/**
 * The retained windows of the page, as the page describes them; {@link groupDocuments} makes them groups.
 *
 * @example
 * const groups = groupDocuments(await findDocuments(cdp), hosts);
 */
export async function findDocuments(cdp: Cdp): Promise<FoundDocument[]> {
  try {
    // Commands that do not need each other's answers are sent at once (the page answers them in order).
    const [lexical, { result: state }] = await Promise.all([
      cdp.send('Runtime.globalLexicalScopeNames', {}).catch(() => ({ names: [] as string[] })),
      cdp.send('Runtime.evaluate', { expression: '({})', objectGroup: GROUP }),
    ]);
    const names = lexical.names.filter((n) => IDENTIFIER.test(n)).slice(0, 2000);
    const stateId = state.objectId!;
    const { result: targets } = await cdp.send('Runtime.callFunctionOn', {
      objectId: stateId,
      functionDeclaration: FIND_BY_REFERENCES,
      arguments: [{ value: names }],
      objectGroup: GROUP,
    });
    const { result: entries } = await cdp.send('Runtime.getProperties', { objectId: targets.objectId!, ownProperties: true });
    const indexed = entries.filter((entry) => /^\d+$/.test(entry.name) && entry.value?.objectId);
    const listenersOf = await Promise.all(indexed.map((entry) => cdp.send('DOMDebugger.getEventListeners', { objectId: entry.value!.objectId! })));
    const labels: string[] = [];
    const handlers: { objectId: string }[] = [];
    indexed.forEach((entry, i) => {
      const on = Number(entry.name) % 2 === 0 ? 'window' : 'document';
      for (const l of listenersOf[i]!.listeners.slice(0, MAX_HANDLERS)) {
        if (!l.handler?.objectId) continue;
        labels.push(cut(`${l.type} listener on ${on}`, LIMITS.maxLabel));
        handlers.push({ objectId: l.handler.objectId });
      }
    });
    const [, { result }] = await Promise.all([
      handlers.length > 0
        ? cdp.send('Runtime.callFunctionOn', {
            objectId: stateId,
            functionDeclaration: FIND_BY_LISTENERS,
            arguments: [{ value: labels }, ...handlers],
            objectGroup: GROUP,
          })
        : undefined,
      cdp.send('Runtime.callFunctionOn', { objectId: stateId, functionDeclaration: DESCRIBE, returnByValue: true, objectGroup: GROUP }),
    ]);
    return Array.isArray(result.value) ? (result.value as FoundDocument[]) : [];
  } finally {
    // Handlers of listeners are bound in the target's group; releasing ours and theirs keeps nothing alive.
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
  }
}

/**
 * Pure: from what the page said (untrusted, so every field is re-typed and cut) to groups, one resource per
 * retained window, grouped by kind of frame and URL.
 * @param hosts detached iframe elements still alive, to name the element that hosted a retained document.
 */
export function groupDocuments(found: readonly FoundDocument[], hosts: readonly DetachedHost[]): Group[] {
  const groups = new Map<string, Group>();
  for (const raw of found.slice(0, MAX_DOCUMENTS)) {
    const url = cut(String(raw.url ?? ''), LIMITS.maxUrl);
    const type = raw.popup === true ? 'window' : 'iframe';
    const retainers = (Array.isArray(raw.retainers) ? raw.retainers : []).slice(0, 5).map((r) => cut(String(r), LIMITS.maxLabel));
    const host = hosts.find(
      (h) =>
        (h.src !== undefined && h.src !== '' && url.endsWith(h.src.replace(/^\.?\//, ''))) ||
        (h.name !== undefined && h.name !== '' && h.name === raw.name),
    );
    const listeners = (Array.isArray(raw.listeners) ? raw.listeners : []).slice(0, 8);
    const samples: Sample[] = [
      { description: cut(`${type === 'iframe' ? 'removed iframe' : 'closed window'} document ${url}`, LIMITS.maxText), state: 'detached' },
      ...retainers.map((r) => ({ description: `kept by ${r}` })),
      { description: cut(host ? `hosted by ${host.description} (removed, still alive)` : 'its host element was collected', LIMITS.maxText) },
      ...listeners.map((l) => ({
        description: cut(
          `listener ${String(l.type)} on its window, added by ${String(l.functionName) || '(anonymous)'} (${String(l.url)}:${Number(l.line) || 0})`,
          LIMITS.maxText,
        ),
      })),
    ].slice(0, LIMITS.maxSamples);
    const signature = cut(makeSignature({ kind: 'document', type, target: url, stack: [] }), LIMITS.maxSignature);
    const known = groups.get(signature);
    if (known) {
      known.count++;
      continue;
    }
    groups.set(signature, { kind: 'document', signature, type, target: url, count: 1, epochs: [], samples, stack: [] });
  }
  return [...groups.values()];
}
