/**
 * Images the page holds from script: image elements it creates (`new Image()`, `document.createElement('img')`,
 * `createElementNS` in the HTML namespace) while they are alive, `blob:` URLs from `URL.createObjectURL` until
 * revoked, and ImageBitmaps from `createImageBitmap` until closed or collected.
 *
 * Parser-made images are not in the registry: the document holds those, and a removed one that is still
 * referenced shows up as detached DOM. What leaks through script is the unbounded image cache, the blob URL
 * never revoked (the browser keeps its Blob for the document's lifetime) and the bitmap never closed.
 *
 * Object URLs map URL string -> resource: strings are safe to hold, the Blob itself is never held.
 */
import { cap, nativeGetter, urlWithoutQuery } from './connections.ts';
import type { InstrumentContext } from './context.ts';
import {
  append,
  apply,
  deref,
  getOwnPropertyDescriptor,
  lastIndexOf,
  SafeMap,
  SafeWeakMap,
  sliceOf,
  startsWith,
  toStringValue,
  WeakRefCtor,
} from './intrinsics.ts';
import type { Resource } from './registry.ts';
import type { StackId } from './stacks.ts';

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Longest image source in a sample description; `data:` URLs are cut much shorter. */
const MAX_SRC = 300;
const MAX_DATA_URL = 64;
/** Longest group target / blob MIME type. */
const MAX_TARGET = 500;
const MAX_TYPE = 100;
/** Decoded pixels are RGBA. */
const BYTES_PER_PIXEL = 4;

/**
 * The group target of an image source: origin and path without query or fragment; `data:image/png` for data
 * URLs (their payload is no place to tell images apart); `blob:<origin>/*` for blob URLs (their id is random).
 */
export function imageTarget(src: string): string {
  if (src === '') return '(no src)';
  if (startsWith(src, 'data:')) {
    // `data:image/png;base64,…` -> `data:image/png`
    for (let i = 5; i < src.length && i <= MAX_TYPE; i++) {
      if (src[i] === ';' || src[i] === ',') return sliceOf(src, 0, i);
    }
    return cap(src, MAX_TYPE);
  }
  if (startsWith(src, 'blob:')) {
    const slash = lastIndexOf(src, '/');
    return cap(slash > 'blob:'.length ? `${sliceOf(src, 0, slash)}/*` : 'blob:*', MAX_TARGET);
  }
  return cap(urlWithoutQuery(src), MAX_TARGET);
}

/** An image source for a sample: capped, `data:` URLs cut short. */
export function shortSrc(src: string): string {
  if (src === '') return '(no src)';
  return cap(src, startsWith(src, 'data:') ? MAX_DATA_URL : MAX_SRC);
}

export function trackImages(ctx: InstrumentContext): void {
  trackImageElements(ctx);
  trackObjectUrls(ctx);
  trackImageBitmaps(ctx);
}

