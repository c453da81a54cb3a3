/**
 * The tables rendered to markup in Node (no DOM here): what the Leaks tab shows for a report, that page strings
 * come out escaped, and that a huge table renders only its first rows. Interaction is covered by
 * e2e/panel-tables.spec.ts.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../../core/analysis/analyze.ts';
import { frame, perIteration, series, snapshot } from '../../../core/testing/builder.ts';
import { ResourceTabs } from './ResourceTabs.tsx';
import { MAX_RENDERED_ROWS } from './table-logic.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('ResourceTabs', () => {
  it('lists a report’s leaks with kind, signature, growth per cycle, total and creation frame', () => {
    const snapshots = series(4, (b, i) =>
      b.group({
        kind: 'listener',
        type: 'resize',
        target: 'window',
        createdIn: perIteration(i, 1),
        stack: [frame('mount', 'https://app.test/detail.js', 53, 9)],
      }),
    );
    const report = analyzeSeries(snapshots);
    expect(report.leaks).toHaveLength(1);
    const html = renderToStaticMarkup(createElement(ResourceTabs, { snapshot: snapshots.at(-1)!, report }));
    expect(html).toContain('aria-selected="true" aria-controls');
    expect(html).toMatch(/data-testid="tab-leaks"[^>]*>Leaks <span class="tab-count">1</);
    expect(html).toContain('data-column="kind">listener<');
    expect(html).toContain('&quot;resize&quot; listener on window');
    expect(html).toContain('data-column="delta" class="numeric">+1<');
    expect(html).toContain('data-column="total" class="numeric">4<');
    expect(html).toContain('mount (https://app.test/detail.js:53:9)');
  });

  it('asks for two snapshots when there is no report', () => {
    const html = renderToStaticMarkup(createElement(ResourceTabs, { snapshot: snapshot().build(), initialTab: 'leaks' }));
    expect(html).toContain('Take two snapshots');
  });

  it('escapes page strings: targets, URLs and frames stay text', () => {
    const s = snapshot()
      .group({ kind: 'listener', type: 'click', target: `div#${HOSTILE}`, stack: [frame(HOSTILE, `https://app.test/${HOSTILE}.js`, 1, 1)] })
      .build();
    const html = renderToStaticMarkup(createElement(ResourceTabs, { snapshot: s, initialTab: 'listeners' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('div#&lt;img src=x onerror=alert(1)&gt;');
  });

  it(`renders at most ${MAX_RENDERED_ROWS} rows and says how many more the filter would reveal`, () => {
    const b = snapshot();
    for (let i = 0; i < MAX_RENDERED_ROWS + 700; i++) b.group({ kind: 'timer', type: 'setTimeout', target: `in ${i} ms` });
    const html = renderToStaticMarkup(createElement(ResourceTabs, { snapshot: b.build(), initialTab: 'timers' }));
    expect(html.match(/data-testid="table-row"/g)).toHaveLength(MAX_RENDERED_ROWS);
    expect(html).toContain('700 more — refine the filter');
  });
});
