/**
 * The live timeline: one line per kind over the last hour, counts on the left axis, bytes on the right,
 * a faint vertical marker with its URL at every navigation, and the values at the hovered second in the legend.
 *
 * uPlot draws on a canvas and is created once per mount (and per palette: the theme's, model/theme.ts); new samples only `setData` the
 * store's columns, which are appended to in place. The page's URLs reach the canvas as text (`fillText`) only.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Marker } from '../model/debugger-session.ts';
import { SERIES, type LiveSeries, type SeriesKey } from '../model/series.ts';
import { useStore } from '../model/store.ts';
import type { Palette } from '../model/theme.ts';
import { formatBytes, formatCount, formatValue, shortUrl } from './format.ts';
import { pageAttr } from './PageText.tsx';
import { LIVE } from './strings/live.ts';

export interface TimelineProps {
  live: LiveSeries;
  /** The colours of the current theme. */
  palette: Palette;
  /** Series not drawn. */
  hidden: ReadonlySet<SeriesKey>;
  /** A series was shown or hidden from the chart's legend. */
  onToggle: (keys: readonly SeriesKey[], shown: boolean) => void;
  /** Height of the plot, in CSS pixels. */
  height?: number;
}

/** At least this much time (s) is shown, so the first samples do not fill the whole width. */
const MIN_SPAN_S = 60;
const MIN_WIDTH = 200;

export function Timeline({ live, palette, hidden, onToggle, height = 200 }: TimelineProps) {
  const state = useStore(live);
  const wrapper = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // Read by the chart's hooks, which outlive a render.
  const markers = useRef<readonly Marker[]>(state.markers);
  const toggle = useRef(onToggle);
  const hiddenNow = useRef(hidden);
  useEffect(() => {
    toggle.current = onToggle;
  }, [onToggle]);

  useEffect(() => {
    const host = plot.current!;
    const colours = chartColours(palette);
    const { store } = live;
    const opts: uPlot.Options = {
      width: Math.max(MIN_WIDTH, Math.floor(wrapper.current!.clientWidth)),
      height,
      series: [
        { label: LIVE.time, value: (_u, v) => (v == null ? '–' : new Date(v * 1000).toLocaleTimeString('en-GB')) },
        ...SERIES.map((d): uPlot.Series => ({
          label: d.label,
          scale: d.unit,
          show: !hiddenNow.current.has(d.key),
          stroke: colours.series[d.key],
          // One pixel wide, solid: an hour of samples is a line per pixel column, and a wider or dashed line
          // costs the canvas several times more to draw (npm run bench -- panel: 29 ms per sample against 9-13).
          width: 1,
          value: (_u, v) => (v == null ? '–' : formatValue(v, d.unit)),
        })),
      ],
      scales: {
        x: {
          time: true,
          // The window of the store (its columns hold older rows until they are dropped), stretched to the last marker.
          range: () => {
            const now = Date.now() / 1000;
            const first = store.time(0);
            const from = first === undefined ? now - MIN_SPAN_S : first / 1000;
            const lastMarker = markers.current.at(-1)?.time ?? -Infinity;
            const to = Math.max((store.lastTime() ?? now * 1000) / 1000, lastMarker / 1000, from + MIN_SPAN_S);
            return [from, to];
          },
        },
      },
      axes: [
        { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } },
        {
          scale: 'count',
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid, width: 1 },
          values: (_u, splits) => splits.map((v) => formatCount(v)),
          size: 50,
        },
        {
          scale: 'bytes',
          side: 1,
          stroke: colours.axis,
          grid: { show: false },
          ticks: { stroke: colours.grid, width: 1 },
          values: (_u, splits) => splits.map((v) => formatBytes(v)),
          size: 70,
        },
      ],
      legend: { live: true },
      hooks: {
        draw: [(u) => drawMarkers(u, markers.current, colours)],
        setSeries: [
          (u, index, opts) => {
            // Also called for focus changes; only a show/hide is a toggle.
            if (index == null || index === 0 || opts.show === undefined) return;
            const def = SERIES[index - 1];
            if (def) toggle.current([def.key], u.series[index]!.show !== false);
          },
        ],
      },
    };
    const u = new uPlot(opts, store.columns, host);
    chart.current = u;
    const resize = new ResizeObserver(([entry]) => {
      const width = Math.max(MIN_WIDTH, Math.floor(entry!.contentRect.width));
      if (width !== u.width) u.setSize({ width, height });
    });
    resize.observe(wrapper.current!);
    return () => {
      resize.disconnect();
      chart.current = null;
      u.destroy();
    };
  }, [live, height, palette]);

  useEffect(() => {
    markers.current = state.markers;
    // New samples, or a new marker (the x range stretches to it): uPlot takes the columns again and redraws.
    chart.current?.setData(live.store.columns);
  }, [live, state]);

  useEffect(() => {
    hiddenNow.current = hidden;
    const u = chart.current;
    if (!u) return;
    u.batch(() => {
      SERIES.forEach((d, i) => {
        const shown = !hidden.has(d.key);
        // Without firing setSeries: the change comes from the owner of `hidden` already.
        if (u.series[i + 1]!.show !== shown) u.setSeries(i + 1, { show: shown }, false);
      });
    });
  }, [hidden]);

  const first = live.store.time(0);
  const shownMarkers = first === undefined ? 0 : state.markers.filter((m) => m.time >= first).length;
  return (
    <div
      className="timeline"
      ref={wrapper}
      data-testid="timeline"
      data-palette={palette.theme}
      data-points={state.points}
      data-markers={shownMarkers}
      data-hidden={[...hidden].join(' ')}
    >
      {state.points === 0 && <p className="timeline-empty muted">{LIVE.waiting}</p>}
      <div ref={plot} />
    </div>
  );
}

