// Pins the pipeline backtest's output, bit for bit, to what the code gave before the pipeline's
// per-candle work was optimised (agents, strategies, risk, paper engine, venue quote): every trade,
// every equity value, every recorded decision and the metrics. A speed-up that changes any of them
// — one rounding, one reason string, one fill — fails here. Hashes were taken from the unoptimised
// code (commit 7faaca9); change them only for a deliberate change of behaviour (the strategy-mode
// ones were taken again when a reversal's entry began to be completed on the next cycle).
import { createHash } from 'node:crypto';
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { allocateCandleSeries, candleSeriesPrefix, type CandleSeries } from '../../../core/candles/series';
import type { DecisionMode } from '../../../core/pipeline/decision-mode';
import { runPipelineBacktest, type PipelineBacktestResult } from '../../../core/pipeline/run-pipeline-backtest';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { DEFAULT_RISK_LIMITS } from '../../../core/risk/default-risk-limits';
import { RandomWalk } from '../../../core/sim/random-walk';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';

const N = 6000;
const series: CandleSeries = allocateCandleSeries(N);
new RandomWalk({
  seed: 7,
  startTime: Date.UTC(2026, 0, 1),
  timeframeMs: 60_000,
  startPrice: 60_000,
  baseVolume: 40,
}).fill(series, 0, N);
const markets = simMarkets(SIM_ASSETS);
const emaCross = resolveStrategy('ema-cross');

function run(
  symbol: string,
  decide: DecisionMode,
  candles: number,
  protections?: ProtectionsConfig,
): PipelineBacktestResult {
  return runPipelineBacktest(candleSeriesPrefix(series, candles), {
    symbol,
    market: markets[symbol],
    timeframe: '1m',
    higherTimeframe: '3m',
    decide,
    strategy: emaCross.create(resolveParams(emaCross, { allowShort: true }) as never),
    agents: createDeterministicAgents(),
    riskLimits: DEFAULT_RISK_LIMITS,
    initialCapital: 10_000,
    ...(protections ? { protections } : {}),
  });
}

function fingerprint(r: PipelineBacktestResult): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(r.trades));
  h.update(Buffer.from(r.equity.buffer, r.equity.byteOffset, r.equity.byteLength));
  h.update(JSON.stringify(r.decisions));
  h.update(JSON.stringify(r.metrics));
  h.update(JSON.stringify([r.cycles, r.holds, r.locks]));
  return h.digest('hex').slice(0, 24);
}

describe('pipeline backtest output, pinned', () => {
  it.each([
    ['perpetual, strategy mode', 'BTC/USDT:USDT', 'strategy', N, undefined, '24a64dfaca279005e0a589a9'],
    ['perpetual, ensemble mode', 'BTC/USDT:USDT', 'ensemble', 1200, undefined, '4eb19f21a9650b3ba7064eb5'],
    [
      'spot, strategy mode, cooldown',
      'BTC/USDT',
      'strategy',
      N,
      { cooldownPeriod: { stopDurationCandles: 30 } },
      'cf0f8e17287f089750e23d4e',
    ],
    ['spot, ensemble mode', 'BTC/USDT', 'ensemble', 1200, undefined, '9f761f6e7bdd39e4b0e28cf1'],
  ] as const)('%s', (_name, symbol, decide, candles, protections, expected) => {
    const r = run(symbol, decide, candles, protections);
    expect(r.trades.length).toBeGreaterThan(0);
    expect(fingerprint(r)).toBe(expected);
  });
});
