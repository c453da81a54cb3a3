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
  // By index, not with `slice`, `search` or `replace`: the page script runs this too (see makeSignature).
  if (startsWithText(url, 'blob:')) {
    let slash = -1;
    for (let i = url.length - 1; i >= 0 && slash === -1; i--) if (url[i] === '/') slash = i;
    return slash > 'blob:'.length ? `${textBetween(url, 0, slash)}/*` : 'blob:*';
  }
  let end = url.length;
  for (let i = 0; i < end; i++) if (url[i] === '?' || url[i] === '#') end = i;
  // Dev servers and test harnesses pick a new port per run; the same script on another port is the same code.
  // `http(s)://host:digits` followed by `/` or the end loses `:digits`.
  const host = startsWithText(url, 'http://') ? 7 : startsWithText(url, 'https://') ? 8 : -1;
  if (host !== -1) {
    let colon = host;
    while (colon < end && url[colon] !== '/' && url[colon] !== ':') colon++;
    let digits = colon + 1;
    while (digits < end && url[digits]! >= '0' && url[digits]! <= '9') digits++;
    if (colon > host && colon < end && url[colon] === ':' && digits > colon + 1 && (digits === end || url[digits] === '/'))
      return textBetween(url, 0, colon) + textBetween(url, digits, end);
  }
  return textBetween(url, 0, end);
}

/** Whether `text` starts with `prefix`, by index. */
function startsWithText(text: string, prefix: string): boolean {
  if (text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (text[i] !== prefix[i]) return false;
  return true;
}

/** `text[start..end)`, by index. */
function textBetween(text: string, start: number, end: number): string {
  if (start === 0 && end === text.length) return text;
  let out = '';
  for (let i = start; i < end; i++) out += text[i]!;
  return out;
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
  // The page script builds its signatures with this, among page scripts that may have replaced any built-in
  // (`Array.prototype.slice`, `String.prototype.replace`, `window.Math`): what it runs (this function and the
  // normalizers it calls) uses only syntax, indexes and lengths, never a built-in's method or global.
  let where = '';
  for (let i = 0; i < frames && i < parts.stack.length; i++) where += (i > 0 ? ' < ' : '') + signatureFrame(parts.stack[i]!);
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
