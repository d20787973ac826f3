// Crowd positioning, read contrarian: a high funding rate or a long/short ratio far above 1 means longs
// are crowded and pay to stay in (fuel for a flush down), and vice versa. Reports `extreme` so the risk
// policy can size down when the crowd is one-sided.
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot } from './snapshot';
import { assertSnapshotBasics } from './snapshot-checks';

export interface SentimentAgentConfig {
  /** Funding rate per interval considered neutral (perpetuals drift slightly positive). */
  fundingBaseline: number;
  /** Funding distance from baseline that maps to ~0.76 strength. */
  fundingScale: number;
  /** |funding| at or above this is an extreme. */
  fundingExtreme: number;
  /** Long/short ratio at or above this (or at or below its inverse) is an extreme. */
  ratioExtreme: number;
  weights: { funding: number; longShort: number };
}

export const DEFAULT_SENTIMENT_AGENT_CONFIG: SentimentAgentConfig = {
  fundingBaseline: 0.0001,
  fundingScale: 0.0005,
  fundingExtreme: 0.0005,
  ratioExtreme: 2.5,
  weights: { funding: 0.5, longShort: 0.5 },
};

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

    if (parts.length === 0)
      return abstain(this.name, `no data: missing ${missing.join(', ')}`, { missing, extreme: false });

    const wAll = this.cfg.weights.funding + this.cfg.weights.longShort;
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
