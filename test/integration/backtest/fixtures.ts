// Shared by the durable backtest integration tests: deterministic candles and the local reference run.
import { backtestReport } from '../../../core/backtest/report';
import { runBacktest } from '../../../core/backtest/run-backtest';
import type { BacktestConfig } from '../../../core/backtest/config';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { xorshiftRng } from '../../../core/sim/rng';

/** A seeded random walk of 1-minute candles with trends, so strategies trade, stop out and take profit. */
export function walkCandles(n: number, seed = 7, t0 = Date.UTC(2024, 0, 1)): CandleSeries {
  const s = allocateCandleSeries(n);
  const rnd = xorshiftRng(seed);
  let price = 100;
  let drift = 0;
  for (let i = 0; i < n; i++) {
    if (i % 500 === 0) drift = (rnd() - 0.5) * 0.002;
    const open = price;
    const close = open * (1 + drift + (rnd() - 0.5) * 0.006);
    s.time[i] = t0 + i * 60_000;
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) * (1 + rnd() * 0.002);
    s.low[i] = Math.min(open, close) * (1 - rnd() * 0.002);
    s.volume[i] = 1 + rnd() * 10;
    price = close;
  }
  return s;
}

/** What `opentrade backtest --local --json` prints for the same input, as a string. */
export function localJson(
  series: CandleSeries,
  strategy: string,
  params: unknown,
  config: BacktestConfig,
  timeframeMs?: number,
): string {
  const s = resolveStrategy(strategy);
  const r = runBacktest(series, s.create(resolveParams(s, params)), config, { timeframeMs });
  return JSON.stringify(backtestReport(series, r));
}

/** Compares two report JSON strings part by part first, so a mismatch shows where (not two 2 MB strings). */
export function expectSameReport(got: string, expected: string): void {
  const g = JSON.parse(got) as { metrics: unknown; trades: unknown[]; equity: { time: number; equity: number }[] };
  const e = JSON.parse(expected) as typeof g;
  expect(g.trades.length).toBe(e.trades.length);
  g.trades.forEach((t, i) => expect({ i, t }).toEqual({ i, t: e.trades[i] }));
  expect(g.equity.length).toBe(e.equity.length);
  const firstDiff = g.equity.findIndex((p, i) => p.time !== e.equity[i].time || p.equity !== e.equity[i].equity);
  expect({ firstDiff, got: g.equity[firstDiff], expected: e.equity[firstDiff] }).toEqual({
    firstDiff: -1,
    got: undefined,
    expected: undefined,
  });
  expect(g.metrics).toEqual(e.metrics);
  expect(got === expected).toBe(true); // byte for byte, as printed
}
