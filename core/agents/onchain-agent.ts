// Positioning and flow from what the venue exposes: open-interest change read against the price move
// (new money vs. covering/liquidation) and the order book's bid/ask depth imbalance near the mid.
import { timeframeToMs } from '../candles/timeframe';
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot } from './snapshot';
import { assertClosedBy, assertSnapshotBasics } from './snapshot-checks';

export interface OnChainAgentConfig {
  /** |OI change| below this is noise. */
  minOiChange: number;
  /** OI change that maps to ~0.76 of full strength (tanh(1)). */
  oiChangeScale: number;
  /** Order-book depth counted within this fraction of the mid price. */
  depthBand: number;
  weights: { openInterest: number; orderBook: number };
}

export const DEFAULT_ONCHAIN_AGENT_CONFIG: OnChainAgentConfig = {
  minOiChange: 0.002,
  oiChangeScale: 0.02,
  depthBand: 0.01,
  weights: { openInterest: 0.6, orderBook: 0.4 },
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

    if (parts.length === 0) return abstain(this.name, `no data: missing ${missing.join(', ')}`, { missing });

    const wAll = this.cfg.weights.openInterest + this.cfg.weights.orderBook;
    const wHave = parts.reduce((s, p) => s + p.weight, 0);
    const direction = clamp(parts.reduce((s, p) => s + p.weight * p.score, 0) / wHave, -1, 1);
    // Flow data is noisy: confidence tops out at 0.8 and shrinks with what is missing.
    const confidence = clamp((wHave / wAll) * (0.3 + 0.5 * Math.abs(direction)), 0, 1);
    const missingNote = missing.length ? `; missing ${missing.join(', ')}` : '';
    return {
      agent: this.name,
      direction: round(direction),
      confidence: round(confidence),
      reasoning: `${notes.join('; ')}${missingNote} → direction ${direction.toFixed(2)}, confidence ${confidence.toFixed(2)}`,
      data: { ...data, missing },
    };
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
