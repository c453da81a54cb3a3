/**
 * The text of Cards.tsx and Timeline.tsx: the live cards and the timeline. (The timeline's line labels are the
 * series' own, model/series.ts.)
 */
import type { SeriesKey } from '../../model/series.ts';

export const LIVE = {
  cardsLabel: 'Live counts',
  /** The cards' titles, by the key of their first series. */
  cards: {
    detached: 'Detached DOM',
    listeners: 'Listeners',
    connections: 'Connections',
    workers: 'Workers',
    channels: 'Message channels',
    observers: 'Observers',
    images: 'Images',
    objectUrls: 'Object URLs',
    timers: 'Timers',
    heap: 'JS heap',
  } satisfies Partial<Record<SeriesKey, string>>,
  toggle: (shown: boolean, title: string) => `${shown ? 'Hide' : 'Show'} ${title} in the timeline`,
  bytesSinceNavigation: (value: string, nav: string) => `${value} (${nav} since navigation)`,
  sinceNavigationTitle: (url: string | undefined) => (url === undefined ? 'no navigation yet' : `since the navigation to ${url}`),
  sinceNavigation: 'since navigation',
  sinceBaseline: 'since baseline',
  /** The timeline's legend, for the time column. */
  time: 'Time',
  waiting: 'Waiting for the first sample…',
} as const;
