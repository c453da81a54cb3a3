/**
 * The panel's colour theme and its palette. Inside DevTools it follows DevTools' own theme
 * (`chrome.devtools.panels.themeName`: "dark" or "default"), which the user may set apart from the system's, and
 * changes with it (`chrome.devtools.panels.setThemeChangeHandler`, Chrome 99+); the pop-out tab, which has no
 * `chrome.devtools`, follows the system (`prefers-color-scheme`); `?theme=dark|light` overrides both (screenshots,
 * and users who want the other one).
 *
 * One palette per theme holds every colour the panel draws: the stylesheet's (written onto the root element as
 * custom properties, see {@link applyPalette}) and the timeline canvas's, so the two never disagree.
 */
import type { SeriesKey } from './series.ts';
import { Store } from './store.ts';

export type Theme = 'light' | 'dark';

/** Where the theme came from. */
export type ThemeSource = 'query' | 'devtools' | 'system';

export interface Palette {
  theme: Theme;
  /** The page's colours, as the stylesheet's custom properties of the same names (`--bg`, `--fg`, …). */
  ui: { bg: string; fg: string; muted: string; border: string; card: string; accent: string; bad: string; good: string };
  /** One colour per timeline line (and its card's swatch: `--series-<key>`). */
  series: Record<SeriesKey, string>;
  /** The timeline's navigation markers and their labels (`--timeline-marker`). */
  marker: string;
}

/** The colours of DevTools' light ("default") and dark themes. */
export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    theme: 'light',
    ui: { bg: '#ffffff', fg: '#1f1f1f', muted: '#5f6368', border: '#dadce0', card: '#f8f9fa', accent: '#1a73e8', bad: '#d93025', good: '#188038' },
    series: {
      detached: '#d93025',
      listeners: '#1a73e8',
      connections: '#188038',
      workers: '#5b6abf',
      channels: '#8d6e00',
      observers: '#007b83',
      images: '#e37400',
      imageBytes: '#b06000',
      objectUrls: '#9334e6',
      timers: '#b80672',
      heap: '#5f6368',
    },
    marker: '#80868b',
  },
  dark: {
    theme: 'dark',
    ui: { bg: '#202124', fg: '#e8eaed', muted: '#9aa0a6', border: '#3c4043', card: '#292a2d', accent: '#8ab4f8', bad: '#f28b82', good: '#81c995' },
    series: {
      detached: '#f28b82',
      listeners: '#8ab4f8',
      connections: '#81c995',
      workers: '#aecbfa',
      channels: '#e6c16a',
      observers: '#78d9ec',
      images: '#fcad70',
      imageBytes: '#fdd663',
      objectUrls: '#c58af9',
      timers: '#ff8bcb',
      heap: '#bdc1c6',
    },
    marker: '#9aa0a6',
  },
};

/** The query that tells the system's colour scheme. */
export const SYSTEM_DARK = '(prefers-color-scheme: dark)';

/**
 * The theme to show and why: `?theme=` first, then DevTools' theme name when the panel runs inside DevTools (an
 * unknown name counts as none), else the system's scheme.
 *
 * @example
 * chooseTheme('?tabId=3', 'dark', false); // { theme: 'dark', source: 'devtools' }: DevTools dark on a light system
 */
export function chooseTheme(search: string, devtoolsThemeName: string | undefined, systemDark: boolean): { theme: Theme; source: ThemeSource } {
  const asked = new URLSearchParams(search).get('theme');
  if (asked === 'dark' || asked === 'light') return { theme: asked, source: 'query' };
  if (devtoolsThemeName === 'dark') return { theme: 'dark', source: 'devtools' };
  if (devtoolsThemeName === 'default') return { theme: 'light', source: 'devtools' };
  return { theme: systemDark ? 'dark' : 'light', source: 'system' };
}

/** `chrome.devtools.panels`, as far as the theme uses it; absent outside DevTools. */
export interface DevtoolsThemeApi {
  readonly themeName?: string;
  setThemeChangeHandler?(callback?: (themeName: string) => void): void;
}

/** A media query list, as far as the theme uses it (the DOM's `MediaQueryList` fits). */
export interface MediaQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', fn: () => void): void;
  removeEventListener(type: 'change', fn: () => void): void;
}

export interface ThemeEnvironment {
  /** The page's query string (`?theme=`). */
  search: string;
  devtools?: DevtoolsThemeApi | undefined;
  /** The system's colour scheme; without it, light. */
  systemDark?: MediaQuery | undefined;
  /**
   * Subscribes to the panel being shown (devtools.ts's PANEL_SHOWN_EVENT): where DevTools offers no change handler,
   * its theme name is read again then.
   */
  onShown?: ((fn: () => void) => () => void) | undefined;
}

export interface ThemeState {
  theme: Theme;
  source: ThemeSource;
  palette: Palette;
}

/**
 * The current theme, kept up to date: DevTools' change handler when there is one (else its theme name is read again
 * whenever the panel is shown), and the system's scheme where that decides.
 *
 * @example
 * const theme = new ThemeModel({ search: location.search, devtools: chrome.devtools?.panels, systemDark: matchMedia(SYSTEM_DARK) });
 * theme.subscribe(() => applyPalette(document.documentElement, theme.state.palette));
 */
export class ThemeModel extends Store<ThemeState> {
  private readonly stops: (() => void)[] = [];
  /** DevTools' theme name as last heard (the change handler passes it; the property may lag behind). */
  private devtoolsName: string | undefined;

  constructor(private readonly env: ThemeEnvironment) {
    super(ThemeModel.resolve(env, env.devtools?.themeName));
    const { devtools, systemDark, onShown } = env;
    this.devtoolsName = devtools?.themeName;
    if (typeof devtools?.setThemeChangeHandler === 'function') {
      devtools.setThemeChangeHandler((name) => this.refresh(typeof name === 'string' ? name : devtools.themeName));
      this.stops.push(() => devtools.setThemeChangeHandler?.());
    } else if (devtools && onShown) {
      this.stops.push(onShown(() => this.refresh(devtools.themeName)));
    }
    if (systemDark) {
      const changed = () => this.refresh(this.devtoolsName);
      systemDark.addEventListener('change', changed);
      this.stops.push(() => systemDark.removeEventListener('change', changed));
    }
  }

  dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.close();
  }

  private refresh(devtoolsThemeName: string | undefined) {
    this.devtoolsName = devtoolsThemeName;
    const next = ThemeModel.resolve(this.env, devtoolsThemeName);
    if (next.theme !== this.current.theme || next.source !== this.current.source) this.set(next);
  }

  private static resolve(env: ThemeEnvironment, devtoolsThemeName: string | undefined): ThemeState {
    const { theme, source } = chooseTheme(env.search, devtoolsThemeName, env.systemDark?.matches ?? false);
    return { theme, source, palette: PALETTES[theme] };
  }
}

/** The custom properties a palette sets on the root element, by name. */
export function paletteProperties(palette: Palette): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(palette.ui)) out[`--${name}`] = value;
  for (const [key, value] of Object.entries(palette.series)) out[`--series-${key}`] = value;
  out['--timeline-marker'] = palette.marker;
  return out;
}

/** Sets `data-theme` on the root element (the stylesheet keys its colour scheme on it) and the palette's colours. */
export function applyPalette(root: HTMLElement, palette: Palette): void {
  root.dataset.theme = palette.theme;
  for (const [name, value] of Object.entries(paletteProperties(palette))) root.style.setProperty(name, value);
}
