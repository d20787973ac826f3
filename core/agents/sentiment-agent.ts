// Crowd positioning, read contrarian: a high funding rate or a long/short ratio far above 1 means longs
// are crowded and pay to stay in (fuel for a flush down), and vice versa. Reports `extreme` so the risk
// policy can size down when the crowd is one-sided.
//
// Rules over the snapshot's intelligence (core/intel/series.ts):
// - Fear & Greed (`fear_greed.index`, 0..100), contrarian: at or below `fearExtreme` (20) the crowd is
//   in extreme fear → +1 (lean long) and an extreme (`short_crowded`: the crowd is out or short); at or
//   above `greedExtreme` (80) extreme greed → −1 and `long_crowded`. Inside the neutral band
//   [`neutralLow`, `neutralHigh`] (45..55) → 0; in between, linear from 0 at the band's edge to ±1 at
//   the extreme. Weighted `weights.fearGreed` (0.5) beside funding and the long/short ratio; only
//   counted in the coverage when the snapshot carries intelligence at all, so a venue-only snapshot
//   reads as before.
// - Headlines are context only: their count over the last 24 h goes into `data.headlines24h` and the
//   reasoning, with no keyword scoring (a word list would read "ETF rejected" and "ETF approved" alike).
// - A missing or stale index (freshPoint) is never guessed: it is named in `data.missing`; with no
//   funding, no ratio and no index the agent abstains naming all of them. `data.intel` lists the
//   values used (id, value, observedAt, knownAt).
import { DAY_MS, IntelReading, noIntel } from './intel-reading';
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot } from './snapshot';
import { assertIntelKnownBy, assertSnapshotBasics } from './snapshot-checks';

export interface SentimentAgentConfig {
  /** Funding rate per interval considered neutral (perpetuals drift slightly positive). */
  fundingBaseline: number;
  /** Funding distance from baseline that maps to ~0.76 strength. */
  fundingScale: number;
  /** |funding| at or above this is an extreme. */
  fundingExtreme: number;
  /** Long/short ratio at or above this (or at or below its inverse) is an extreme. */
  ratioExtreme: number;
  /** Fear & Greed at or below this: extreme fear (contrarian long). */
  fearExtreme: number;
  /** Fear & Greed at or above this: extreme greed (contrarian short). */
  greedExtreme: number;
  /** Fear & Greed inside [neutralLow, neutralHigh] says nothing. */
  neutralLow: number;
  neutralHigh: number;
  weights: { funding: number; longShort: number; fearGreed: number };
}

export const DEFAULT_SENTIMENT_AGENT_CONFIG: SentimentAgentConfig = {
  fundingBaseline: 0.0001,
  fundingScale: 0.0005,
  fundingExtreme: 0.0005,
  ratioExtreme: 2.5,
  fearExtreme: 20,
  greedExtreme: 80,
  neutralLow: 45,
  neutralHigh: 55,
  weights: { funding: 0.5, longShort: 0.5, fearGreed: 0.5 },
};

/** Contrarian score of a Fear & Greed value: +1 at extreme fear .. −1 at extreme greed, 0 in the band. */
export function fearGreedScore(v: number, c: SentimentAgentConfig): number {
  if (v <= c.fearExtreme) return 1;
  if (v >= c.greedExtreme) return -1;
  if (v < c.neutralLow) return (c.neutralLow - v) / (c.neutralLow - c.fearExtreme);
  if (v > c.neutralHigh) return -(v - c.neutralHigh) / (c.greedExtreme - c.neutralHigh);
  return 0;
}

export type CrowdSide = 'long_crowded' | 'short_crowded';

export class SentimentAgent implements Agent {
  readonly name = 'sentiment' as const;
  readonly mode = 'deterministic' as const;
  private readonly cfg: SentimentAgentConfig;

  constructor(config: Partial<SentimentAgentConfig> = {}) {
    this.cfg = {
      ...DEFAULT_SENTIMENT_AGENT_CONFIG,
      ...config,
      weights: { ...DEFAULT_SENTIMENT_AGENT_CONFIG.weights, ...config.weights },
    };
  }