function trackImageElements(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health } = ctx;
  const imgProto = realm.HTMLImageElement?.prototype;
  const srcDescriptor = imgProto && getOwnPropertyDescriptor(imgProto, 'src');
  const srcOf = srcDescriptor?.get as ((this: HTMLImageElement) => string) | undefined;
  const nativeSetSrc = srcDescriptor?.set as ((this: HTMLImageElement, value: string) => void) | undefined;
  const widthOf = nativeGetter(imgProto, 'naturalWidth');
  const heightOf = nativeGetter(imgProto, 'naturalHeight');
  const completeOf = nativeGetter(imgProto, 'complete');
  const connectedOf = nativeGetter(realm.Node.prototype, 'isConnected');
  // Taken at install, before any page script (the realm's `Object` is the page's to replace later).
  const isPrototypeOf = realm.Object.prototype.isPrototypeOf;
  if (!imgProto || !srcDescriptor || !srcOf || !nativeSetSrc || !widthOf || !heightOf || !completeOf || !connectedOf) return;

  /** Image -> its resource; keys only, so the registry never keeps an image alive. */
  const images = new SafeWeakMap<HTMLImageElement, Resource>();

  const resourceFor = (img: HTMLImageElement, stack: StackId, epoch: number): Resource => {
    const ref = new WeakRefCtor(img);
    return {
      group: registry.group('image', 'HTMLImageElement', imageTarget(apply(srcOf, img, [])), stack),
      epoch,
      describe: () => {
        const i = deref(ref);
        return i ? shortSrc(apply(srcOf, i, [])) : '(collected)';
      },
      state: () => {
        const i = deref(ref);
        if (!i) return undefined;
        const where = apply(connectedOf, i, []) === true ? 'attached' : 'detached';
        const w = apply(widthOf, i, []) as number;
        const h = apply(heightOf, i, []) as number;
        const load = apply(completeOf, i, []) !== true ? 'loading' : w > 0 ? `${w}×${h}` : apply(srcOf, i, []) === '' ? 'empty' : 'broken';
        return `${where}, ${load}`;
      },
      bytes: () => {
        const i = deref(ref);
        return i ? (apply(widthOf, i, []) as number) * (apply(heightOf, i, []) as number) * BYTES_PER_PIXEL : undefined;
      },
    };
  };

  // Called from inside the wrappers: the stack below ours is the page's creating call.
  const created = (img: HTMLImageElement) => {
    const resource = resourceFor(img, stacks.capture(), epochs.current());
    if (registry.track(resource, img)) images.set(img, resource);
  };

  // `new Image()` and `class Thumb extends Image`: a Proxy of the legacy factory keeps its prototype
  // (HTMLImageElement.prototype), `length` and subclassing as they are.
  if (ctx.patcher.construct<HTMLImageElement>('Image', created)) append(health.patched, 'Image');

  const imgCreated = (el: Element) => {
    // The tag-name test is only a filter: `IMG` in an XML document, or `img` outside the HTML namespace, is no image.
    if (apply(isPrototypeOf, imgProto, [el])) created(el as HTMLImageElement);
  };

  type CreateElement = (this: Document, localName: string, options?: string | ElementCreationOptions) => Element;
  // Native first: invalid names, a bad `this` or a throwing `toString` fail exactly as without us.
  patcher.after<CreateElement>(realm.Document.prototype, 'createElement', (_self, args, el) => {
    const localName = args[0];
    // The hot path for every other tag: a type check and one length compare. Indexing a primitive string runs
    // no page code, unlike String.prototype methods.
    if (typeof localName === 'string' && localName.length === 3) {
      const a = localName[0];
      const b = localName[1];
      const c = localName[2];
      if ((a === 'i' || a === 'I') && (b === 'm' || b === 'M') && (c === 'g' || c === 'G')) imgCreated(el);
    }
  });

  /** `img` or `prefix:img`, read by indexing (no String.prototype method the page may have replaced). */
  const isImgName = (name: string) => {
    const n = name.length;
    return n >= 3 && name[n - 3] === 'i' && name[n - 2] === 'm' && name[n - 1] === 'g' && (n === 3 || name[n - 4] === ':');
  };

  type CreateElementNS = (this: Document, namespace: string | null, qualifiedName: string, options?: string | ElementCreationOptions) => Element;
  patcher.after<CreateElementNS>(realm.Document.prototype, 'createElementNS', (_self, args, el) => {
    const qualifiedName = args[1];
    // Case-sensitive here, as natively: `IMG` in the HTML namespace is an HTMLUnknownElement.
    if (args[0] === HTML_NAMESPACE && typeof qualifiedName === 'string' && isImgName(qualifiedName)) imgCreated(el);
  });
  append(health.patched, 'Document.prototype.createElement');
  append(health.patched, 'Document.prototype.createElementNS');

  // `new Image()` comes without a source; the group is decided by the source the page then sets. Moving a
  // tracked image to the group of its new source keeps its creation stack and epoch.
  patcher.afterSet(imgProto, 'src', (self) => {
    const img = self as HTMLImageElement;
    const previous = images.get(img);
    if (!previous || !registry.isTracked(previous)) return;
    if (imageTarget(apply(srcOf, img, [])) === previous.group.target) return;
    const next = resourceFor(img, previous.group.stack, previous.epoch);
    registry.untrack(previous);
    if (registry.track(next, img)) images.set(img, next);
    else images.delete(img);
  });
  append(health.patched, 'HTMLImageElement.prototype.src');
}

