// Multi-timeframe technical analysis: trend (EMA gap and slope) on the main and a higher timeframe,
// momentum (RSI, MACD histogram) on the main one, and the volatility regime (ATR percentile) which
// only scales confidence: a high-volatility tape makes any read less reliable.
import { timeframeToMs } from '../candles/timeframe';
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { CandleSeriesLike, MarketSnapshot } from './snapshot';
import { assertClosedBy, assertSnapshotBasics } from './snapshot-checks';
import { atr } from '../indicators/atr';
import { ema } from '../indicators/ema';
import { macd } from '../indicators/macd';
import { rsi } from '../indicators/rsi';
import { percentileRank } from './percentile-rank';

export interface MarketAgentConfig {
  fastEma: number;
  slowEma: number;
  /** Bars over which the fast EMA's slope is measured. */
  slopeLookback: number;
  rsiPeriod: number;
  atrPeriod: number;
  /** Bars of ATR% history the current ATR% is ranked against. */
  atrPercentileWindow: number;
  /** Timeframe for the higher-timeframe trend; default: the shortest one in the snapshot above the main. */
  higherTimeframe?: string;
  highVolPercentile: number;
  lowVolPercentile: number;
  /** Confidence multipliers for the volatility regimes. */
  highVolFactor: number;
  lowVolFactor: number;
  /** Component weights; the higher-timeframe share is redistributed when that timeframe is missing. */
  weights: { trendMain: number; trendHigher: number; momentum: number };
}

export const DEFAULT_MARKET_AGENT_CONFIG: MarketAgentConfig = {
  fastEma: 20,
  slowEma: 50,
  slopeLookback: 5,
  rsiPeriod: 14,
  atrPeriod: 14,
  atrPercentileWindow: 100,
  highVolPercentile: 0.8,
  lowVolPercentile: 0.2,
  highVolFactor: 0.7,
  lowVolFactor: 0.9,
  weights: { trendMain: 0.4, trendHigher: 0.3, momentum: 0.3 },
};

interface TrendRead {
  fast: number;
  slow: number;
  atr: number;
  gapAtr: number;
  slopeAtr: number;
  score: number;
}

/** Buffer names per timeframe role, constant strings (no key built per call). */
const SLOTS = {
  main: { fast: 'main fast', slow: 'main slow', atr: 'main atr' },
  higher: { fast: 'higher fast', slow: 'higher slow', atr: 'higher atr' },
} as const;

export type VolatilityRegime = 'low' | 'normal' | 'high';

export class MarketAgent implements Agent {
  readonly name = 'market' as const;
  readonly mode = 'deterministic' as const;
  private readonly cfg: MarketAgentConfig;

  constructor(config: Partial<MarketAgentConfig> = {}) {
    this.cfg = {
      ...DEFAULT_MARKET_AGENT_CONFIG,
      ...config,
      weights: { ...DEFAULT_MARKET_AGENT_CONFIG.weights, ...config.weights },
    };
    if (this.cfg.fastEma >= this.cfg.slowEma)
      throw new Error(`MarketAgent: fastEma (${this.cfg.fastEma}) must be shorter than slowEma (${this.cfg.slowEma})`);
  }

  // The indicator series of the last analysis, by role, reused by the next one (windows keep their
  // length from cycle to cycle): a fresh typed array per series and cycle cost more than the
  // indicators' loops. Only numbers derived from them leave analyze.
  private readonly buffers = new Map<string, Float64Array>();

  private buffer(role: string, length: number): Float64Array {
    let b = this.buffers.get(role);
    if (!b || b.length !== length) {
      b = new Float64Array(length);
      this.buffers.set(role, b);
    }
    return b;
  }

  /** Candles the main timeframe needs before the agent has an opinion. */
  get minCandles(): number {
    const c = this.cfg;
    return Math.max(c.slowEma + c.slopeLookback, 26 + 9, c.rsiPeriod + 1, c.atrPeriod + c.slopeLookback + 1);
  }

