import { describe, expect, it } from 'vitest';
import { SERIES } from './series.ts';
import { chooseTheme, PALETTES, paletteProperties, ThemeModel, type DevtoolsThemeApi, type MediaQuery } from './theme.ts';

/** A `prefers-color-scheme: dark` query whose answer the test changes. */
function systemScheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const query: MediaQuery & { flip(dark: boolean): void; listeners: Set<() => void> } = {
    matches: dark,
    listeners,
    addEventListener: (_type, fn) => void listeners.add(fn),
    removeEventListener: (_type, fn) => void listeners.delete(fn),
    flip(next) {
      (this as { matches: boolean }).matches = next;
      for (const fn of listeners) fn();
    },
  };
  return query;
}

/** `chrome.devtools.panels` with a theme change handler, as Chrome 99+ has it. */
function devtoolsPanels(themeName: string) {
  const api = {
    themeName,
    handler: undefined as ((name: string) => void) | undefined,
    setThemeChangeHandler(callback?: (name: string) => void) {
      api.handler = callback;
    },
  };
  return api;
}

describe('chooseTheme', () => {
  it('follows DevTools whatever the system: dark is dark, default is light', () => {
    expect(chooseTheme('', 'dark', false)).toEqual({ theme: 'dark', source: 'devtools' });
    expect(chooseTheme('', 'default', true)).toEqual({ theme: 'light', source: 'devtools' });
  });
  it('follows the system outside DevTools or for an unknown theme name', () => {
    expect(chooseTheme('?tabId=3', undefined, true)).toEqual({ theme: 'dark', source: 'system' });
    expect(chooseTheme('?tabId=3', undefined, false)).toEqual({ theme: 'light', source: 'system' });
    expect(chooseTheme('', 'sepia', true)).toEqual({ theme: 'dark', source: 'system' });
  });
  it('?theme= overrides DevTools and the system; other values are ignored', () => {
    expect(chooseTheme('?tabId=3&theme=light', 'dark', true)).toEqual({ theme: 'light', source: 'query' });
    expect(chooseTheme('?theme=dark', 'default', false)).toEqual({ theme: 'dark', source: 'query' });
    expect(chooseTheme('?theme=<b>', 'dark', false)).toEqual({ theme: 'dark', source: 'devtools' });
  });
});

describe('palettes', () => {
  it('each theme has a colour for every series, the page and the markers, and the two themes differ', () => {
    for (const palette of Object.values(PALETTES)) {
      const props = paletteProperties(palette);
      for (const d of SERIES) expect(props[`--series-${d.key}`], `${palette.theme} ${d.key}`).toMatch(/^#[0-9a-f]{6}$/);
      for (const name of ['--bg', '--fg', '--muted', '--border', '--card', '--accent', '--bad', '--good', '--timeline-marker'])
        expect(props[name], `${palette.theme} ${name}`).toMatch(/^#[0-9a-f]{6}$/);
    }
    for (const d of SERIES) expect(PALETTES.dark.series[d.key]).not.toBe(PALETTES.light.series[d.key]);
    expect(PALETTES.dark.ui.bg).not.toBe(PALETTES.light.ui.bg);
  });
});

describe('ThemeModel', () => {
  it('DevTools dark on a light system: the dark palette; DevTools switching to default: the light one, told to subscribers', () => {
    const devtools = devtoolsPanels('dark');
    const system = systemScheme(false);
    const model = new ThemeModel({ search: '', devtools, systemDark: system });
    expect(model.state).toMatchObject({ theme: 'dark', source: 'devtools' });
    expect(model.state.palette).toBe(PALETTES.dark);
    let told = 0;
    model.subscribe(() => told++);
    devtools.handler!('default');
    expect(model.state.palette).toBe(PALETTES.light);
    expect(told).toBe(1);
    // The system's scheme does not decide inside DevTools, even when the property lags behind the handler.
    system.flip(true);
    expect(model.state.theme).toBe('light');
    expect(told).toBe(1);
    model.dispose();
    expect(devtools.handler).toBeUndefined();
    expect(system.listeners.size).toBe(0);
  });

  it('without a change handler, DevTools theme name is read again when the panel is shown', () => {
    const devtools: DevtoolsThemeApi & { themeName: string } = { themeName: 'default' };
    const shown = new Set<() => void>();
    const model = new ThemeModel({
      search: '',
      devtools,
      onShown: (fn) => (shown.add(fn), () => void shown.delete(fn)),
    });
    expect(model.state.theme).toBe('light');
    devtools.themeName = 'dark';
    for (const fn of shown) fn();
    expect(model.state.palette).toBe(PALETTES.dark);
    model.dispose();
    expect(shown.size).toBe(0);
  });

  it('outside DevTools it follows the system scheme as it changes; ?theme= holds against it', () => {
    const system = systemScheme(false);
    const model = new ThemeModel({ search: '?tabId=4', systemDark: system });
    expect(model.state).toMatchObject({ theme: 'light', source: 'system' });
    system.flip(true);
    expect(model.state.palette).toBe(PALETTES.dark);
    const fixed = new ThemeModel({ search: '?tabId=4&theme=light', systemDark: system });
    system.flip(false);
    system.flip(true);
    expect(fixed.state).toMatchObject({ theme: 'light', source: 'query' });
    model.dispose();
    fixed.dispose();
  });
});
