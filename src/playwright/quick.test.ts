import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickScenario, looksLikeUrl, quickUrl } from './quick.ts';

describe('looksLikeUrl / quickUrl', () => {
  it('tells URLs from scenario files', () => {
    for (const arg of ['http://127.0.0.1:4173/', 'https://app.test/a?b=1', 'file:///tmp/page.html', 'FILE:///tmp/x.html', 'ftp://x/'])
      expect(looksLikeUrl(arg)).toBe(true);
    for (const arg of ['scenarios/settings.ts', './s.mjs', '/abs/s.js', 'C:\\scenarios\\s.ts', 'c:/s.ts']) expect(looksLikeUrl(arg)).toBe(false);
  });

  it('accepts http:, https: and file: URLs', () => {
    expect(quickUrl('http://127.0.0.1:4173')).toBe('http://127.0.0.1:4173/');
    expect(quickUrl('https://app.test/settings?fixed=1')).toBe('https://app.test/settings?fixed=1');
    expect(quickUrl('file:///tmp/page.html')).toBe('file:///tmp/page.html');
  });

  it('refuses other schemes and URLs that do not parse', () => {
    expect(() => quickUrl('ftp://files.test/')).toThrow('run URL must be an http:, https: or file: URL, got a ftp: URL');
    expect(() => quickUrl('javascript:alert(1)')).toThrow('run URL must be an http:, https: or file: URL, got a javascript: URL');
    expect(() => quickUrl('http://')).toThrow('run URL: "http://" is not a valid URL');
  });
});

/** A page with a history of URLs, as far as the scenario looks at it. */
function fakePage(history: string[], onClick: (selector: string) => void = () => undefined) {
  let at = history.length - 1;
  const clicked: string[] = [];
  const page = {
    url: () => history[at]!,
    goBack: async () => {
      at = Math.max(0, at - 1);
      return null;
    },
    locator: (selector: string) => ({
      click: async () => {
        clicked.push(selector);
        onClick(selector);
      },
    }),
  };
  const navigate = (url: string) => {
    history.splice(at + 1, history.length, url);
    at = history.length - 1;
  };
  const replace = (url: string) => void (history[at] = url);
  return { page: page as unknown as Page, clicked, navigate, replace, current: () => history[at] };
}

describe('clickScenario', () => {
  it('clicks --click as the action and --back as the back', async () => {
    const { page, clicked } = fakePage(['about:blank', 'http://app.test/']);
    const s = clickScenario('http://app.test/', 'a.open', 'a.home');
    expect(s.url).toBe('http://app.test/');
    await s.action(page);
    await s.back(page);
    expect(clicked).toEqual(['a.open', 'a.home']);
  });

  it('goes back in the history without --back, to where the click started', async () => {
    const fake = fakePage(['about:blank', 'http://app.test/'], () => fake.navigate('http://app.test/settings'));
    const s = clickScenario('http://app.test/', 'a.settings');
    for (let i = 0; i < 3; i++) {
      await s.action(fake.page);
      expect(fake.current()).toBe('http://app.test/settings');
      await s.back(fake.page);
      expect(fake.current()).toBe('http://app.test/');
    }
  });

  it('fails the back when the click did not change the URL', async () => {
    const { page } = fakePage(['about:blank', 'http://app.test/']);
    const s = clickScenario('http://app.test/', 'button.dialog');
    await s.action(page);
    await expect(Promise.resolve(s.back(page))).rejects.toThrow(
      'clicking button.dialog did not change the URL, so history back has nothing to undo; pass --back SELECTOR',
    );
  });

  it('fails the back when history back left for another page', async () => {
    // The app replaces its history entry instead of adding one: back leaves the app.
    const fake = fakePage(['about:blank', 'http://app.test/'], () => fake.replace('http://app.test/settings'));
    const s = clickScenario('http://app.test/', 'a.settings');
    await s.action(fake.page);
    await expect(Promise.resolve(s.back(fake.page))).rejects.toThrow(
      'history back went to about:blank, not back to http://app.test/ where the click started; pass --back SELECTOR',
    );
  });
});
