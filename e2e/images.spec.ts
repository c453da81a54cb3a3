/**
 * Images in the registry: image elements created by script (while alive), object URLs (until revoked) and
 * ImageBitmaps (until closed or collected). Images are generated PNGs served through the page's routes. Each leak
 * has a clean twin that must report nothing once it lets go.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { solidPng } from '../demo/server.ts';
import type { ReadoutGroup, ReadoutSummary } from '../src/content/instrument/readout.ts';
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

type Readout = { summary(): ReadoutSummary; stats(): { images: number; imageBytes: number; objectUrls: number } };

const summary = (page: Page) =>
  page.evaluate(() => (window as unknown as Record<symbol, { summary(): ReadoutSummary }>)[Symbol.for('leakscope')]!.summary());
const groups = async (page: Page, kind: string, type?: string): Promise<ReadoutGroup[]> =>
  (await summary(page)).groups.filter((g) => g.kind === kind && (type === undefined || g.type === type));
const stats = (page: Page) => page.evaluate(() => (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!.stats());

/** Line and column (1-based, as V8 gives them) of `call` on the line of `marker` in a fixture page. */
function whereIs(file: string, marker: string, call: string): { line: number; column: number } {
  const lines = readFileSync(new URL(`./pages/${file}`, import.meta.url), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(marker));
  if (index === -1) throw new Error(`${marker} is not in ${file}`);
  return { line: index + 1, column: lines[index]!.indexOf(call) + 1 };
}

const WIDTH = 64;
const HEIGHT = 32;
const DECODED = WIDTH * HEIGHT * 4;
const PNG = solidPng(WIDTH, HEIGHT, [200, 80, 40]);

test.beforeEach(async ({ page, fixturePage }) => {
  // Registered after the fixture pages' route (set up by asking for `fixturePage` here), so it wins for /img/.
  void fixturePage;
  await page.route(`${FIXTURE_ORIGIN}/img/**`, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
});

const collectGarbage = async (page: Page, context: import('@playwright/test').BrowserContext) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
};

