/**
 * Benchmark (not a test): does an hour of samples keep the panel smooth? The built extension's panel is opened as a
 * tab for a blank page; its debugger session is given a full hour of samples (3,600, nine series) and a thousand
 * navigation markers, then new samples arrive one at a time as they do once a second. Printed: the time from a new
 * sample to the end of the work it causes on the main thread (React's render and commit, the timeline's setData and
 * redraw, the cards), for a minute of samples and for an hour, and their ratio. A frame at 60 Hz lasts 16.7 ms.
 *
 * Run with `npm run bench -- panel` (after `npm run build`).
 */
import { launchWithExtension } from '../src/playwright/browser.ts';

const HOUR = 3600;
const UPDATES = 30;

interface Hooked {
  debugger: { state: { samples: unknown[] }; setVisible(v: boolean): void; update(patch: unknown): void };
}

async function main(): Promise<void> {
  const ext = await launchWithExtension({ args: ['--silent-debugger-extension-api'] });
  try {
    const page = await ext.context.newPage();
    await page.goto('about:blank');
    await page.bringToFront();
    const tabId = await ext.serviceWorker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
    const panel = await ext.context.newPage();
    await panel.setViewportSize({ width: 1280, height: 900 });
    const results: Record<string, number> = {};
    /** Points the timeline showed after the updates: proof that the chart drew what it was given. */
    const shown: Record<string, number> = {};
    for (const [name, count] of [
      ['a minute', 60],
      ['an hour', HOUR],
    ] as const) {
      // A fresh panel per case: the timeline takes only samples newer than those it has.
      await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
      await panel.getByTestId('timeline').waitFor();
      // What tsx wraps named functions in (the evaluated function below has some); a no-op in the page.
      await panel.evaluate('window.__name = (f) => f');
      results[name] = await panel.evaluate(
        async ([count, updates]) => {
          const session = (window as unknown as Record<symbol, Hooked>)[Symbol.for('leakscope.panel')]!.debugger;
          // Real samples stop: the figures are the synthetic ones only.
          session.setVisible(false);
          // Later than any real sample the panel took before it was paused: the timeline appends only newer ones.
          const start = Date.now() + 60_000;
          const sample = (i: number) => ({
            time: start + i * 1000,
            durationMs: 5,
            counters: {
              nodes: 1000 + i,
              jsEventListeners: 50 + (i % 7),
              documents: 1,
              frames: 1,
              jsHeapUsedSize: 4e6 + i * 100,
              jsHeapTotalSize: 8e6,
            },
            registry: {
              listeners: 40 + (i % 13),
              connections: i % 3,
              images: 10,
              imageBytes: 4e5 + i,
              objectUrls: 2,
              observers: 3,
              timers: 4,
              errors: 0,
              epoch: Math.floor(i / 4),
              url: 'http://app.test/',
              frames: 1,
            },
            detachedNodes: (i * 7) % 300,
            detachedMs: 3,
          });
          const markers = Array.from({ length: Math.min(1000, Math.floor(count / 4)) }, (_, k) => ({
            time: start + k * 4000 + 500,
            kind: 'history',
            url: `http://app.test/route/${k % 20}`,
          }));
          const samples = Array.from({ length: count }, (_, i) => sample(i));
          // A private method at run time: the benchmark stands in for the collector.
          session.update({ samples, markers });
          const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
          const task = () => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now())));
          await frame();
          const times: number[] = [];
          for (let u = 0; u < updates; u++) {
            const t0 = performance.now();
            session.update({ samples: [...session.state.samples, sample(count + u)].slice(-3600) });
            // The work the new sample causes on the main thread: React's render and commit, the chart's redraw.
            times.push((await task()) - t0);
            await frame();
          }
          times.sort((a, b) => a - b);
          return times[times.length >> 1]!;
        },
        [count, UPDATES] as const,
      );
      shown[name] = Number(await panel.getByTestId('timeline').getAttribute('data-points'));
    }
    console.log(`panel: median main-thread time a new sample costs (${UPDATES} samples, nine series)`);
    for (const [name, ms] of Object.entries(results))
      console.log(`  ${name.padEnd(10)} of samples: ${ms.toFixed(1)} ms (${shown[name]} points drawn)`);
    console.log(`  ratio hour/minute: ${(results['an hour']! / results['a minute']!).toFixed(2)}; a 60 Hz frame lasts 16.7 ms`);
  } finally {
    await ext.close();
  }
}

await main();
