/** Detached-DOM attribution: what the registry knows about a subtree removed from the document. */
import { expect, FIXTURE_ORIGIN, test } from './fixtures.ts';

const PAGE = `${FIXTURE_ORIGIN}/detached.html`;

test('a removed subtree kept alive is attributed its listeners and the line that removed it', async ({ fixturePage }) => {
  const page = await fixturePage('detached.html');
  const [attribution] = await page.evaluate(() => {
    const w = window as unknown as { buildPanel(l: boolean): Element; closePanel(e: Element): void; readAttribution(): unknown[] };
    w.closePanel(w.buildPanel(true));
    return w.readAttribution();
  });
  const top = (stack: { functionName: string; url: string; line: number; column: number }[]) => stack[0];
  const a = attribution as {
    listeners: { type: string; target: string; stack: Parameters<typeof top>[0] }[];
    observers: unknown[];
    removedBy: Parameters<typeof top>[0];
  };
  expect(a.listeners.map((l) => [l.type, l.target, top(l.stack)])).toEqual([
    ['click', 'section.panel.open', { functionName: 'buildPanel', url: PAGE, line: 14, column: 17 }],
    ['focus', 'button', { functionName: 'buildPanel', url: PAGE, line: 15, column: 18 }],
  ]);
  expect(a.observers).toEqual([]);
  expect(top(a.removedBy)).toEqual({ functionName: 'closePanel', url: PAGE, line: 21, column: 15 });
});

test('an observer still observing a node inside a removed subtree is attributed to it, with its line', async ({ fixturePage }) => {
  const page = await fixturePage('detached.html');
  const [attribution] = await page.evaluate(() => {
    const w = window as unknown as {
      buildPanel(l: boolean): Element;
      watchPanel(e: Element): void;
      closePanel(e: Element): void;
      readAttribution(): unknown[];
    };
    const panel = w.buildPanel(false);
    w.watchPanel(panel);
    w.closePanel(panel);
    return w.readAttribution();
  });
  const observers = (attribution as { observers: { type: string; stack: { functionName: string; line: number }[] }[] }).observers;
  expect(observers.map((o) => [o.type, o.stack[0]!.functionName, o.stack[0]!.line])).toEqual([['MutationObserver', 'watchPanel', 25]]);
});

test('negative twin: a removed subtree without listeners has none attributed', async ({ fixturePage }) => {
  const page = await fixturePage('detached.html');
  const [attribution] = await page.evaluate(() => {
    const w = window as unknown as { buildPanel(l: boolean): Element; closePanel(e: Element): void; readAttribution(): unknown[] };
    w.closePanel(w.buildPanel(false));
    return w.readAttribution();
  });
  expect(attribution).toMatchObject({ listeners: [], observers: [] });
});

test('attribution of something that is not a node is undefined, never an error', async ({ fixturePage }) => {
  const page = await fixturePage('detached.html');
  expect(
    await page.evaluate(() => {
      const r = (window as unknown as Record<symbol, { attribution(x: unknown): unknown }>)[Symbol.for('leakscope')]!;
      return [r.attribution(null), r.attribution({}), r.attribution(42), r.attribution(window)].map((x) => x === undefined);
    }),
  ).toEqual([true, true, true, true]);
});
