// Positioning and flow from what the venue exposes: open-interest change read against the price move
// (new money vs. covering/liquidation) and the order book's bid/ask depth imbalance near the mid.
//
// Rules over the snapshot's intelligence (core/intel/series.ts), each a weighted part beside the
// venue's, counted in the coverage only when the snapshot carries intelligence at all:
// - Stablecoin supply (`defillama.stablecoins.all`): growth is dry powder waiting to buy, shrinkage
//   money leaving crypto. Score tanh of the mean of (7-day change / `stableScale7d` 1%) and (30-day
//   change / `stableScale30d` 3%), over the changes the view can give; weight 0.4.
// - Hash rate (`blockchain.hash_rate`) 30-day change: miners adding capacity is confidence, a falling
//   hash rate miner stress (and selling). Score tanh(change / `hashScale` 10%); weight 0.15.
// - Chain TVL (`defillama.tvl.ethereum`, `defillama.tvl.solana`) 7-day change, averaged over the
//   chains present: score tanh(change / `tvlScale` 5%); weight 0.15. TVL is in USD, so it partly
//   echoes the price move; hence the small weight.
// - Fee spike (`mempool.fee_fastest` latest vs the median of the view's readings, at least
//   `feeMinReadings` 6): at or above `feeSpikeRatio` (3×) the chain is congested, which comes with
//   panic (coins rushed to exchanges) as often as with a mania, so it is not read as a direction: it
//   multiplies the confidence by `feeSpikeConfidence` (0.75). Reported as `data.feeSpike`.
// A missing or stale series (freshPoint), or a change the view holds no earlier value for, is named
// in `data.missing` and left out; with nothing at all the agent abstains naming everything.
// `data.intel` lists the values used (id, value, observedAt, knownAt).
import { timeframeToMs } from '../candles/timeframe';
import type { SeriesId } from '../intel/series';
import { IntelReading, median, noIntel, signedPct } from './intel-reading';
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot } from './snapshot';
import { assertClosedBy, assertIntelKnownBy, assertSnapshotBasics } from './snapshot-checks';

const ONCHAIN_SERIES: SeriesId[] = [
  'defillama.stablecoins.all',
  'blockchain.hash_rate',
  'defillama.tvl.ethereum',
  'defillama.tvl.solana',
  'mempool.fee_fastest',
];

export interface OnChainAgentConfig {
  /** |OI change| below this is noise. */
  minOiChange: number;
  /** OI change that maps to ~0.76 of full strength (tanh(1)). */
  oiChangeScale: number;
  /** Order-book depth counted within this fraction of the mid price. */
  depthBand: number;
  stableScale7d: number;
  stableScale30d: number;
  hashScale: number;
  tvlScale: number;
  feeSpikeRatio: number;
  feeMinReadings: number;
  feeSpikeConfidence: number;
  weights: { openInterest: number; orderBook: number; stablecoins: number; hashRate: number; tvl: number };
}

export const DEFAULT_ONCHAIN_AGENT_CONFIG: OnChainAgentConfig = {
  minOiChange: 0.002,
  oiChangeScale: 0.02,
  depthBand: 0.01,
  stableScale7d: 0.01,
  stableScale30d: 0.03,
  hashScale: 0.1,
  tvlScale: 0.05,
  feeSpikeRatio: 3,
  feeMinReadings: 6,
  feeSpikeConfidence: 0.75,
  weights: { openInterest: 0.6, orderBook: 0.4, stablecoins: 0.4, hashRate: 0.15, tvl: 0.15 },
};

/** (bid depth - ask depth) / total within `band` of the mid, by quote value; undefined when no depth. */
export function orderBookImbalance(
  bids: [number, number][],
  asks: [number, number][],
  band: number,
): { imbalance: number; bidValue: number; askValue: number; mid: number } | undefined {
  if (bids.length === 0 || asks.length === 0) return undefined;
  const mid = (bids[0][0] + asks[0][0]) / 2;
  let bidValue = 0;
  let askValue = 0;
  for (const [p, a] of bids) if (p >= mid * (1 - band)) bidValue += p * a;
  for (const [p, a] of asks) if (p <= mid * (1 + band)) askValue += p * a;
  const total = bidValue + askValue;
  if (!(total > 0)) return undefined;
  return { imbalance: (bidValue - askValue) / total, bidValue, askValue, mid };
}

export class OnChainAgent implements Agent {
  readonly name = 'onchain' as const;
  readonly mode = 'deterministic' as const;
  private readonly cfg: OnChainAgentConfig;

