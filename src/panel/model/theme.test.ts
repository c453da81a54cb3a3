import { describe, expect, it } from 'vitest';
import { chooseTheme } from './theme.ts';

describe('chooseTheme', () => {
  it('follows DevTools: dark is dark, default is light', () => {
    expect(chooseTheme('', 'dark')).toBe('dark');
    expect(chooseTheme('', 'default')).toBe('light');
  });
  it('follows the system outside DevTools or for an unknown theme name', () => {
    expect(chooseTheme('?tabId=3', undefined)).toBeUndefined();
    expect(chooseTheme('', 'sepia')).toBeUndefined();
  });
  it('?theme= overrides DevTools; other values are ignored', () => {
    expect(chooseTheme('?tabId=3&theme=light', 'dark')).toBe('light');
    expect(chooseTheme('?theme=dark', 'default')).toBe('dark');
    expect(chooseTheme('?theme=<b>', 'dark')).toBe('dark');
  });
});
