/**
 * Realistic mixes for the instrumentation benchmark (./instrument.bench.ts): what busy single-page apps do to the
 * APIs Leakscope watches, each mix one timed run in the page. Every `run` is self-contained (it is sent to the page
 * as source): no closures over this module, `host` is the page's `#host`.
 *
 * `ops` counts the watched calls a run makes (adds, removes, creations…), for the cost per operation.
 */

/** A workload runs in the page: it does its work `n` times and returns the time it took, in ms. */
export interface Workload {
  name: string;
  n: number;
  /** Watched calls per run, for the per-operation cost; `n` when not given. */
  ops?: number;
  run: (n: number, wsUrl: string) => number | Promise<number>;
}

/** The page-level mix, the sum of the others: its ratio is the page-level figure. */
export const PAGE_MIX = 'page-level mix: all of the above, one after the other';

export const MIXES: Workload[] = [
  {
    name: 'rows: 2,500, a click (closure per row) and a passive mouseover each; half removed; list removed',
    n: 2500,
    ops: 2500 * 2 + 1250 * 2,
    run: (n) => {
      const host = document.getElementById('host')!;
      const t0 = performance.now();
      const list = document.createElement('ul');
      const rows: { li: HTMLElement; click: () => void; over: () => void }[] = [];
      for (let i = 0; i < n; i++) {
        const li = document.createElement('li');
        li.textContent = `row ${i}`;
        const click = () => void li.classList.toggle('on');
        const over = () => void li.classList.add('hover');
        li.addEventListener('click', click);
        li.addEventListener('mouseover', over, { passive: true });
        list.appendChild(li);
        rows.push({ li, click, over });
      }
      host.appendChild(list);
      void host.offsetHeight;
      for (let i = 0; i < n; i += 2) {
        const r = rows[i]!;
        r.li.removeEventListener('click', r.click);
        r.li.removeEventListener('mouseover', r.over, { passive: true } as EventListenerOptions);
      }
      list.remove();
      return performance.now() - t0;
    },
  },
  {
    name: 'rows: the same, nothing removed but the list',
    n: 2500,
    ops: 2500 * 2,
    run: (n) => {
      const host = document.getElementById('host')!;
      const t0 = performance.now();
      const list = document.createElement('ul');
      for (let i = 0; i < n; i++) {
        const li = document.createElement('li');
        li.textContent = `row ${i}`;
        li.addEventListener('click', () => void li.classList.toggle('on'));
        li.addEventListener('mouseover', () => void li.classList.add('hover'), { passive: true });
        list.appendChild(li);
      }
      host.appendChild(list);
      void host.offsetHeight;
      list.remove();
      return performance.now() - t0;
    },
  },
  {
    name: 'rows: the same rows, no listeners (DOM only)',
    n: 2500,
    ops: 2500,
    run: (n) => {
      const host = document.getElementById('host')!;
      const t0 = performance.now();
      const list = document.createElement('ul');
      for (let i = 0; i < n; i++) {
        const li = document.createElement('li');
        li.textContent = `row ${i}`;
        list.appendChild(li);
      }
      host.appendChild(list);
      void host.offsetHeight;
      list.remove();
      return performance.now() - t0;
    },
  },
  {
    name: 'event types: click, keydown, focus and pointerenter per element in one loop, then removed',
    n: 2000,
    ops: 2000 * 8,
    run: (n) => {
      const host = document.getElementById('host')!;
      const types = ['click', 'keydown', 'focus', 'pointerenter'];
      const f = () => undefined;
      const t0 = performance.now();
      const els: HTMLElement[] = [];
      for (let i = 0; i < n; i++) {
        const el = document.createElement('button');
        for (let t = 0; t < types.length; t++) el.addEventListener(types[t]!, f);
        host.appendChild(el);
        els.push(el);
      }
      for (const el of els) for (let t = 0; t < types.length; t++) el.removeEventListener(types[t]!, f);
      host.textContent = '';
      return performance.now() - t0;
    },
  },
  {
    name: 'listener add+remove, two types interleaved on one element',
    n: 50_000,
    ops: 50_000 * 2,
    run: (n) => {
      const el = document.getElementById('host')!;
      const fns = Array.from({ length: 500 }, () => () => undefined);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const f = fns[i % 500]!;
        const type = i % 2 === 0 ? 'click' : 'input';
        el.addEventListener(type, f);
        el.removeEventListener(type, f);
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'options: passive, capture, once and signal listeners, removed or aborted',
    n: 2000,
    ops: 2000 * 8,
    run: (n) => {
      const host = document.getElementById('host')!;
      const f = () => undefined;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const el = document.createElement('div');
        const controller = new AbortController();
        el.addEventListener('touchstart', f, { passive: true });
        el.addEventListener('focus', f, true);
        el.addEventListener('click', f, { once: true });
        el.addEventListener('scroll', f, { signal: controller.signal, passive: true });
        host.appendChild(el);
        el.removeEventListener('touchstart', f, { passive: true } as EventListenerOptions);
        el.removeEventListener('focus', f, true);
        el.removeEventListener('click', f);
        controller.abort();
      }
      host.textContent = '';
      return performance.now() - t0;
    },
  },
  {
    name: 'signal: 200 resize listeners on window, then abort()',
    n: 20,
    ops: 20 * 200,
    run: (n) => {
      const t0 = performance.now();
      for (let round = 0; round < n; round++) {
        const controller = new AbortController();
        for (let i = 0; i < 200; i++) window.addEventListener('resize', () => undefined, { signal: controller.signal });
        controller.abort();
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'components: 300 mount (3 listeners, a ResizeObserver, a timer) and unmount',
    n: 300,
    ops: 300 * 10,
    run: (n) => {
      const host = document.getElementById('host')!;
      const t0 = performance.now();
      const unmounts: (() => void)[] = [];
      for (let i = 0; i < n; i++) {
        const root = document.createElement('section');
        const button = document.createElement('button');
        const input = document.createElement('input');
        root.append(button, input);
        host.appendChild(root);
        const onClick = () => void root.classList.toggle('open');
        const onInput = () => void root.setAttribute('data-value', input.value);
        const onKey = (e: KeyboardEvent) => void (e.key === 'Escape' && root.classList.remove('open'));
        button.addEventListener('click', onClick);
        input.addEventListener('input', onInput);
        document.addEventListener('keydown', onKey);
        const observer = new ResizeObserver(() => undefined);
        observer.observe(root);
        const timer = setTimeout(() => undefined, 5000);
        unmounts.push(() => {
          button.removeEventListener('click', onClick);
          input.removeEventListener('input', onInput);
          document.removeEventListener('keydown', onKey);
          observer.disconnect();
          clearTimeout(timer);
          root.remove();
        });
      }
      for (const unmount of unmounts) unmount();
      return performance.now() - t0;
    },
  },
  {
    name: 'delegation: 3 root listeners, 5,000 rows, 5,000 clicks dispatched to their handlers',
    n: 5000,
    ops: 5000,
    run: (n) => {
      const host = document.getElementById('host')!;
      const handlers = new Map<string, () => void>();
      let hits = 0;
      const t0 = performance.now();
      const onClick = (e: Event) => {
        const row = (e.target as Element).closest('[data-id]');
        if (row) handlers.get(row.getAttribute('data-id')!)?.();
      };
      const onOver = () => undefined;
      const onKey = () => undefined;
      host.addEventListener('click', onClick);
      host.addEventListener('mouseover', onOver, { passive: true });
      document.addEventListener('keydown', onKey);
      const list = document.createElement('div');
      for (let i = 0; i < n; i++) {
        const row = document.createElement('div');
        row.setAttribute('data-id', String(i));
        handlers.set(String(i), () => void hits++);
        list.appendChild(row);
      }
      host.appendChild(list);
      for (let row = list.firstElementChild; row; row = row.nextElementSibling) row.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      host.removeEventListener('click', onClick);
      host.removeEventListener('mouseover', onOver, { passive: true } as EventListenerOptions);
      document.removeEventListener('keydown', onKey);
      list.remove();
      if (hits !== n) throw new Error(`delegation: ${hits} of ${n} clicks handled`);
      return performance.now() - t0;
    },
  },
  {
    name: 'observers: a burst of 100 MutationObservers created, observing, disconnected',
    n: 20,
    ops: 20 * 100 * 3,
    run: (n) => {
      const host = document.getElementById('host')!;
      const t0 = performance.now();
      for (let round = 0; round < n; round++) {
        const observers: MutationObserver[] = [];
        for (let i = 0; i < 100; i++) {
          const mo = new MutationObserver(() => undefined);
          mo.observe(host, { attributes: true, childList: true });
          observers.push(mo);
        }
        for (const mo of observers) mo.disconnect();
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'observers: 200 IntersectionObservers on 200 cards, disconnected',
    n: 10,
    ops: 10 * 200 * 3,
    run: (n) => {
      const host = document.getElementById('host')!;
      const t0 = performance.now();
      for (let round = 0; round < n; round++) {
        const observers: IntersectionObserver[] = [];
        for (let i = 0; i < 200; i++) {
          const card = document.createElement('article');
          host.appendChild(card);
          const io = new IntersectionObserver(() => undefined, { rootMargin: '100px' });
          io.observe(card);
          observers.push(io);
        }
        for (const io of observers) io.disconnect();
        host.textContent = '';
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'timers: a debounce restarted on each of 2,000 keystrokes (clearTimeout + setTimeout)',
    n: 2000,
    ops: 2000 * 2,
    run: (n) => {
      const input = document.createElement('input');
      document.getElementById('host')!.appendChild(input);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onInput = () => {
        clearTimeout(timer);
        timer = setTimeout(() => undefined, 300);
      };
      input.addEventListener('input', onInput);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) input.dispatchEvent(new Event('input'));
      const ms = performance.now() - t0;
      clearTimeout(timer);
      input.removeEventListener('input', onInput);
      input.remove();
      return ms;
    },
  },
  {
    name: 'timers: 200 setTimeout(…, 10 s) cleared and 25 intervals cleared',
    n: 20,
    ops: 20 * 450,
    run: (n) => {
      const f = () => undefined;
      const t0 = performance.now();
      for (let round = 0; round < n; round++) {
        const ids: ReturnType<typeof setTimeout>[] = [];
        for (let i = 0; i < 200; i++) ids.push(setTimeout(f, 10_000));
        const intervals: ReturnType<typeof setInterval>[] = [];
        for (let i = 0; i < 25; i++) intervals.push(setInterval(f, 1000));
        for (const id of ids) clearTimeout(id);
        for (const id of intervals) clearInterval(id);
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'images: a gallery of 100 <img> with data: URLs, shown and removed',
    n: 10,
    ops: 10 * 100,
    run: (n) => {
      const host = document.getElementById('host')!;
      const src = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==';
      const t0 = performance.now();
      for (let round = 0; round < n; round++) {
        const gallery = document.createElement('div');
        for (let i = 0; i < 100; i++) {
          const img = document.createElement('img');
          img.alt = `photo ${i}`;
          img.src = `${src}#${round}-${i}`;
          gallery.appendChild(img);
        }
        host.appendChild(gallery);
        void host.offsetHeight;
        gallery.remove();
      }
      return performance.now() - t0;
    },
  },
  {
    name: 'images: 50 new Image() with a data: URL',
    n: 50,
    run: (n) => {
      const src = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==';
      const keep: HTMLImageElement[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const img = new Image();
        img.src = `${src}#${i}`;
        keep.push(img);
      }
      const ms = performance.now() - t0;
      keep.length = 0;
      return ms;
    },
  },
  {
    name: 'object URLs: 10 blobs of 64 KB, URL created and revoked',
    n: 10,
    ops: 20,
    run: (n) => {
      const bytes = new Uint8Array(64 * 1024);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
        URL.revokeObjectURL(url);
      }
      return performance.now() - t0;
    },
  },
];
