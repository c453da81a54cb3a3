/** The text of App.tsx: the page's live counts, the connection's state, the working area's captions. */
import type { CounterField, SessionState } from '../../model/session.ts';

export const APP = {
  /** The panel opened with no tab to watch; `code` is shown as code between the two halves. */
  noTab: { before: 'Open Leakscope from DevTools, or add ', code: '?tabId=N', after: " to this page's address to watch tab N." },
  status: {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    'tab-closed': 'Tab closed',
    'extension-gone': 'Extension reloaded',
  } satisfies Record<SessionState['status'], string>,
  tab: (tabId: number) => `Tab ${tabId}`,
  reconnects: (n: number) => `reconnected ${n}×`,
  notInstrumented: 'Leakscope watches a page from its first script on: reload the page to start watching it.',
  reloadPage: 'Reload page',
  pageCountsLabel: 'Live counts reported by the page',
  /** The live counts, by field, in the order shown. */
  counters: {
    listeners: 'Event listeners',
    connections: 'Connections',
    workers: 'Workers',
    channels: 'Message channels',
    images: 'Images',
    objectUrls: 'Object URLs',
    observers: 'Observers',
    timers: 'Timers',
  } satisfies Record<CounterField, string>,
  framesInstrumented: (n: number) => `${n} frame${n === 1 ? '' : 's'} instrumented`,
  noData: 'no data yet',
  navigations: (n: number, lastUrl: string) => `${n} navigation${n === 1 ? '' : 's'}; last: ${lastUrl}`,
  tablesOfLabel: (label: string) => `Resources in snapshot ${label}`,
  tablesOf: (label: string, withLeaks: boolean) => `Resources in “${label}”${withLeaks ? '; leaks of the comparison' : ''}`,
} as const;
