import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../analysis/analyze.ts';
import type { KeptBy } from '../snapshot/schema.ts';
import { keptByText } from './describe.ts';
import { parseReport } from '../report/parse.ts';
import { frame, perIteration, series, seriesOfCounts } from '../testing/builder.ts';
import { escapeHtml, renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { mdCode, mdText, renderMarkdown } from './markdown.ts';
import { renderText } from './text.ts';

const EVIL = '<script>alert(1)</script> @team #12 `x` | \u001b[31mred\u001b[0m\n![img](https://evil.test/x.png)';

function leakyReport() {
  return analyzeSeries(
    series(3, (b, i) => {
      b.group({
        type: 'resize',
        target: 'window',
        createdIn: perIteration(i, 1),
        stack: [frame('mountChart', '/src/chart.js', 33, 11), frame('render', '/src/app.js', 5, 1)],
      });
      b.detached({ id: 'dialog', listeners: [{ type: 'keydown', target: 'document', stack: [frame('trap', '/src/dialog.js', 8, 3)] }] }, i);
    }),
  );
}

function hostileReport() {
  return analyzeSeries(
    series(3, (b, i) => {
      b.meta({ label: i === 0 ? `baseline ${EVIL}` : `it ${i}`, title: EVIL });
      b.group({
        type: EVIL,
        target: EVIL,
        count: i,
        samples: [{ description: EVIL, state: EVIL }],
        stack: [{ functionName: EVIL, url: `javascript:${EVIL}`, line: 1, column: 2 }],
      });
    }),
  );
}

const clean = () => analyzeSeries(seriesOfCounts([1, 1, 1]));

/** The leaky report with what a heap snapshot named as keeping the detached root (a `--retainers` run). */
function keptReport(keptBy: KeptBy) {
  const report = leakyReport();
  const detached = report.leaks.find((l) => l.kind === 'detached-dom')!.detached!;
  detached.attribution.keptBy = keptBy;
  return report;
}

describe('what keeps a detached root', () => {
  it('reads as code: the reference, the node of the subtree it holds, and where the variable lives', () => {
    expect(keptByText({ path: 'renderedLists[3]', node: '<ul class="catalog">', script: 'https://app.test/list.js' })).toBe(
      'renderedLists[3] (<ul class="catalog"> of the subtree), a variable of https://app.test/list.js',
    );
    expect(keptByText({ path: 'items[0]', script: 'https://app.test/list.js', closure: frame('makeList', '/list.js', 4, 3) })).toBe(
      'items[0], a variable of makeList (https://app.test/list.js:4:3)',
    );
    expect(keptByText({ path: 'window.cache.views[0]' })).toBe('window.cache.views[0]');
  });

  it('is in every format, escaped, and survives the JSON round trip', () => {
    const report = keptReport({ path: `cache[0]${EVIL}`, script: 'https://app.test/list.js' });
    expect(renderText(report)).toContain('  kept by cache[0]<script>');
    expect(renderText(report)).not.toContain('\u001b');
    expect(renderMarkdown(report)).toContain('- **Kept by:** ');
    expect(renderHtml(report)).toContain('<dt>Kept by</dt><dd><code>cache[0]&lt;script&gt;');
    expect(parseReport(renderJson(report), 'r.json').leaks.find((l) => l.kind === 'detached-dom')!.detached!.attribution.keptBy?.path).toBe(
      `cache[0]${EVIL}`,
    );
  });
});

describe('renderText', () => {
  it('names the leak, its growth, its source line and the fix', () => {
    const text = renderText(leakyReport());
    expect(text).toMatch(/^Leakscope: 2 leaks found over 3 iterations \(baseline -> iteration 3\)\n/);
    expect(text).toContain('LEAK listener  "resize" listener on window');
    expect(text).toContain('  +1 per iteration: 0 -> 1 -> 2 -> 3');
    expect(text).toContain('  created at mountChart (https://app.test/src/chart.js:33:11)');
    expect(text).toContain('  removed by close (https://app.test/src/modal.js:30:5)');
    expect(text).toContain('  held by a "keydown" listener on document added at trap (https://app.test/src/dialog.js:8:3)');
    expect(text).toContain('  fix: Remove the listener on unmount');
    expect(text).not.toContain('\u001b');
  });

  it('colours only when asked', () => {
    expect(renderText(leakyReport(), { color: true })).toContain('\u001b[1;31mLEAK\u001b[0m');
    // eslint-disable-next-line no-control-regex -- matches control characters on purpose
    expect(renderText(clean(), { color: true })).toMatch(/^\u001b\[32mLeakscope: no leaks found/);
  });

  it('never lets page strings drive the terminal', () => {
    const text = renderText(hostileReport(), { color: false });
    // eslint-disable-next-line no-control-regex -- matches control characters on purpose
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('\\u001b[31mred');
  });

  it('says so when clean, and lists the diff and counters', () => {
    const text = renderText(clean());
    expect(text).toMatch(/^Leakscope: no leaks found over 2 iterations/);
    expect(text).toContain('counters (context):');
  });

  it('is deterministic', () => {
    expect(renderText(leakyReport())).toBe(renderText(leakyReport()));
  });
});

describe('renderMarkdown', () => {
  it('has a table and a section per leak', () => {
    const md = renderMarkdown(leakyReport());
    expect(md).toMatch(/^## 🔴 Leakscope: 2 leaks found\n/);
    expect(md).toContain(
      '| listener | "resize" listener on window | +1 per iteration | 0 → 1 → 2 → 3 | `mountChart (https://app.test/src/chart.js:33:11)` |',
    );
    expect(md).toContain('- **Fix:** Remove the listener on unmount');
  });

  it('escapes page strings: no HTML, mentions, references, images or broken tables', () => {
    const md = renderMarkdown(hostileReport());
    // Code spans show their content literally (no HTML, no mentions); everything outside them is escaped.
    const outsideCode = md.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toContain('@team');
    expect(outsideCode).not.toContain(' #12');
    expect(outsideCode).not.toContain('![img]');
    // eslint-disable-next-line no-control-regex -- matches control characters on purpose
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    for (const row of md.split('\n').filter((l) => l.startsWith('| listener'))) {
      expect(row.split(/(?<!\\)\|/).length).toBe(7);
    }
  });

  it('escapes text and code spans', () => {
    expect(mdText('<b>*x*</b> @a #1')).toBe('&#60;b&#62;\\*x\\*&#60;/b&#62; &#64;a &#35;1');
    expect(mdCode('a`b|c')).toBe('``a`b\\|c``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
  });
});

describe('renderJson', () => {
  it('round-trips through parseReport', () => {
    const report = leakyReport();
    expect(parseReport(renderJson(report), 'r.json')).toEqual(report);
    expect(renderJson(report).endsWith('}\n')).toBe(true);
  });
});

describe('renderHtml', () => {
  it('is one self-contained document with the leaks', () => {
    const html = renderHtml(leakyReport());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('mountChart (https://app.test/src/chart.js:33:11)');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
  });

  it('escapes every page string', () => {
    const html = renderHtml(hostileReport());
    expect(html).not.toMatch(/<script|<img|<\/script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // eslint-disable-next-line no-control-regex -- matches control characters on purpose
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