  constructor(config: Partial<OnChainAgentConfig> = {}) {
    this.cfg = {
      ...DEFAULT_ONCHAIN_AGENT_CONFIG,
      ...config,
      weights: { ...DEFAULT_ONCHAIN_AGENT_CONFIG.weights, ...config.weights },
    };
  }

  analyze(snapshot: MarketSnapshot): AgentSignal {
    assertSnapshotBasics(snapshot, 'OnChainAgent');
    if (snapshot.intel) assertIntelKnownBy(snapshot.intel, snapshot.time, 'OnChainAgent');
    const parts: { weight: number; score: number }[] = [];
    const notes: string[] = [];
    const missing: string[] = [];
    const data: Record<string, unknown> = {};

    const oi = snapshot.openInterest;
    if (oi) {
      if (!(oi.previous > 0) || !(oi.current >= 0)) {
        throw new Error(
          `OnChainAgent: openInterest needs previous > 0 and current >= 0, got previous=${oi.previous} current=${oi.current}`,
        );
      }
      const priceChange = this.priceChange(snapshot, oi.intervalMs);
      if (priceChange === undefined) {
        missing.push(`open interest (no ${snapshot.timeframe} candles to read the price move against)`);
      } else {
        const oiChange = oi.current / oi.previous - 1;
        const rising = oiChange > 0;
        let score = 0;
        let story: string;
        if (Math.abs(oiChange) < this.cfg.minOiChange) {
          story = 'flat open interest: no positioning signal';
        } else {
          // Rising OI = new positions opened in the direction of the move; falling OI = positions
          // closed (short covering / long liquidation), a weaker and fading signal.
          score = Math.sign(priceChange) * Math.tanh(Math.abs(oiChange) / this.cfg.oiChangeScale) * (rising ? 1 : 0.5);
          story = rising
            ? priceChange >= 0
              ? 'new longs (OI up, price up)'
              : 'new shorts (OI up, price down)'
            : priceChange >= 0
              ? 'short covering (OI down, price up)'
              : 'long liquidation (OI down, price down)';
        }
        parts.push({ weight: this.cfg.weights.openInterest, score });
        notes.push(`open interest ${pct(oiChange)} with price ${pct(priceChange)}: ${story} → ${score.toFixed(2)}`);
        Object.assign(data, {
          oiChange: round(oiChange, 6),
          priceChange: round(priceChange, 6),
          oiScore: round(score),
        });
      }
    } else {
      missing.push('open interest');
    }

    const book = snapshot.orderBook;
    const ob = book ? orderBookImbalance(book.bids, book.asks, this.cfg.depthBand) : undefined;
    if (ob) {
      parts.push({ weight: this.cfg.weights.orderBook, score: ob.imbalance });
      notes.push(
        `order book within ${(this.cfg.depthBand * 100).toFixed(1)}% of mid: bids ${ob.bidValue.toFixed(2)} vs asks ${ob.askValue.toFixed(2)} (imbalance ${ob.imbalance.toFixed(2)})`,
      );
      Object.assign(data, {
        bookImbalance: round(ob.imbalance),
        bidDepth: round(ob.bidValue, 2),
        askDepth: round(ob.askValue, 2),
      });
    } else {
      missing.push(book ? 'order book depth (empty near the mid)' : 'order book');
    }

    const view = snapshot.intel;
    const intel = new IntelReading(view);
    let feeSpike = false;
    if (view) {
      feeSpike = this.readIntel(intel, parts, notes, data);
      missing.push(...intel.missing);
    } else {
      missing.push(noIntel(ONCHAIN_SERIES));
    }
    data.intel = intel.used;

    if (parts.length === 0) return abstain(this.name, `no data: missing ${missing.join(', ')}`, { ...data, missing });

    const w = this.cfg.weights;
    const wAll = w.openInterest + w.orderBook + (view ? w.stablecoins + w.hashRate + w.tvl : 0);
    const wHave = parts.reduce((s, p) => s + p.weight, 0);
    const direction = clamp(parts.reduce((s, p) => s + p.weight * p.score, 0) / wHave, -1, 1);
    // Flow data is noisy: confidence tops out at 0.8 and shrinks with what is missing.
    const confidence = clamp(
      (wHave / wAll) * (0.3 + 0.5 * Math.abs(direction)) * (feeSpike ? this.cfg.feeSpikeConfidence : 1),
      0,
      1,
    );
    const missingNote = missing.length ? `; missing ${missing.join(', ')}` : '';
    return {
      agent: this.name,
      direction: round(direction),
      confidence: round(confidence),
      reasoning: `${notes.join('; ')}${missingNote} → direction ${direction.toFixed(2)}, confidence ${confidence.toFixed(2)}`,
      data: { ...data, missing },
    };
  }