  analyze(snapshot: MarketSnapshot): AgentSignal {
    assertSnapshotBasics(snapshot, 'SentimentAgent');
    if (snapshot.intel) assertIntelKnownBy(snapshot.intel, snapshot.time, 'SentimentAgent');
    const parts: { weight: number; score: number }[] = [];
    const notes: string[] = [];
    const missing: string[] = [];
    const extremes: CrowdSide[] = [];
    const data: Record<string, unknown> = {};

    const fr = snapshot.fundingRate;
    if (fr && Number.isFinite(fr.fundingRate)) {
      const f = fr.fundingRate;
      const score = -Math.tanh((f - this.cfg.fundingBaseline) / this.cfg.fundingScale);
      parts.push({ weight: this.cfg.weights.funding, score });
      if (Math.abs(f) >= this.cfg.fundingExtreme) extremes.push(f > 0 ? 'long_crowded' : 'short_crowded');
      notes.push(
        `funding ${(f * 100).toFixed(4)}% per interval (${f > this.cfg.fundingBaseline ? 'longs pay' : 'shorts pay'}) → ${score.toFixed(2)}`,
      );
      Object.assign(data, { fundingRate: f, fundingScore: round(score) });
    } else {
      missing.push('funding rate');
    }

    const ls = snapshot.longShortRatio;
    if (ls && ls.longShortRatio > 0 && Number.isFinite(ls.longShortRatio)) {
      const r = ls.longShortRatio;
      // log2 makes 2:1 and 1:2 symmetric; tanh(1) ≈ 0.76 at 2:1.
      const score = -Math.tanh(Math.log2(r));
      parts.push({ weight: this.cfg.weights.longShort, score });
      if (r >= this.cfg.ratioExtreme) extremes.push('long_crowded');
      else if (r <= 1 / this.cfg.ratioExtreme) extremes.push('short_crowded');
      notes.push(`long/short ratio ${r.toFixed(2)} → ${score.toFixed(2)}`);
      Object.assign(data, { longShortRatio: r, longShortScore: round(score) });
    } else {
      missing.push(ls ? `long/short ratio (invalid value ${ls.longShortRatio})` : 'long/short ratio');
    }

    const view = snapshot.intel;
    const intel = new IntelReading(view);
    if (view) {
      const fg = intel.latest('fear_greed.index');
      if (fg) {
        const v = fg.value;
        const score = fearGreedScore(v, this.cfg);
        parts.push({ weight: this.cfg.weights.fearGreed, score });
        if (v <= this.cfg.fearExtreme) extremes.push('short_crowded');
        else if (v >= this.cfg.greedExtreme) extremes.push('long_crowded');
        const mood =
          v <= this.cfg.fearExtreme
            ? 'extreme fear'
            : v >= this.cfg.greedExtreme
              ? 'extreme greed'
              : v < this.cfg.neutralLow
                ? 'fear'
                : v > this.cfg.neutralHigh
                  ? 'greed'
                  : 'neutral';
        notes.push(`Fear & Greed ${v} (${mood}) → ${score.toFixed(2)}`);
        Object.assign(data, { fearGreed: v, fearGreedScore: round(score) });
      }
      const since = snapshot.time - DAY_MS;
      const recent = view.headlines.filter((h) => h.publishedAt > since && h.publishedAt <= snapshot.time).length;
      notes.push(`${recent} headline${recent === 1 ? '' : 's'} in the last 24h (context only, not scored)`);
      data.headlines24h = recent;
      missing.push(...intel.missing);
    } else {
      missing.push(noIntel(['fear_greed.index']));
    }
    data.intel = intel.used;

    if (parts.length === 0)
      return abstain(this.name, `no data: missing ${missing.join(', ')}`, { ...data, missing, extreme: false });

    const wAll = this.cfg.weights.funding + this.cfg.weights.longShort + (view ? this.cfg.weights.fearGreed : 0);
    const wHave = parts.reduce((s, p) => s + p.weight, 0);
    const direction = clamp(parts.reduce((s, p) => s + p.weight * p.score, 0) / wHave, -1, 1);
    // Contrarian reads are early more often than wrong: confidence tops out at 0.8.
    const confidence = clamp((wHave / wAll) * (0.2 + 0.6 * Math.abs(direction)), 0, 1);
    const extreme = extremes.length > 0;
    const extremeSide: CrowdSide | null = extreme ? extremes[0] : null;
    const extremeNote = extreme ? `; EXTREME: ${extremeSide}` : '';
    const missingNote = missing.length ? `; missing ${missing.join(', ')}` : '';
    return {
      agent: this.name,
      direction: round(direction),
      confidence: round(confidence),
      reasoning: `${notes.join('; ')}${extremeNote}${missingNote} → contrarian direction ${direction.toFixed(2)}, confidence ${confidence.toFixed(2)}`,
      data: { ...data, extreme, extremeSide, missing },
    };
  }
}
