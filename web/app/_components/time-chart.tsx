'use client';

import { useEffect, useRef, useState } from 'react';
import type {
  IChartApi,
  ISeriesApi,
  ISeriesMarkersPluginApi,
  SeriesType,
  Time,
  UTCTimestamp,
} from 'lightweight-charts';

export interface ChartPoint {
  /** UTC seconds (or a plain index when axis = 'index'). */
  time: number;
  value: number;
}

export interface ChartCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface ChartMarker {
  time: number;
  position: 'aboveBar' | 'belowBar';
  shape: 'arrowUp' | 'arrowDown' | 'circle';
  color: string;
  text?: string;
}

export type SeriesSpec =
  | { kind: 'line' | 'area' | 'histogram'; title: string; data: ChartPoint[]; color: string; pane?: number }
  | { kind: 'candlestick'; title: string; data: ChartCandle[]; pane?: number; markers?: ChartMarker[] };

interface Props {
  series: SeriesSpec[];
  height?: number;
  label: string;
  /** 'index': time is a small integer (a generation number), shown as such. */
  axis?: 'time' | 'index';
  testId?: string;
}

/** lightweight-charts wants strictly increasing times: sort and keep the last value per time. */
function clean<T extends { time: number }>(data: T[]): T[] {
  const sorted = [...data].filter((d) => Number.isFinite(d.time)).sort((a, b) => a.time - b.time);
  const out: T[] = [];
  for (const d of sorted) {
    if (out.length && out[out.length - 1].time === d.time) out[out.length - 1] = d;
    else out.push(d);
  }
  return out;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * One chart (TradingView lightweight-charts) with line / area / histogram / candlestick series,
 * optionally in separate panes. The library is imported on first use so it stays out of the
 * first-load bundle; the chart is built once per series layout and only fed new data after that.
 */
export function TimeChart({ series, height = 280, label, axis = 'time', testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{
    api: IChartApi;
    series: ISeriesApi<SeriesType>[];
    markers: (ISeriesMarkersPluginApi<Time> | null)[];
  } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [built, setBuilt] = useState(0);
  const layout = series.map((s) => `${s.kind}:${s.pane ?? 0}:${s.title}`).join('|') + axis;

  useEffect(() => {
    let disposed = false;
    let created: IChartApi | null = null;
    import('lightweight-charts')
      .then((lw) => {
        if (disposed || !box.current) return;
        const text = cssVar('--muted', '#5b6474');
        const grid = cssVar('--border', '#e2e5ea');
        const api = lw.createChart(box.current, {
          autoSize: true,
          layout: {
            background: { type: lw.ColorType.Solid, color: 'transparent' },
            textColor: text,
            attributionLogo: false,
          },
          grid: { vertLines: { color: grid }, horzLines: { color: grid } },
          rightPriceScale: { borderColor: grid },
          timeScale: {
            borderColor: grid,
            timeVisible: axis === 'time',
            ...(axis === 'index' ? { tickMarkFormatter: (t: Time) => String(t) } : {}),
          },
          localization: axis === 'index' ? { timeFormatter: (t: Time) => `generation ${String(t)}` } : undefined,
        });
        created = api;
        const made = series.map((s) => {
          const pane = s.pane ?? 0;
          if (s.kind === 'candlestick')
            return api.addSeries(lw.CandlestickSeries, { title: s.title }, pane) as ISeriesApi<SeriesType>;
          if (s.kind === 'area')
            return api.addSeries(
              lw.AreaSeries,
              {
                title: s.title,
                lineColor: s.color,
                topColor: `${s.color}55`,
                bottomColor: `${s.color}05`,
                lineWidth: 2,
              },
              pane,
            ) as ISeriesApi<SeriesType>;
          if (s.kind === 'histogram')
            return api.addSeries(
              lw.HistogramSeries,
              { title: s.title, color: s.color },
              pane,
            ) as ISeriesApi<SeriesType>;
          return api.addSeries(
            lw.LineSeries,
            { title: s.title, color: s.color, lineWidth: 2 },
            pane,
          ) as ISeriesApi<SeriesType>;
        });
        const markers = series.map((s, i) =>
          s.kind === 'candlestick' ? lw.createSeriesMarkers(made[i] as ISeriesApi<SeriesType, Time>, []) : null,
        );
        // A lower pane (drawdown) gets less room than the main one.
        const panes = api.panes();
        if (panes.length > 1) panes.slice(1).forEach((p) => p.setHeight(Math.round(height * 0.3)));
        chart.current = { api, series: made, markers };
        setBuilt((b) => b + 1);
      })
      .catch((e: Error) => setFailed(`the chart library failed to load: ${e.message}`));
    return () => {
      disposed = true;
      chart.current = null;
      created?.remove();
    };
    // Rebuilt only when the layout changes; data arrives through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, height]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    series.forEach((s, i) => {
      const target = c.series[i];
      if (!target) return;
      if (s.kind === 'candlestick') {
        target.setData(clean(s.data).map((d) => ({ ...d, time: d.time as UTCTimestamp })));
        c.markers[i]?.setMarkers(clean(s.markers ?? []).map((m) => ({ ...m, time: m.time as UTCTimestamp })));
      } else {
        target.setData(clean(s.data).map((d) => ({ time: d.time as UTCTimestamp, value: d.value })));
      }
    });
    c.api.timeScale().fitContent();
  }, [series, built]);

  const points = series.reduce((n, s) => n + s.data.length, 0);
  if (failed) return <p className="field-error">{failed}</p>;
  return (
    <div
      ref={box}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-points={points}
    />
  );
}
