/**
 * The panel's colour theme. Inside DevTools it follows DevTools' own theme (`chrome.devtools.panels.themeName`:
 * "dark" or "default"), which the user may set apart from the system's; the pop-out tab follows the system
 * (`prefers-color-scheme`); `?theme=dark|light` overrides both (screenshots, and users who want the other one).
 */
export type Theme = 'light' | 'dark';

/** The theme to show, or undefined to follow the system's colour scheme. */
export function chooseTheme(search: string, devtoolsThemeName: string | undefined): Theme | undefined {
  const asked = new URLSearchParams(search).get('theme');
  if (asked === 'dark' || asked === 'light') return asked;
  if (devtoolsThemeName === 'dark') return 'dark';
  if (devtoolsThemeName === 'default') return 'light';
  return undefined;
}

/** Sets `data-theme` on the root element; the stylesheet keys its colours on it (or on the media query without it). */
export function applyTheme(root: HTMLElement, theme: Theme | undefined): void {
  if (theme) root.dataset.theme = theme;
  else delete root.dataset.theme;
}
