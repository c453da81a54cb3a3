import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../core/analysis/analyze.ts';
import type { Report } from '../core/report/schema.ts';
import type { StackFrame } from '../core/snapshot/schema.ts';
import { frame, perIteration, series } from '../core/testing/builder.ts';
import { leaksMessage, messageFrame } from './message.ts';

function report() {
  return analyzeSeries(
    series(3, (b, i) => {
      b.group({ type: 'resize', target: 'window', createdIn: perIteration(i, 1), stack: [frame('mountChart', '/src/chart.js', 33, 11)] });
      b.detached({ tag: 'section', classes: ['view'] }, i);
    }),
  );
}

describe('leaksMessage', () => {
  it('lists each leak with its line, and for detached DOM what keeps it when a heap snapshot named it', () => {
    const r = report();
    const plain = leaksMessage(r);
    expect(plain).toMatch(/^Leakscope: 2 leaks found over 3 iterations/);
    expect(plain).toContain('listener: "resize" listener on window, +1 per iteration (0 -> 1 -> 2 -> 3) at https://app.test/src/chart.js:33');
    expect(plain).toContain('\n      created at https://app.test/src/chart.js:33:11 in mountChart()');
    expect(plain).toContain('\n      removed by https://app.test/src/modal.js:30:5 in close()');
    expect(plain).not.toContain('kept by');
    expect(plain).toMatch(/\n {2}\(to name the variable that keeps the detached DOM alive, pass \{ retainers: true \} to leaks\.cycle\)$/);
    r.leaks.find((l) => l.kind === 'detached-dom')!.detached!.attribution.keptBy = { path: 'views[1]', script: 'https://app.test/src/router.js' };
    expect(leaksMessage(r)).toContain('      kept by views[1], a variable of https://app.test/src/router.js');
    expect(leaksMessage(r)).not.toContain('retainers: true');
  });

  it('aligns the frames after the first under it', () => {
    const r = analyzeSeries(
      series(
        3,
        (b, i) =>
          void b.group({
            createdIn: perIteration(i, 1),
            stack: [frame('attach', '/a.js', 19, 12), frame('Module.mount', '/a.js', 40, 21), frame('', '/router.js', 36, 27)],
          }),
      ),
    );
    expect(leaksMessage(r).split('\n').slice(2)).toEqual([
      '      created at https://app.test/a.js:19:12 in attach()',
      '                 https://app.test/a.js:40:21 in Module.mount()',
      '                 https://app.test/router.js:36:27 in an anonymous function',
    ]);
  });
});

/**
 * The pattern Playwright Test (stack-utils) reads every line of a failed test's error with; a line it matches is
 * shown again as an `at …` frame of the test.
 */
const PLAYWRIGHT_FRAME = /^(?:\s*at )?(?:(new) )?(?:(.*?) \()?(?:eval at ([^ ]+) \((.+?):(\d+):(\d+)\), )?(?:(.+?):(\d+):(\d+)|(native))(\)?)$/;

const framesLike = (lines: string[]) => lines.filter((l) => PLAYWRIGHT_FRAME.test(l));

/** A report of a listener created by `stack` and a detached root removed by it, over 3 iterations. */
function reportWith(stack: StackFrame[], opts: { labels?: [string, string]; detached?: boolean; kinds?: number } = {}): Report {
  const snapshots = series(3, (b, i) => {
    for (let k = 0; k < (opts.kinds ?? 1); k++) b.group({ type: `event${k}`, createdIn: perIteration(i, 1), stack });
    if (opts.detached !== false) b.detached({ tag: 'section', classes: ['view'], removedBy: stack }, i);
  });
  if (opts.labels) {
    snapshots[0]!.meta.label = opts.labels[0];
    snapshots.at(-1)!.meta.label = opts.labels[1];
  }
  return analyzeSeries(snapshots);
}

