import type { Browser } from 'webextension-polyfill';

/**
 * The tab this panel inspects: DevTools' inspected window when the panel runs inside DevTools, else the
 * `?tabId=N` of the pop-out tab. Undefined when neither is there.
 */
export function inspectedTabId(browser: Browser, search: string): number | undefined {
  // `devtools` exists only in DevTools pages; in a plain extension tab it is undefined.
  const fromDevtools = (browser as Partial<Browser>).devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  return Number(raw);
}
