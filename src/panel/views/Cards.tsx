/**
 * The live cards: one per kind, with its current value, the change since the last navigation (what a visit left
 * behind) and since the baseline snapshot when there is one. Each card is a toggle for its lines in the timeline.
 */
import type { Snapshot } from '../../core/index.ts';
import { baselineValues, SERIES, type LiveSeries, type SeriesKey, type SeriesStore, type SeriesUnit } from '../model/series.ts';
import { useStore } from '../model/store.ts';
import { formatDelta, formatValue } from './format.ts';
import { pageAttr } from './PageText.tsx';
import { LIVE } from './strings/live.ts';

interface CardDef {
  /** Its testids are `card-<key>…`; the key of its first series. */
  key: SeriesKey;
  title: string;
  /** The lines it shows and hides; the first one gives its value. */
  series: readonly SeriesKey[];
}

/** In the order of the resource kinds (shared/kinds.ts), the JS heap last. */
export const CARDS: readonly CardDef[] = [
  { key: 'detached', title: LIVE.cards.detached, series: ['detached'] },
  { key: 'listeners', title: LIVE.cards.listeners, series: ['listeners'] },
  { key: 'connections', title: LIVE.cards.connections, series: ['connections'] },
  { key: 'workers', title: LIVE.cards.workers, series: ['workers'] },
  { key: 'channels', title: LIVE.cards.channels, series: ['channels'] },
  { key: 'observers', title: LIVE.cards.observers, series: ['observers'] },
  { key: 'images', title: LIVE.cards.images, series: ['images', 'imageBytes'] },
  { key: 'objectUrls', title: LIVE.cards.objectUrls, series: ['objectUrls'] },
  { key: 'timers', title: LIVE.cards.timers, series: ['timers'] },
  { key: 'heap', title: LIVE.cards.heap, series: ['heap'] },
];

const UNIT = new Map(SERIES.map((d) => [d.key, d.unit]));

export interface CardsProps {
  live: LiveSeries;
  /** The snapshot the "since baseline" deltas are taken against. */
  baseline?: Snapshot | undefined;
  hidden: ReadonlySet<SeriesKey>;
  onToggle: (keys: readonly SeriesKey[], shown: boolean) => void;
}

export function Cards({ live, baseline, hidden, onToggle }: CardsProps) {
  const state = useStore(live);
  const lastMarker = state.markers.at(-1);
  const base = baseline && baselineValues(baseline);
  const readings = (key: SeriesKey) => reading(live.store, key, lastMarker?.time, base?.[key]);
  return (
    <section className="live-cards" aria-label={LIVE.cardsLabel}>
      {CARDS.map((card) => {
        const shown = card.series.some((k) => !hidden.has(k));
        const main = readings(card.key);
        const bytes = card.series[1] && readings(card.series[1]);
        return (
          <button
            type="button"
            key={card.key}
            className="live-card"
            data-testid={`card-${card.key}`}
            aria-pressed={shown}
            title={LIVE.toggle(shown, card.title)}
            onClick={() => onToggle(card.series, !shown)}
          >
            <span className="live-card-title">
              <span className="live-card-swatch" style={{ background: `var(--series-${card.key})` }} aria-hidden="true" />
              {card.title}
            </span>
            <span className="live-card-value" data-testid={`card-${card.key}-value`}>
              {main.value}
            </span>
            {bytes && (
              <span className="live-card-sub" data-testid={`card-${card.key}-bytes`}>
                {LIVE.bytesSinceNavigation(bytes.value, bytes.nav)}
              </span>
            )}
            <span className="live-card-sub">
              <span
                className="live-card-delta"
                data-testid={`card-${card.key}-nav-delta`}
                title={LIVE.sinceNavigationTitle(lastMarker && pageAttr(lastMarker.url))}
              >
                {main.nav}
              </span>{' '}
              {LIVE.sinceNavigation}
            </span>
            {base && (
              <span className="live-card-sub">
                <span className="live-card-delta" data-testid={`card-${card.key}-baseline-delta`}>
                  {main.baseline}
                </span>{' '}
                {LIVE.sinceBaseline}
              </span>
            )}
          </button>
        );
      })}
    </section>
  );
}

interface Reading {
  value: string;
  nav: string;
  baseline: string;
}

/**
 * A series' latest value; its change since the last navigation (against the last sample before it: what the
 * page held when it was left); its change since the baseline.
 */
function reading(store: SeriesStore, key: SeriesKey, navigatedAt: number | undefined, baseline: number | undefined): Reading {
  const unit: SeriesUnit = UNIT.get(key) ?? 'count';
  const now = store.latest(key);
  const before = navigatedAt === undefined ? undefined : store.before(key, navigatedAt);
  const delta = (from: number | undefined) => (now === undefined || from === undefined ? '–' : formatDelta(now - from, unit));
  return { value: now === undefined ? '–' : formatValue(now, unit), nav: delta(before), baseline: delta(baseline) };
}
