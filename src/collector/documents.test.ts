import { describe, expect, it } from 'vitest';
import { groupDocuments } from './documents.ts';

const found = (url: string, retainers: string[], popup = false) => ({
  url,
  title: '',
  name: '',
  popup,
  retainers,
  listeners: [{ type: 'resize', functionName: 'onResize', url, line: 3 }],
});

describe('groupDocuments', () => {
  it('groups retained documents by kind of frame and URL, with what keeps them and their host', () => {
    const groups = groupDocuments(
      [
        found('http://a.test/help.html', ['window.kept']),
        found('http://a.test/help.html', ['message listener on window']),
        found('http://a.test/pop.html', [], true),
      ],
      [{ description: 'iframe#help', src: '/help.html', name: undefined }],
    );
    expect(groups.map((g) => [g.kind, g.type, g.target, g.count])).toEqual([
      ['document', 'iframe', 'http://a.test/help.html', 2],
      ['document', 'window', 'http://a.test/pop.html', 1],
    ]);
    expect(groups[0]!.samples.map((s) => s.description)).toEqual([
      'removed iframe document http://a.test/help.html',
      'kept by window.kept',
      'hosted by iframe#help (removed, still alive)',
      'listener resize on its window, added by onResize (http://a.test/help.html:3)',
    ]);
    expect(groups[1]!.samples[1]!.description).toBe('its host element was collected');
  });
  it('types and cuts what the page said', () => {
    const [g] = groupDocuments([{ ...found('x'.repeat(20_000), ['r'.repeat(1000)]), listeners: 'nope' as never }], []);
    expect(g!.target.length).toBe(8192);
    expect(g!.samples[1]!.description.length).toBeLessThanOrEqual(8192);
  });
  it('finds nothing in nothing', () => {
    expect(groupDocuments([], [])).toEqual([]);
  });
});
