// Turns the session strategy's advice into a signal. On every candle it reports the position the
// strategy wants (long / flat / short), not only the candle where its advice changed, so its weight
// means something in the ensemble; `data.advice` keeps this candle's own advice, which is what the
// `strategy` decision mode acts on. The advice comes from the snapshot or, given a strategy
// instance, is computed here on the main timeframe: the same code the backtester runs.
import { strategyAdviceAt } from '../strategies/strategy-advice-at';
import type { StrategyInstance } from '../strategies/strategy';
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot, StrategyAdvice } from './snapshot';
import { assertClosedBy } from './snapshot-checks';

export interface StrategyAgentConfig {
  /** Confidence of entry/exit advice when the strategy does not grade it (no `strength`). */
  defaultStrength: number;
  /**
   * Confidence of an ungraded `hold`. Low on purpose: most strategies are event-based (a cross) and
   * say hold on every other candle, which means "nothing new" more than "do not trade".
   */
  holdConfidence: number;
  /**
   * Confidence of the wanted position on a candle without new advice: below an entry's own, as the
   * strategy said it on an earlier candle, not on this one.
   */
  positionConfidence: number;
  /** Computes the advice when the snapshot carries none. */
  instance?: StrategyInstance;
}

export const DEFAULT_STRATEGY_AGENT_CONFIG: StrategyAgentConfig = {
  defaultStrength: 0.7,
  holdConfidence: 0.3,
  positionConfidence: 0.5,
};

// The time the wanted position was set stays the same from candle to candle until the next advice, so
// its text is kept: formatting a Date on every cycle was most of this agent's cost in a backtest.
let lastSinceMs = NaN;
let lastSinceIso = '';
function isoTime(ms: number): string {
  if (ms !== lastSinceMs) {
    lastSinceIso = new Date(ms).toISOString();
    lastSinceMs = ms;
  }
  return lastSinceIso;
}

export class StrategyAgent implements Agent {
  readonly name = 'strategy' as const;
  readonly mode = 'deterministic' as const;
  private readonly cfg: StrategyAgentConfig;

  constructor(config: Partial<StrategyAgentConfig> = {}) {
    this.cfg = { ...DEFAULT_STRATEGY_AGENT_CONFIG, ...config };
  }

  analyze(snapshot: MarketSnapshot): AgentSignal {
    let advice = snapshot.strategyAdvice;
    let source = 'snapshot';
    if (!advice && this.cfg.instance) {
      const series = snapshot.candles[snapshot.timeframe];
      if (!series) return abstain(this.name, `no ${snapshot.timeframe} candles to run the strategy on`);
      assertClosedBy(series, snapshot.timeframe, snapshot.time, 'StrategyAgent');
      const warmup = this.cfg.instance.warmup;
      if (series.length <= warmup)
        return abstain(
          this.name,
          `only ${series.length} ${snapshot.timeframe} candles, the strategy needs more than ${warmup}`,
        );
      advice = strategyAdviceAt(this.cfg.instance, series);
      source = 'strategy';
    }
    if (!advice) return abstain(this.name, 'no strategy advice in the snapshot');
    return this.fromAdvice(advice, snapshot, source);
  }

  private fromAdvice(advice: StrategyAdvice, snapshot: MarketSnapshot, source: string): AgentSignal {
    if (advice.strength !== undefined && !(advice.strength >= 0 && advice.strength <= 1)) {
      throw new Error(`StrategyAgent: strategyAdvice.strength must be within 0..1, got ${advice.strength}`);
    }
    const strength = advice.strength ?? this.cfg.defaultStrength;
    const why = advice.reason ? ` (${advice.reason})` : '';
    const data: Record<string, unknown> = { advice: advice.action, strength: round(strength), source };
    if (advice.desired !== undefined) data.desired = advice.desired;
    if (advice.stopLossPct !== undefined) data.stopLossPct = advice.stopLossPct;
    if (advice.takeProfitPct !== undefined) data.takeProfitPct = advice.takeProfitPct;

    switch (advice.action) {
      case 'enter_long':
        return this.signal(
          strength,
          strength,
          `strategy advises entering long, strength ${strength.toFixed(2)}${why}`,
          data,
        );
      case 'enter_short':
        return this.signal(
          -strength,
          strength,
          `strategy advises entering short, strength ${strength.toFixed(2)}${why}`,
          data,
        );
      case 'exit': {
        const pos = snapshot.position;
        if (!pos || pos.quantity <= 0) {
          // Exit with nothing open means "stay flat": a vote against opening anything.
          return this.signal(0, strength, `strategy advises exit but no position is open: stay flat${why}`, data);
        }
        const direction = pos.side === 'long' ? -strength : strength;
        return this.signal(
          direction,
          strength,
          `strategy advises exiting the ${pos.side} position, strength ${strength.toFixed(2)}${why}`,
          { ...data, exit: pos.side },
        );
      }
      case 'hold': {
        if (advice.desired === 'long' || advice.desired === 'short') {
          const confidence = advice.strength ?? this.cfg.positionConfidence;
          const since = advice.desiredSinceMs === undefined ? '' : ` since ${isoTime(advice.desiredSinceMs)}`;
          return this.signal(
            advice.desired === 'long' ? confidence : -confidence,
            confidence,
            `strategy wants to be ${advice.desired}${since}, no new advice on this candle${why}`,
            { ...data, strength: round(confidence) },
          );
        }
        const confidence = advice.strength ?? this.cfg.holdConfidence;
        const flat = advice.desired === 'flat' ? 'wants to be flat' : 'advises holding';
        return this.signal(0, confidence, `strategy ${flat}${why}`, { ...data, strength: round(confidence) });
      }
      default:
        throw new Error(
          `StrategyAgent: unknown strategyAdvice.action ${JSON.stringify((advice as { action: unknown }).action)}`,
        );
    }
  }

  private signal(direction: number, confidence: number, reasoning: string, data: Record<string, unknown>): AgentSignal {
    return {
      agent: this.name,
      direction: round(clamp(direction, -1, 1)),
      confidence: round(clamp(confidence, 0, 1)),
      reasoning,
      data,
    };
  }
}