  analyze(snapshot: MarketSnapshot): AgentSignal {
    assertSnapshotBasics(snapshot, 'MarketAgent');
    const main = snapshot.candles[snapshot.timeframe];
    if (!main) return abstain(this.name, `no candles for the main timeframe ${snapshot.timeframe}`);
    assertClosedBy(main, snapshot.timeframe, snapshot.time, 'MarketAgent');
    if (main.length < this.minCandles) {
      return abstain(this.name, `only ${main.length} ${snapshot.timeframe} candles, needs ${this.minCandles}`, {
        candles: main.length,
      });
    }

    // One ATR series of the main timeframe for both its trend and its volatility regime.
    const mainAtr = atr(main.high, main.low, main.close, this.cfg.atrPeriod, this.buffer(SLOTS.main.atr, main.length));
    const mainTrend = this.trend(main, 'main', mainAtr);
    const higherTf = this.pickHigherTimeframe(snapshot);
    let higherTrend: TrendRead | undefined;
    let higherNote: string;
    if (higherTf) {
      const hs = snapshot.candles[higherTf];
      assertClosedBy(hs, higherTf, snapshot.time, 'MarketAgent');
      if (hs.length >= this.cfg.slowEma + this.cfg.slopeLookback) {
        higherTrend = this.trend(hs, 'higher');
        higherNote = `${higherTf} trend ${describeTrend(higherTrend)}`;
      } else {
        higherNote = `${higherTf} trend skipped (${hs.length} candles, needs ${this.cfg.slowEma + this.cfg.slopeLookback})`;
      }
    } else {
      higherNote = 'no higher timeframe in the snapshot';
    }

    const n = main.length;
    const close = main.close;
    const r = rsi(close, this.cfg.rsiPeriod, this.buffer('rsi', n))[n - 1];
    const hist = macd(close).histogram[n - 1];
    const rsiComp = clamp((r - 50) / 25, -1, 1);
    const macdComp = mainTrend.atr > 0 ? Math.tanh((2 * hist) / mainTrend.atr) : 0;
    const momentum = (rsiComp + macdComp) / 2;

    const w = this.cfg.weights;
    const parts: [number, number][] = [
      [w.trendMain, mainTrend.score],
      [w.momentum, momentum],
    ];
    if (higherTrend) parts.push([w.trendHigher, higherTrend.score]);
    const wSum = parts.reduce((s, [wi]) => s + wi, 0);
    const direction = clamp(parts.reduce((s, [wi, c]) => s + wi * c, 0) / wSum, -1, 1);
    const absSum = parts.reduce((s, [wi, c]) => s + wi * Math.abs(c), 0);
    // 1 when every component points the same way, 0 when they cancel out.
    const agreement = absSum > 0 ? Math.abs(direction * wSum) / absSum : 0;

    const { regime, percentile, atrPct } = this.volatility(main, mainAtr);
    const volFactor = regime === 'high' ? this.cfg.highVolFactor : regime === 'low' ? this.cfg.lowVolFactor : 1;
    const confidence = clamp(agreement * Math.min(1, Math.abs(direction) / 0.5) * volFactor, 0, 1);

    const label = direction > 0.05 ? 'bullish' : direction < -0.05 ? 'bearish' : 'neutral';
    const reasoning =
      `${snapshot.timeframe} trend ${describeTrend(mainTrend)}; ${higherNote}; ` +
      `RSI${this.cfg.rsiPeriod} ${r.toFixed(1)}, MACD histogram ${hist.toFixed(4)} (${(hist / (mainTrend.atr || 1)).toFixed(2)} ATR); ` +
      `ATR ${(atrPct * 100).toFixed(2)}% of price at the ${(percentile * 100).toFixed(0)}th percentile (${regime} volatility) ` +
      `→ ${label} ${direction.toFixed(2)}, confidence ${confidence.toFixed(2)}`;

    return {
      agent: this.name,
      direction: round(direction),
      confidence: round(confidence),
      reasoning,
      data: {
        timeframe: snapshot.timeframe,
        higherTimeframe: higherTrend ? higherTf : null,
        trendMain: round(mainTrend.score),
        trendHigher: higherTrend ? round(higherTrend.score) : null,
        emaFast: round(mainTrend.fast, 6),
        emaSlow: round(mainTrend.slow, 6),
        rsi: round(r, 2),
        macdHistogram: round(hist, 6),
        momentum: round(momentum),
        atr: round(mainTrend.atr, 6),
        atrPct: round(atrPct, 6),
        atrPercentile: round(percentile, 3),
        volatilityRegime: regime,
        agreement: round(agreement),
      },
    };
  }