  /** The intelligence parts; returns whether fees spiked (which lowers the confidence). */
  private readIntel(
    intel: IntelReading,
    parts: { weight: number; score: number }[],
    notes: string[],
    data: Record<string, unknown>,
  ): boolean {
    const c = this.cfg;
    const stable = intel.latest('defillama.stablecoins.all');
    if (stable) {
      const c7 = intel.change('defillama.stablecoins.all', stable, 7);
      const c30 = intel.change('defillama.stablecoins.all', stable, 30);
      const terms = [
        c7 !== undefined ? c7 / c.stableScale7d : undefined,
        c30 !== undefined ? c30 / c.stableScale30d : undefined,
      ].filter((x): x is number => x !== undefined);
      if (terms.length) {
        const score = Math.tanh(terms.reduce((a, b) => a + b, 0) / terms.length);
        parts.push({ weight: c.weights.stablecoins, score });
        const text = [
          c7 !== undefined ? `${signedPct(c7)} over 7d` : '',
          c30 !== undefined ? `${signedPct(c30)} over 30d` : '',
        ]
          .filter(Boolean)
          .join(', ');
        notes.push(
          `stablecoin supply ${text} (${score >= 0 ? 'dry powder growing' : 'money leaving'}) → ${score.toFixed(2)}`,
        );
        Object.assign(data, {
          stablecoinChange7d: c7 === undefined ? null : round(c7, 6),
          stablecoinChange30d: c30 === undefined ? null : round(c30, 6),
          stablecoinScore: round(score),
        });
      }
    }
    const hash = intel.latest('blockchain.hash_rate');
    if (hash) {
      const h30 = intel.change('blockchain.hash_rate', hash, 30);
      if (h30 !== undefined) {
        const score = Math.tanh(h30 / c.hashScale);
        parts.push({ weight: c.weights.hashRate, score });
        notes.push(`hash rate ${signedPct(h30)} over 30d → ${score.toFixed(2)}`);
        Object.assign(data, { hashRateChange30d: round(h30, 6), hashRateScore: round(score) });
      }
    }
    const tvl: number[] = [];
    for (const id of ['defillama.tvl.ethereum', 'defillama.tvl.solana'] as const) {
      const p = intel.latest(id);
      const ch = p ? intel.change(id, p, 7) : undefined;
      if (ch !== undefined) tvl.push(ch);
    }
    if (tvl.length) {
      const avg = tvl.reduce((a, b) => a + b, 0) / tvl.length;
      const score = Math.tanh(avg / c.tvlScale);
      parts.push({ weight: c.weights.tvl, score });
      notes.push(
        `chain TVL ${signedPct(avg)} over 7d (${tvl.length} chain${tvl.length > 1 ? 's' : ''}) → ${score.toFixed(2)}`,
      );
      Object.assign(data, { tvlChange7d: round(avg, 6), tvlScore: round(score) });
    }
    const fee = intel.latest('mempool.fee_fastest');
    if (fee) {
      const readings = intel.history('mempool.fee_fastest').map((p) => p.value);
      if (readings.length >= c.feeMinReadings) {
        const med = median(readings);
        const ratio = med > 0 ? fee.value / med : fee.value > 0 ? Infinity : 1;
        const spike = ratio >= c.feeSpikeRatio;
        notes.push(
          `next-block fee ${fee.value} sat/vB vs median ${med} over ${readings.length} readings` +
            (spike ? ` (SPIKE ×${ratio.toFixed(1)}: congestion, confidence ×${c.feeSpikeConfidence})` : ''),
        );
        Object.assign(data, { feeFastest: fee.value, feeMedian: med, feeSpike: spike });
        return spike;
      }
      intel.missing.push(`mempool.fee_fastest history (${readings.length} readings, ${c.feeMinReadings} needed)`);
    }
    return false;
  }

  /** Price change over the OI interval (in main-timeframe bars, at least one), from closed candles only. */
  private priceChange(snapshot: MarketSnapshot, intervalMs?: number): number | undefined {
    const s = snapshot.candles[snapshot.timeframe];
    if (!s) return undefined;
    assertClosedBy(s, snapshot.timeframe, snapshot.time, 'OnChainAgent');
    const bars = Math.max(1, Math.round((intervalMs ?? 0) / timeframeToMs(snapshot.timeframe)));
    if (s.length < bars + 1) return undefined;
    const then = s.close[s.length - 1 - bars];
    return then > 0 ? s.close[s.length - 1] / then - 1 : undefined;
  }
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
}