describe('leaksMessage: no line that Playwright takes for a stack frame', () => {
  // What today's text report writes, for contrast: these lines do match.
  it('the pattern matches the frame lines the text report writes', () => {
    expect(
      framesLike([
        '      created at attachKeydownHandler (http://127.0.0.1:4173/app/routes/listeners.js:19:12)',
        '                 render (http://h/router.js:36:27)',
      ]),
    ).toHaveLength(2);
  });

  const names: Array<[string, StackFrame[]]> = [
    [
      'named functions',
      [
        frame('attachKeydownHandler', '/app/routes/listeners.js', 19, 12),
        frame('Module.mount', '/app/routes/listeners.js', 40, 21),
        frame('render', '/app/router.js', 36, 27),
      ],
    ],
    ['anonymous functions', [frame('', '/app/a.js', 3, 9), frame('', '/app/b.js', 10, 1)]],
    ['names ending in digits', [frame('handler2', '/app/a.js', 3, 9), frame('v8', '/app/b.js', 1, 1)]],
    [
      'names a page made up to look like frames',
      [
        frame('x:1:2', '/app/a.js', 3, 9),
        frame('native', '/app/a.js', 4, 1),
        frame('(native', '/app/a.js', 5, 1),
        frame('f (https://x.test/a.js:1:2)', '/app/a.js', 6, 1),
      ],
    ],
    ['a frame without line and column', [frame('boot', '/app/a.js', 0, 0)]],
    ['harness frames above the app', [frame('', '<anonymous>', 1, 9), frame('eval', 'debugger://x', 2, 3), frame('mount', '/app/a.js', 12, 7)]],
    ['no frame with a page URL', [frame('', '<anonymous>', 1, 9), frame('evaluate', 'pptr://__puppeteer_evaluation_script__', 3, 4)]],
    ['URLs that end like a position', [frame('load', 'https://cdn.test/bundle:5', 19, 12), frame('go', 'https://cdn.test/x:1:2', 1, 1)]],
  ];
  for (const [what, stack] of names) {
    it(`${what}, with and without detached DOM`, () => {
      for (const detached of [true, false]) {
        const message = leaksMessage(reportWith(stack, { detached }));
        expect(message.split('\n').length).toBeGreaterThan(2);
        expect(framesLike(message.split('\n'))).toEqual([]);
      }
    });
  }

  it('detached DOM with what keeps it: a script, a node of the subtree, a function whose scope holds it', () => {
    const r = reportWith([frame('close', '/src/modal.js', 30, 5)], { detached: true });
    const root = r.leaks.find((l) => l.kind === 'detached-dom')!.detached!;
    for (const keptBy of [
      { path: 'views[1]', script: 'https://app.test/src/router.js' },
      { path: 'renderedLists[2]', node: '<ul class="catalog">', script: 'https://app.test/app/routes/detached.js' },
      { path: 'items[2]', closure: frame('makeList', '/src/list.js', 4, 3) },
      { path: 'items[2]', node: '<li>', closure: frame('', '/src/list.js', 4, 3) },
      { path: 'cache', script: 'https://app.test/chunk:7:9' },
    ]) {
      root.attribution.keptBy = keptBy;
      const message = leaksMessage(r);
      expect(message).toContain('kept by ');
      expect(framesLike(message.split('\n'))).toEqual([]);
    }
    root.attribution.keptBy = { path: 'items[2]', closure: frame('makeList', '/src/list.js', 4, 3) };
    expect(leaksMessage(r)).toContain('      kept by items[2], a variable of the function at https://app.test/src/list.js:4:3 in makeList()');
  });

  it('snapshot labels a test made up', () => {
    for (const labels of [
      ['before', 'after 1:2:3'],
      ['start (native)', 'x (a.js:1:2)'],
      ['at a.js:1:2', 'native'],
    ] as [string, string][]) {
      const message = leaksMessage(reportWith([frame('mount', '/app/a.js', 12, 7)], { labels }));
      expect(message.split('\n')[0]).toContain(labels[1]);
      expect(framesLike(message.split('\n'))).toEqual([]);
    }
  });

  it('more leaks than the message lists, and leaks within the budget', () => {
    const stack = [frame('mount', '/app/a.js', 12, 7)];
    const many = leaksMessage(reportWith(stack, { kinds: 25 }));
    expect(many).toContain('… and 6 more (see the attached report)');
    expect(framesLike(many.split('\n'))).toEqual([]);
    const snapshots = series(3, (b, i) => {
      b.group({ type: 'resize', createdIn: perIteration(i, 1), stack });
      b.group({ kind: 'timer', type: 'setInterval', createdIn: perIteration(i, 1), stack });
    });
    const budgeted = leaksMessage(analyzeSeries(snapshots, { budget: { timer: 1 } }));
    expect(budgeted).toContain('(1 more within the budget)');
    expect(framesLike(budgeted.split('\n'))).toEqual([]);
  });

  it('writes a frame as url:line:column in name()', () => {
    expect(messageFrame(frame('mountChart', '/src/chart.js', 33, 11))).toBe('https://app.test/src/chart.js:33:11 in mountChart()');
    expect(messageFrame(frame('', '/src/chart.js', 33, 11))).toBe('https://app.test/src/chart.js:33:11 in an anonymous function');
  });
});