  private trend(s: CandleSeriesLike, role: 'main' | 'higher', atrSeries?: Float64Array): TrendRead {
    const n = s.length;
    const k = this.cfg.slopeLookback;
    const fastS = ema(s.close, this.cfg.fastEma, 0, this.buffer(SLOTS[role].fast, n));
    const slowS = ema(s.close, this.cfg.slowEma, 0, this.buffer(SLOTS[role].slow, n));
    const a = (atrSeries ?? atr(s.high, s.low, s.close, this.cfg.atrPeriod, this.buffer(SLOTS[role].atr, n)))[n - 1];
    const fast = fastS[n - 1];
    const slow = slowS[n - 1];
    if (!(a > 0)) return { fast, slow, atr: 0, gapAtr: 0, slopeAtr: 0, score: 0 };
    const gapAtr = (fast - slow) / a;
    const slopeAtr = (fast - fastS[n - 1 - k]) / a;
    return { fast, slow, atr: a, gapAtr, slopeAtr, score: Math.tanh((gapAtr + slopeAtr) / 2) };
  }

  private volatility(
    s: CandleSeriesLike,
    a: Float64Array,
  ): { regime: VolatilityRegime; percentile: number; atrPct: number } {
    const n = s.length;
    const pct = this.buffer('atr pct', n);
    for (let i = 0; i < n; i++) pct[i] = a[i] / s.close[i];
    const atrPct = pct[n - 1];
    const percentile = percentileRank(pct, atrPct, n - this.cfg.atrPercentileWindow, n);
    const regime: VolatilityRegime =
      !(atrPct > 0) || !Number.isFinite(percentile)
        ? 'normal'
        : percentile >= this.cfg.highVolPercentile
          ? 'high'
          : percentile <= this.cfg.lowVolPercentile
            ? 'low'
            : 'normal';
    return {
      regime,
      percentile: Number.isFinite(percentile) ? percentile : 0.5,
      atrPct: Number.isFinite(atrPct) ? atrPct : 0,
    };
  }

  private pickHigherTimeframe(snapshot: MarketSnapshot): string | undefined {
    if (this.cfg.higherTimeframe)
      return snapshot.candles[this.cfg.higherTimeframe] ? this.cfg.higherTimeframe : undefined;
    const mainMs = timeframeToMs(snapshot.timeframe);
    let best: string | undefined;
    let bestMs = Infinity;
    for (const tf of Object.keys(snapshot.candles)) {
      const ms = timeframeToMs(tf);
      if (ms > mainMs && ms < bestMs) {
        best = tf;
        bestMs = ms;
      }
    }
    return best;
  }
}

function describeTrend(t: TrendRead): string {
  const rel = t.fast > t.slow ? '>' : t.fast < t.slow ? '<' : '=';
  return `EMA fast ${t.fast.toFixed(4)} ${rel} EMA slow ${t.slow.toFixed(4)} (gap ${t.gapAtr.toFixed(2)} ATR, slope ${t.slopeAtr.toFixed(2)} ATR) score ${t.score.toFixed(2)}`;
}
