/**
 * The live cards over the timeline, for one debugger session: the series model they share, and which lines are
 * hidden (toggled from a card or from the chart's legend).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Snapshot } from '../../core/snapshot/schema.ts';
import type { DebuggerSession } from '../model/debugger-session.ts';
import { LiveSeries, type SeriesKey } from '../model/series.ts';
import { Cards } from './Cards.tsx';
import { Timeline } from './Timeline.tsx';

export function LiveGraphs({ session, baseline }: { session: DebuggerSession; baseline?: Snapshot | undefined }) {
  const live = useMemo(() => new LiveSeries(session), [session]);
  useEffect(() => live.connect(), [live]);
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
      <Timeline live={live} hidden={hidden} onToggle={toggle} />
    </section>
  );
}