/** Marker labels by URL: the same few routes come back again and again, and parsing a URL is not free. */
const LABELS = new Map<string, string>();
function labelOf(url: string): string {
  let label = LABELS.get(url);
  if (label === undefined) {
    if (LABELS.size >= 1000) LABELS.clear();
    // Drawn on the canvas: escaped as the panel's text is (PageText), so a marker cannot reorder its label.
    LABELS.set(url, (label = pageAttr(shortUrl(url))));
  }
  return label;
}

/** Navigation markers: a faint vertical line each, with the URL's path where there is room for it. */
function drawMarkers(u: uPlot, markers: readonly Marker[], colours: Colours) {
  const { left, top, width, height } = u.bbox;
  const { min, max } = u.scales.x ?? {};
  if (min == null || max == null || markers.length === 0) return;
  const px = uPlot.pxRatio;
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.lineWidth = px;
  // Solid and faint rather than dashed: dashing hundreds of lines on every redraw costs more than the chart.
  ctx.globalAlpha = 0.55;
  ctx.strokeStyle = colours.marker;
  ctx.font = `${10 * px}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  const shown = markers
    .filter((m) => m.time / 1000 >= min && m.time / 1000 <= max)
    .map((m) => ({ m, x: Math.round(u.valToPos(m.time / 1000, 'x', true)) + 0.5 }));
  // All lines in one path: an hour of navigations is hundreds of them, redrawn with every sample.
  ctx.beginPath();
  for (const { x } of shown) {
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
  // Labels over the lines; one that would overlap the previous label is left out (its line still shows), before
  // its text is even made or measured.
  let freeFrom = -Infinity;
  const widths = new Map<string, number>();
  for (const { m, x } of shown) {
    const textX = x + 3 * px;
    if (textX < freeFrom) continue;
    const label = labelOf(m.url);
    let textWidth = widths.get(label);
    if (textWidth === undefined) widths.set(label, (textWidth = ctx.measureText(label).width));
    if (textX + textWidth > left + width) continue;
    ctx.fillStyle = colours.background;
    ctx.fillRect(textX - px, top + px, textWidth + 2 * px, 12 * px);
    ctx.fillStyle = colours.marker;
    ctx.fillText(label, textX, top + 2 * px);
    freeFrom = textX + textWidth + 6 * px;
  }
  ctx.restore();
}

interface Colours {
  series: Record<SeriesKey, string>;
  axis: string;
  grid: string;
  marker: string;
  background: string;
}

/** The chart's colours, from the theme's palette (the one the stylesheet's custom properties come from). */
function chartColours(palette: Palette): Colours {
  return { series: palette.series, axis: palette.ui.muted, grid: palette.ui.border, marker: palette.marker, background: palette.ui.bg };
}
