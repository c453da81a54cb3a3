/**
 * The live cards over the timeline, for one debugger session: the series model they share (built with the other
 * models, model/models.ts), the theme's palette the timeline draws with, and which lines are hidden (toggled from a
 * card or from the chart's legend).
 */
import { useCallback, useState } from 'react';
import type { Snapshot } from '../../core/index.ts';
import type { LiveSeries, SeriesKey } from '../model/series.ts';
import { useStore } from '../model/store.ts';
import type { ThemeModel } from '../model/theme.ts';
import { Cards } from './Cards.tsx';
import { Timeline } from './Timeline.tsx';

export function LiveGraphs({ live, theme, baseline }: { live: LiveSeries; theme: ThemeModel; baseline?: Snapshot | undefined }) {
  const palette = useStore(theme, (s) => s.palette);
  const [hidden, setHidden] = useState<ReadonlySet<SeriesKey>>(() => new Set());
  const toggle = useCallback((keys: readonly SeriesKey[], shown: boolean) => {
    setHidden((current) => {
      if (keys.every((k) => current.has(k) !== shown)) return current;
      const next = new Set(current);
      for (const k of keys) {
        if (shown) next.delete(k);
        else next.add(k);
      }
      return next;
    });
  }, []);
  return (
    <section className="live-graphs" data-testid="live-graphs">
      <Cards live={live} baseline={baseline} hidden={hidden} onToggle={toggle} />
      <Timeline live={live} palette={palette} hidden={hidden} onToggle={toggle} />
    </section>
  );
}