function trackObjectUrls(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health, describe } = ctx;
  const URLCtor = realm.URL;
  const blobProto = realm.Blob?.prototype;
  const blobType = nativeGetter(blobProto, 'type');
  const blobSize = nativeGetter(blobProto, 'size');
  const mediaSourceProto = (realm as { MediaSource?: { prototype: object } }).MediaSource?.prototype;
  const URLProto = URLCtor?.prototype;
  const hrefOf = nativeGetter(URLProto, 'href');
  const isPrototypeOf = realm.Object.prototype.isPrototypeOf;
  if (!URLCtor || !blobProto || !blobType || !blobSize) return;

  /** blob: URL -> its resource, until revoked. Only strings: the Blob stays the browser's to hold. */
  const urls = new SafeMap<string, Resource>();

  const remember = (url: string, object: object) => {
    let type: string;
    let size: number | undefined;
    if (apply(isPrototypeOf, blobProto, [object])) {
      type = cap(toStringValue(apply(blobType, object, [])), MAX_TYPE) || 'Blob';
      size = apply(blobSize, object, []) as number;
    } else if (mediaSourceProto && apply(isPrototypeOf, mediaSourceProto, [object])) {
      type = 'MediaSource';
    } else {
      type = describe.target(object);
    }
    const previous = urls.get(url);
    if (previous) registry.untrack(previous);
    const resource: Resource = {
      group: registry.group('object-url', type, 'blob', stacks.capture()),
      epoch: epochs.current(),
      describe: () => url,
      state: () => 'not revoked',
      ...(size !== undefined ? { bytes: () => size } : {}),
    };
    if (registry.track(resource)) urls.set(url, resource);
  };

  type CreateObjectURL = (this: unknown, object: Blob | MediaSource) => string;
  const created = patcher.after<CreateObjectURL>(URLCtor, 'createObjectURL', (_self, args, url) => {
    if (typeof url === 'string') remember(url, args[0]!);
  });

  type RevokeObjectURL = (this: unknown, url: string) => void;
  const revoked = patcher.after<RevokeObjectURL>(URLCtor, 'revokeObjectURL', (_self, args) => {
    const url: unknown = args[0];
    // The native converted `url` to a string; we must not run a page `toString` a second time. A URL object
    // we can read with the native getter; other objects are left tracked.
    let key: string | undefined;
    if (typeof url === 'string') key = url;
    else if (hrefOf && typeof url === 'object' && url !== null && apply(isPrototypeOf, URLProto, [url])) key = toStringValue(apply(hrefOf, url, []));
    const resource = key === undefined ? undefined : urls.get(key);
    if (key !== undefined && resource) {
      urls.delete(key);
      registry.untrack(resource);
    }
  });
  if (created && revoked) {
    append(health.patched, 'URL.createObjectURL');
    append(health.patched, 'URL.revokeObjectURL');
  }
}

function trackImageBitmaps(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health, describe } = ctx;
  const proto = realm.ImageBitmap?.prototype;
  const widthOf = nativeGetter(proto, 'width');
  const heightOf = nativeGetter(proto, 'height');
  const NativePromise = realm.Promise;
  // By its descriptor, now: the `then` the page may later put on `Promise.prototype` must not see our reaction.
  const then = getOwnPropertyDescriptor(NativePromise.prototype, 'then')?.value as Promise<ImageBitmap>['then'];
  if (!proto || !widthOf || !heightOf || typeof realm.createImageBitmap !== 'function') return;

  const bitmaps = new SafeWeakMap<ImageBitmap, Resource>();

  const remember = (bitmap: ImageBitmap, stack: StackId, epoch: number, from: string) => {
    const ref = new WeakRefCtor(bitmap);
    const resource: Resource = {
      group: registry.group('image', 'ImageBitmap', from, stack),
      epoch,
      describe: () => {
        const b = deref(ref);
        return b ? `${apply(widthOf, b, []) as number}×${apply(heightOf, b, []) as number} from ${from}` : `from ${from}`;
      },
      state: () => 'not closed',
      // Zero once closed or transferred to another realm (both detach it).
      bytes: () => {
        const b = deref(ref);
        return b ? (apply(widthOf, b, []) as number) * (apply(heightOf, b, []) as number) * BYTES_PER_PIXEL : undefined;
      },
    };
    if (registry.track(resource, bitmap)) bitmaps.set(bitmap, resource);
  };

  type CreateImageBitmap = (this: unknown, ...args: unknown[]) => Promise<ImageBitmap>;
  const wrapped = patcher.method<CreateImageBitmap>(
    realm,
    'createImageBitmap',
    (original) =>
      ({
        createImageBitmap(this: unknown, source: unknown) {
          // The stack must be taken now: the promise settles in a later task, with none of the page's frames.
          let stack: StackId = 0;
          let epoch = 0;
          let from = 'image';
          try {
            stack = stacks.capture();
            epoch = epochs.current();
            from = describe.target(source);
          } catch {
            health.errors++;
          }
          // A bare `createImageBitmap(x)` call means the global object, as natively.
          const pending = apply(original, this ?? realm, arguments) as Promise<ImageBitmap>;
          // A promise of our own that settles as the native one does, after we have recorded the bitmap. Not a
          // reaction on the native promise returned as is: that would mark it handled, and a rejection the page
          // ignores would no longer be reported as unhandled.
          return new NativePromise<ImageBitmap>((resolve, reject) => {
            // The reaction's own promise never rejects (`reject` handles the native's rejection).
            void apply(then, pending, [
              (bitmap: ImageBitmap) => {
                try {
                  remember(bitmap, stack, epoch, from);
                } catch {
                  health.errors++;
                }
                resolve(bitmap);
              },
              reject,
            ]);
          });
        },
      }).createImageBitmap,
  );
  if (!wrapped) return;

  patcher.after<ImageBitmap['close']>(proto, 'close', (self) => {
    const resource = bitmaps.get(self as ImageBitmap);
    if (resource) registry.untrack(resource);
  });
  append(health.patched, 'createImageBitmap');
  append(health.patched, 'ImageBitmap.prototype.close');
}
