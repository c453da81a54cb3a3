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
  if (src.startsWith('data:')) {
    // `data:image/png;base64,…` -> `data:image/png`
    for (let i = 5; i < src.length && i <= MAX_TYPE; i++) {
      if (src[i] === ';' || src[i] === ',') return src.slice(0, i);
    }
    return cap(src, MAX_TYPE);
  }
  if (src.startsWith('blob:')) {
    const slash = src.lastIndexOf('/');
    return cap(slash > 'blob:'.length ? `${src.slice(0, slash)}/*` : 'blob:*', MAX_TARGET);
  }
  return cap(urlWithoutQuery(src), MAX_TARGET);
}

/** An image source for a sample: capped, `data:` URLs cut short. */
export function shortSrc(src: string): string {
  if (src === '') return '(no src)';
  return cap(src, src.startsWith('data:') ? MAX_DATA_URL : MAX_SRC);
}

export function trackImages(ctx: InstrumentContext): void {
  trackImageElements(ctx);
  trackObjectUrls(ctx);
  trackImageBitmaps(ctx);
}

function trackImageElements(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health } = ctx;
  const imgProto = realm.HTMLImageElement?.prototype;
  const srcDescriptor = imgProto && Object.getOwnPropertyDescriptor(imgProto, 'src');
  const srcOf = srcDescriptor?.get as ((this: HTMLImageElement) => string) | undefined;
  const nativeSetSrc = srcDescriptor?.set as ((this: HTMLImageElement, value: string) => void) | undefined;
  const widthOf = nativeGetter(imgProto, 'naturalWidth');
  const heightOf = nativeGetter(imgProto, 'naturalHeight');
  const completeOf = nativeGetter(imgProto, 'complete');
  const connectedOf = nativeGetter(realm.Node.prototype, 'isConnected');
  const isPrototypeOf = Object.prototype.isPrototypeOf;
  if (!imgProto || !srcDescriptor || !srcOf || !nativeSetSrc || !widthOf || !heightOf || !completeOf || !connectedOf) return;

  /** Image -> its resource; keys only, so the registry never keeps an image alive. */
  const images = new WeakMap<HTMLImageElement, Resource>();

  const resourceFor = (img: HTMLImageElement, stack: StackId, epoch: number): Resource => {
    const ref = new realm.WeakRef(img);
    return {
      group: registry.group('image', 'HTMLImageElement', imageTarget(srcOf.call(img)), stack),
      epoch,
      describe: () => {
        const i = ref.deref();
        return i ? shortSrc(srcOf.call(i)) : '(collected)';
      },
      state: () => {
        const i = ref.deref();
        if (!i) return undefined;
        const where = connectedOf.call(i) === true ? 'attached' : 'detached';
        const w = widthOf.call(i) as number;
        const h = heightOf.call(i) as number;
        const load = completeOf.call(i) !== true ? 'loading' : w > 0 ? `${w}×${h}` : srcOf.call(i) === '' ? 'empty' : 'broken';
        return `${where}, ${load}`;
      },
      bytes: () => {
        const i = ref.deref();
        return i ? (widthOf.call(i) as number) * (heightOf.call(i) as number) * BYTES_PER_PIXEL : undefined;
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
  if (ctx.patcher.construct<HTMLImageElement>('Image', created)) health.patched.push('Image');

  const imgCreated = (el: Element) => {
    // The tag-name test is only a filter: `IMG` in an XML document, or `img` outside the HTML namespace, is no image.
    if (isPrototypeOf.call(imgProto, el)) created(el as HTMLImageElement);
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
  health.patched.push('Document.prototype.createElement', 'Document.prototype.createElementNS');

  // `new Image()` comes without a source; the group is decided by the source the page then sets. Moving a
  // tracked image to the group of its new source keeps its creation stack and epoch.
  patcher.afterSet(imgProto, 'src', (self) => {
    const img = self as HTMLImageElement;
    const previous = images.get(img);
    if (!previous || !registry.isTracked(previous)) return;
    if (imageTarget(srcOf.call(img)) === previous.group.target) return;
    const next = resourceFor(img, previous.group.stack, previous.epoch);
    registry.untrack(previous);
    if (registry.track(next, img)) images.set(img, next);
    else images.delete(img);
  });
  health.patched.push('HTMLImageElement.prototype.src');
}

function trackObjectUrls(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health, describe } = ctx;
  const URLCtor = realm.URL;
  const blobProto = realm.Blob?.prototype;
  const blobType = nativeGetter(blobProto, 'type');
  const blobSize = nativeGetter(blobProto, 'size');
  const mediaSourceProto = (realm as { MediaSource?: { prototype: object } }).MediaSource?.prototype;
  const hrefOf = nativeGetter(URLCtor?.prototype, 'href');
  const isPrototypeOf = Object.prototype.isPrototypeOf;
  if (!URLCtor || !blobProto || !blobType || !blobSize) return;

  /** blob: URL -> its resource, until revoked. Only strings: the Blob stays the browser's to hold. */
  const urls = new Map<string, Resource>();

  const remember = (url: string, object: object) => {
    let type: string;
    let size: number | undefined;
    if (isPrototypeOf.call(blobProto, object)) {
      type = cap(String(blobType.call(object)), MAX_TYPE) || 'Blob';
      size = blobSize.call(object) as number;
    } else if (mediaSourceProto && isPrototypeOf.call(mediaSourceProto, object)) {
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
    else if (hrefOf && typeof url === 'object' && url !== null && isPrototypeOf.call(URLCtor.prototype, url)) key = String(hrefOf.call(url));
    const resource = key === undefined ? undefined : urls.get(key);
    if (key !== undefined && resource) {
      urls.delete(key);
      registry.untrack(resource);
    }
  });
  if (created && revoked) health.patched.push('URL.createObjectURL', 'URL.revokeObjectURL');
}

function trackImageBitmaps(ctx: InstrumentContext): void {
  const { realm, patcher, registry, stacks, epochs, health, describe } = ctx;
  const proto = realm.ImageBitmap?.prototype;
  const widthOf = nativeGetter(proto, 'width');
  const heightOf = nativeGetter(proto, 'height');
  const NativePromise = realm.Promise;
  const then = realm.Promise.prototype.then;
  const apply = Reflect.apply;
  if (!proto || !widthOf || !heightOf || typeof realm.createImageBitmap !== 'function') return;

  const bitmaps = new WeakMap<ImageBitmap, Resource>();

  const remember = (bitmap: ImageBitmap, stack: StackId, epoch: number, from: string) => {
    const ref = new realm.WeakRef(bitmap);
    const resource: Resource = {
      group: registry.group('image', 'ImageBitmap', from, stack),
      epoch,
      describe: () => {
        const b = ref.deref();
        return b ? `${widthOf.call(b) as number}×${heightOf.call(b) as number} from ${from}` : `from ${from}`;
      },
      state: () => 'not closed',
      // Zero once closed or transferred to another realm (both detach it).
      bytes: () => {
        const b = ref.deref();
        return b ? (widthOf.call(b) as number) * (heightOf.call(b) as number) * BYTES_PER_PIXEL : undefined;
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
            apply(then, pending, [
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
  health.patched.push('createImageBitmap', 'ImageBitmap.prototype.close');
}