test.describe('image elements', () => {
  test('an unbounded cache of new Image(): one group per source path whose count grows, bytes once decoded', async ({ fixturePage, context }) => {
    const page = await fixturePage('images-leaky.html');
    const at = whereIs('images-leaky.html', 'LEAK:image', 'new Image');
    for (const [from, total] of [
      [0, 5],
      [5, 12],
    ] as const) {
      await page.evaluate(([f, n]) => (window as unknown as { cacheImages(from: number, n: number): void }).cacheImages(f, n), [
        from,
        total - from,
      ] as const);
      await collectGarbage(page, context);
      await expect.poll(async () => (await groups(page, 'image', 'HTMLImageElement'))[0]?.bytes).toBe(total * DECODED);
      const [group, ...others] = await groups(page, 'image', 'HTMLImageElement');
      expect(others).toEqual([]);
      expect(group).toMatchObject({ target: `${FIXTURE_ORIGIN}/img/photo.png`, count: total });
      expect(group!.stack[0]).toMatchObject({ url: `${FIXTURE_ORIGIN}/images-leaky.html`, functionName: 'cacheImages', ...at });
      expect(group!.samples[0]).toEqual({ description: `${FIXTURE_ORIGIN}/img/photo.png?n=0`, state: `detached, ${WIDTH}×${HEIGHT}` });
    }
    // The live counters carry the same decoded bytes (the panel's timeline graphs them).
    expect(await stats(page)).toMatchObject({ images: 12, imageBytes: 12 * DECODED });
  });

  test('createElement("img") with paths that differ only in numbers: one group, like their signature', async ({ fixturePage }) => {
    const page = await fixturePage('images-leaky.html');
    await page.evaluate(() => (window as unknown as { cacheByPath(n: number): void }).cacheByPath(3));
    const found = await groups(page, 'image', 'HTMLImageElement');
    expect(found.map((g) => [g.target, g.count])).toEqual([[`${FIXTURE_ORIGIN}/img/0.png`, 3]]);
    const at = whereIs('images-leaky.html', 'LEAK:image-element', 'document.createElement');
    // V8 puts a method call's position at the method name.
    expect(found[0]!.stack[0]).toMatchObject({
      url: `${FIXTURE_ORIGIN}/images-leaky.html`,
      functionName: 'cacheByPath',
      line: at.line,
      column: at.column + 'document.'.length,
    });
  });

  test('negative twin: images the page drops leave the registry after GC', async ({ fixturePage, context }) => {
    const page = await fixturePage('images-clean.html');
    await page.evaluate(() => (window as unknown as { showImages(from: number, n: number): void }).showImages(0, 10));
    expect((await stats(page)).images).toBe(10);
    await expect.poll(() => page.evaluate(() => (window as unknown as { loaded: number }).loaded)).toBe(10);
    await expect
      .poll(async () => {
        await collectGarbage(page, context);
        const { images, imageBytes } = await stats(page);
        return { images, imageBytes };
      })
      .toEqual({ images: 0, imageBytes: 0 });
    expect(await groups(page, 'image')).toEqual([]);
  });

  test('createElement and createElementNS: only images are tracked, natives behave as before', async ({ fixturePage }) => {
    const page = await fixturePage('images-clean.html');
    const result = await page.evaluate(() => {
      const error = (f: () => unknown) => {
        try {
          f();
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      const keep: unknown[] = [];
      (window as unknown as { keep: unknown[] }).keep = keep;
      const readout = (window as unknown as Record<symbol, Readout>)[Symbol.for('leakscope')]!;
      keep.push(document.createElement('div'), document.createElement('image'), document.createElement('svg'));
      const none = readout.stats().images;
      keep.push(document.createElement('IMG'), document.createElement('img', { is: 'x-img' }));
      keep.push(document.createElementNS('http://www.w3.org/1999/xhtml', 'img'), document.createElementNS('http://www.w3.org/1999/xhtml', 'h:img'));
      keep.push(document.createElementNS('http://www.w3.org/2000/svg', 'img'), document.createElementNS('http://www.w3.org/1999/xhtml', 'IMG'));
      const xml = document.implementation.createDocument(null, 'root');
      keep.push(xml.createElement('img'));
      class Thumb extends Image {
        kind = 'thumb';
        constructor() {
          super(7, 9);
        }
      }
      const thumb = new Thumb();
      keep.push(thumb, new Image());
      return {
        none,
        images: readout.stats().images,
        invalid: error(() => document.createElement('1bad')),
        notConstructor: error(() => new (document.createElement as unknown as new (n: string) => Element)('img')),
        createElement: [String(document.createElement), document.createElement.length, document.createElement.name],
        image: [String(Image), Image.length, Image.name, Image.prototype === HTMLImageElement.prototype, new Image() instanceof HTMLImageElement],
        imageWithoutNew: error(() => (Image as unknown as () => void)()),
        thumb: [thumb instanceof Thumb, thumb instanceof HTMLImageElement, thumb.width, thumb.height, thumb.kind],
        srcSetter: (() => {
          const set = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')!.set!;
          return [String(set), set.name, set.length, 'prototype' in set];
        })(),
      };
    });
    expect(result).toEqual({
      none: 0,
      // IMG, img is=, NS img, NS h:img, Thumb, new Image(); and the `new Image()` inside the return value.
      images: 6,
      invalid: "InvalidCharacterError: Failed to execute 'createElement' on 'Document': The tag name provided ('1bad') is not a valid name.",
      notConstructor: 'TypeError: document.createElement is not a constructor',
      createElement: ['function createElement() { [native code] }', 1, 'createElement'],
      image: ['function Image() { [native code] }', 0, 'Image', true, true],
      imageWithoutNew:
        "TypeError: Failed to construct 'Image': Please use the 'new' operator, this DOM object constructor cannot be called as a function.",
      thumb: [true, true, 7, 9, 'thumb'],
      srcSetter: ['function set src() { [native code] }', 'set src', 1, false],
    });
    // One group per creating line, all without a source.
    const found = await groups(page, 'image', 'HTMLImageElement');
    expect(new Set(found.map((g) => g.target))).toEqual(new Set(['(no src)']));
    expect(found.reduce((sum, g) => sum + g.count, 0)).toBe(7);
    expect((await summary(page)).health.errors).toBe(0);
  });

  test('the source decides the group: set after creation, data: URLs shortened', async ({ fixturePage }) => {
    const page = await fixturePage('images-clean.html');
    await page.evaluate(() => {
      const a = new Image();
      a.src = 'data:image/png;base64,' + 'A'.repeat(5000);
      const b = new Image();
      b.src = '/img/photo.png?first';
      b.src = '/img/other.png?second';
      (window as unknown as { keep: unknown[] }).keep = [a, b];
    });
    const found = await groups(page, 'image', 'HTMLImageElement');
    expect(found.map((g) => [g.target, g.count]).sort()).toEqual([
      ['data:image/png', 1],
      [`${FIXTURE_ORIGIN}/img/other.png`, 1],
    ]);
    const data = found.find((g) => g.target === 'data:image/png')!;
    expect(data.samples[0]!.description).toBe(`data:image/png;base64,${'A'.repeat(64 - 'data:image/png;base64,'.length)}…`);
  });
});

test.describe('object URLs', () => {
  test('object URLs never revoked: one group by MIME type, bytes = blob sizes, the blob: URL as sample', async ({ fixturePage, context }) => {
    const page = await fixturePage('images-leaky.html');
    await page.evaluate(() => (window as unknown as { makeObjectUrls(n: number, size: number): void }).makeObjectUrls(4, 1000));
    // Dropped Blobs are kept by their URLs, and so are our records.
    await collectGarbage(page, context);
    const [group, ...others] = await groups(page, 'object-url');
    expect(others).toEqual([]);
    expect(group).toMatchObject({ type: 'application/json', target: 'blob', count: 4, bytes: 4000 });
    expect(group!.samples[0]!.description).toMatch(/^blob:http:\/\/fixtures\.leakscope\.test\/[0-9a-f-]{36}$/);
    const at = whereIs('images-leaky.html', 'LEAK:object-url', 'URL.createObjectURL');
    expect(group!.stack[0]).toMatchObject({
      url: `${FIXTURE_ORIGIN}/images-leaky.html`,
      functionName: 'makeObjectUrls',
      line: at.line,
      column: at.column + 'URL.'.length,
    });
    expect((await stats(page)).objectUrls).toBe(4);
    // Revoking them now, in any order, empties the group.
    await page.evaluate(() => (window as unknown as { urls: string[] }).urls.reverse().forEach((u) => URL.revokeObjectURL(u)));
    expect((await stats(page)).objectUrls).toBe(0);
  });

  test('negative twin: revoked object URLs (by string or URL object) leave nothing', async ({ fixturePage }) => {
    const page = await fixturePage('images-clean.html');
    await page.evaluate(() => (window as unknown as { useObjectUrls(n: number, size: number): void }).useObjectUrls(6, 1000));
    expect((await stats(page)).objectUrls).toBe(0);
    expect(await groups(page, 'object-url')).toEqual([]);
    const errors = await page.evaluate(() => {
      const error = (f: () => unknown) => {
        try {
          f();
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      return [
        error(() => URL.createObjectURL({} as Blob)),
        error(() => (URL.revokeObjectURL as unknown as () => void)()),
        String(URL.createObjectURL),
      ];
    });
    expect(errors).toEqual([
      "TypeError: Failed to execute 'createObjectURL' on 'URL': Overload resolution failed.",
      "TypeError: Failed to execute 'revokeObjectURL' on 'URL': 1 argument required, but only 0 present.",
      'function createObjectURL() { [native code] }',
    ]);
  });
});

test.describe('ImageBitmap', () => {
  test('bitmaps never closed: one group with bytes = width × height × 4', async ({ fixturePage, context }) => {
    const page = await fixturePage('images-leaky.html');
    await page.evaluate(() => (window as unknown as { makeBitmaps(n: number): Promise<void> }).makeBitmaps(3));
    await collectGarbage(page, context);
    const [group, ...others] = await groups(page, 'image', 'ImageBitmap');
    expect(others).toEqual([]);
    expect(group).toMatchObject({ target: 'ImageData', count: 3, bytes: 3 * 20 * 10 * 4 });
    expect(group!.samples[0]).toEqual({ description: '20×10 from ImageData', state: 'not closed' });
    const at = whereIs('images-leaky.html', 'LEAK:bitmap', 'createImageBitmap');
    expect(group!.stack[0]).toMatchObject({ url: `${FIXTURE_ORIGIN}/images-leaky.html`, functionName: 'makeBitmaps', ...at });
  });

  test('negative twin: closed bitmaps leave at once, dropped ones after GC; promise and errors as natively', async ({ fixturePage, context }) => {
    const page = await fixturePage('images-clean.html');
    await page.evaluate(() => (window as unknown as { useBitmaps(n: number): Promise<void> }).useBitmaps(3));
    expect((await stats(page)).images).toBe(0);
    await page.evaluate(() => (window as unknown as { dropBitmaps(n: number): Promise<void> }).dropBitmaps(3));
    expect((await stats(page)).images).toBe(3);
    await expect
      .poll(async () => {
        await collectGarbage(page, context);
        return (await stats(page)).images;
      })
      .toBe(0);
    const result = await page.evaluate(async () => {
      const promise = createImageBitmap(new ImageData(2, 2));
      const bitmap = await promise;
      let rejected = '';
      await createImageBitmap(new ImageData(2, 2), 0, 0, 0, 0).catch((e: Error) => (rejected = `${e.name}: ${e.message}`));
      bitmap.close();
      return {
        isPromise: promise instanceof Promise,
        isBitmap: bitmap instanceof ImageBitmap,
        rejected,
        text: String(createImageBitmap),
        length: createImageBitmap.length,
      };
    });
    expect(result).toEqual({
      isPromise: true,
      isBitmap: true,
      rejected: "RangeError: Failed to execute 'createImageBitmap' on 'Window': The crop rect width is 0.",
      text: 'function createImageBitmap() { [native code] }',
      length: 1,
    });
    expect((await stats(page)).images).toBe(0);
  });

  test('a rejection the page ignores is still reported as unhandled', async ({ fixturePage }) => {
    const page = await fixturePage('images-clean.html');
    await page.evaluate(() => {
      const w = window as unknown as { unhandled: string[] };
      w.unhandled = [];
      window.addEventListener('unhandledrejection', (e) => {
        w.unhandled.push((e.reason as Error).name);
        e.preventDefault();
      });
      void createImageBitmap(new ImageData(2, 2), 0, 0, 0, 0);
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { unhandled: string[] }).unhandled)).toEqual(['RangeError']);
  });
});
