import { el, statsList, viewFrame } from '../dom.js';

const IMAGES_PER_VISIT = 4;
const MAX_CACHED = 8;

// Image cache keyed by URL. In the leaky version it only ever grows.
const imageCache = new Map();
let nextImage = 1;
// Object URLs created by this view that are not revoked yet, across all visits.
let liveObjectUrls = 0;

function cacheImage(src, bounded) {
  imageCache.set(src, new Image()); // LEAK:image-cache
  const img = imageCache.get(src);
  img.alt = `Generated image ${src}`;
  img.width = 96;
  img.height = 96;
  img.src = src;
  if (bounded) {
    for (const key of imageCache.keys()) {
      if (imageCache.size <= MAX_CACHED) break;
      imageCache.delete(key);
    }
  }
  return img;
}

function createBlobUrl(parts, type) {
  const url = URL.createObjectURL(new Blob(parts, { type })); // LEAK:object-url
  liveObjectUrls += 1;
  return url;
}

function thumbnailSvg(visit) {
  const hue = (visit * 53) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="8" fill="hsl(${hue} 60% 88%)"/><text x="48" y="58" font-size="30" text-anchor="middle" font-family="sans-serif" fill="hsl(${hue} 60% 30%)">#${visit}</text></svg>`;
}

function reportJson(visit, sources) {
  // A deliberately chunky export (about 100 KB) so a leaked blob is visible in memory.
  const rows = Array.from({ length: 1500 }, (_, i) => ({ row: i, visit, checksum: ((i * 2654435761) >>> 0).toString(16).padStart(8, '0') }));
  return JSON.stringify({ visit, images: sources, rows }, null, 1);
}

let visits = 0;

export function mount(container, { fixed }) {
  visits += 1;
  const view = viewFrame('images', {
    title: 'Images and object URLs',
    lead: 'This view loads a few new images into a cache, shows a thumbnail made from a Blob, and offers a report download through an object URL.',
    leaky: 'the image cache is an unbounded Map that keeps every image (and so every old <img> element), and the object URLs are never revoked, so their blobs stay in memory until the page is closed.',
    fixed: `the cache keeps at most ${MAX_CACHED} images and is emptied when you leave; the object URLs are revoked on leave.`,
    isFixed: fixed,
  });
  const gallery = el('div', { class: 'gallery' });
  const sources = [];
  const addImages = () => {
    for (let i = 0; i < IMAGES_PER_VISIT; i++) {
      const src = `/img/${nextImage++}.png`;
      sources.push(src);
      gallery.append(cacheImage(src, fixed));
    }
    values.cached.textContent = String(imageCache.size);
  };

  const objectUrls = [createBlobUrl([thumbnailSvg(visits)], 'image/svg+xml')];
  const thumbnail = el('img', { src: objectUrls[0], alt: `Thumbnail for visit ${visits}`, width: 96, height: 96 });
  gallery.append(thumbnail);

  const { dl, values } = statsList([
    ['cached', 'Images in the cache', imageCache.size],
    ['urls', 'Object URLs not revoked', liveObjectUrls],
  ]);
  addImages();
  const reportUrl = createBlobUrl([reportJson(visits, sources)], 'application/json');
  objectUrls.push(reportUrl);
  values.urls.textContent = String(liveObjectUrls);

  const actions = el(
    'p',
    {},
    el('button', { type: 'button', onclick: addImages }, 'Load more images'),
    ' ',
    el('a', { href: reportUrl, download: `report-${visits}.json` }, 'Download report'),
  );
  view.append(dl, gallery, actions);
  container.append(view);

  return function unmount() {
    view.remove();
    if (!fixed) return;
    for (const url of objectUrls) URL.revokeObjectURL(url);
    liveObjectUrls -= objectUrls.length;
    imageCache.clear();
  };
}
