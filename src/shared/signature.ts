/**
 * Group signatures: the string that says "these resources are alike", so counts can be compared across
 * snapshots, runs and page reloads. Dependency-free and in src/shared because the page-side registry bundles it
 * too, and the page bundle imports only src/shared; the core re-exports it.
 *
 * A signature is `kind|type|target|frame < frame < frame`. It must not contain anything that changes between
 * runs: no object ids, timestamps or epochs. So URLs lose their query and fragment (dev servers add `?t=...`
 * cache busters) and their port (servers started on a free port), `blob:` URLs lose their random id, and digit runs in target descriptions become `*`
 * (`div#row-41` and `div#row-42`, created by successive iterations, are the same leak).
 */
import type { ResourceKind } from './kinds.ts';

/** A stack frame as the browser gave it (line and column 1-based, as in `Error.stack`). */
export interface SignatureFrame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

/** What a signature is made of. */
export interface SignatureParts {
  kind: ResourceKind;
  /** e.g. `resize`, `WebSocket`, `MutationObserver`, `setInterval`. */
  type: string;
  /** e.g. `window`, `document`, `div#app.card`. */
  target: string;
  /** Creation stack, innermost first. */
  stack: readonly SignatureFrame[];
}

/** How many top frames of the creation stack go into a signature. */
export const SIGNATURE_FRAMES = 3;

/**
 * The URL as it goes into a signature: without query and fragment, and with the random part of `blob:` URLs
 * replaced by `*`.
 *
 * @example
 * normalizeUrlForSignature('https://app.test/src/App.tsx?t=1712345#x'); // 'https://app.test/src/App.tsx'
 * normalizeUrlForSignature('http://127.0.0.1:41795/app/main.js'); // 'http://127.0.0.1/app/main.js'
 * normalizeUrlForSignature('blob:https://app.test/6f1c...'); // 'blob:https://app.test/*'
 */
export function normalizeUrlForSignature(url: string): string {
  if (url.startsWith('blob:')) {
    const slash = url.lastIndexOf('/');
    return slash > 'blob:'.length ? `${url.slice(0, slash)}/*` : 'blob:*';
  }
  const cut = url.search(/[?#]/);
  const bare = cut === -1 ? url : url.slice(0, cut);
  // Dev servers and test harnesses pick a new port per run; the same script on another port is the same code.
  return bare.replace(/^(https?:\/\/[^/:]+):\d+(?=\/|$)/, '$1');
}

/**
 * The target description as it goes into a signature: digit runs become `*`.
 *
 * @example
 * normalizeTargetForSignature('div#row-42.item'); // 'div#row-*.item'
 */
export function normalizeTargetForSignature(target: string): string {
  // By index, not with `replace`: the page script runs this too, among page scripts that may replace built-ins.
  let out = '';
  let inDigits = false;
  for (let i = 0; i < target.length; i++) {
    const c = target[i]!;
    const digit = c >= '0' && c <= '9';
    if (!digit) out += c;
    else if (!inDigits) out += '*';
    inDigits = digit;
  }
  return out;
}

/** A frame as it goes into a signature: `fn@url:line:column`. */
export function signatureFrame(frame: SignatureFrame): string {
  return `${frame.functionName || '(anonymous)'}@${normalizeUrlForSignature(frame.url)}:${frame.line}:${frame.column}`;
}

/**
 * Builds the signature of a group of alike resources.
 *
 * @param frames how many top frames to keep (default {@link SIGNATURE_FRAMES}).
 * @example
 * makeSignature({
 *   kind: 'listener', type: 'resize', target: 'window',
 *   stack: [{ functionName: 'mount', url: 'https://app.test/widget.js', line: 12, column: 7 }],
 * });
 * // 'listener|resize|window|mount@https://app.test/widget.js:12:7'
 */
export function makeSignature(parts: SignatureParts, frames: number = SIGNATURE_FRAMES): string {
  const where = parts.stack.slice(0, frames).map(signatureFrame).join(' < ');
  return `${parts.kind}|${parts.type}|${normalizeTargetForSignature(parts.target)}|${where}`;
}

/**
 * A short CSS-like description of an element: `tag#id.class1.class2`.
 *
 * @example
 * describeElement({ tag: 'DIV', id: 'app', classes: ['card', 'open'] }); // 'div#app.card.open'
 */
export function describeElement(el: { tag: string; id?: string | undefined; classes?: readonly string[] | undefined }): string {
  const id = el.id ? `#${el.id}` : '';
  const classes = (el.classes ?? [])
    .filter((c) => c.length > 0)
    .map((c) => `.${c}`)
    .join('');
  return `${el.tag.toLowerCase()}${id}${classes}`;
}

/**
 * The signature of a detached DOM root: its element description (classes sorted) and the top frames of the
 * stack that removed it, when known.
 *
 * @example
 * detachedRootSignature({ tag: 'div', id: 'modal', classes: ['open', 'dialog'], removedBy: [] });
 * // 'detached-dom|div|div#modal.dialog.open|'
 */
export function detachedRootSignature(
  root: { tag: string; id?: string | undefined; classes?: readonly string[] | undefined; removedBy?: readonly SignatureFrame[] | undefined },
  frames: number = SIGNATURE_FRAMES,
): string {
  const target = describeElement({ tag: root.tag, id: root.id, classes: [...(root.classes ?? [])].sort() });
  return makeSignature({ kind: 'detached-dom', type: root.tag.toLowerCase(), target, stack: root.removedBy ?? [] }, frames);
}
