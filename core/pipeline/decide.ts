// The decision of one cycle, in the session's decision mode. `ensemble`: the coordinator's weighted
// vote over every signal. `strategy`: the strategy's advice on this candle is the only source of
// trades; the other analysts, combined by the same coordinator, review it: they may veto an entry or
// shrink it, never start one, and never hold up an exit (risk may always be cut).
import { abstain, type AgentSignal } from '../agents/signal';
import { coordinate } from '../coordinator/coordinate';
import type { CoordinatorConfig } from '../coordinator/coordinator-config';
import type { Decision } from '../coordinator/decision';
import type { DecisionMode } from './decision-mode';

export interface HeldPosition {
  side: 'long' | 'short';
  quantity: number;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function decideTrade(
  signals: AgentSignal[],
  mode: DecisionMode,
  config: CoordinatorConfig,
  position: HeldPosition | null,
  /** The entry of a reversal whose close the previous cycle made (strategy mode): taken now if still wanted. */
  pendingEntry?: 'long' | 'short',
): Decision {
  try {
    if (mode === 'ensemble') return { ...coordinate(signals, config), mode };
    return strategyDecision(signals, config, position, pendingEntry);
  } catch (e) {
    // Inputs were validated where they entered; a signal that still breaks the rules decides nothing.
    return hold(signals, mode, [`HOLD: coordinator refused the input: ${(e as Error).message}`]);
  }
}

function hold(signals: AgentSignal[], mode: DecisionMode, reasons: string[]): Decision {
  return { action: 'HOLD', score: 0, confidence: 0, disagreement: 0, reasons, signals, mode };
}

function strategyDecision(
  signals: AgentSignal[],
  config: CoordinatorConfig,
  position: HeldPosition | null,
  pendingEntry: 'long' | 'short' | undefined,
): Decision {
  const strategy = signals.find((s) => s.agent === 'strategy');
  const advice = strategy && strategy.confidence > 0 ? strategy.data.advice : undefined;
  if (!strategy || advice === undefined)
    return hold(signals, 'strategy', [
      `HOLD: the strategy gave no advice (${strategy ? strategy.reasoning : 'no strategy signal'})`,
    ]);
  const held = position && position.quantity > 0 ? position.side : null;
  const exitOf = (side: 'long' | 'short', why: string): Decision => ({
    action: side === 'long' ? 'SELL' : 'BUY',
    score: side === 'long' ? -1 : 1,
    confidence: strategy.confidence,
    disagreement: 0,
    reasons: [`${side === 'long' ? 'SELL' : 'BUY'}: ${why}; exits are not reviewed`, strategy.reasoning],
    signals,
    mode: 'strategy',
  });

  switch (advice) {
    case 'exit':
      return held
        ? exitOf(held, `the strategy exits the ${held} position`)
        : hold(signals, 'strategy', ['HOLD: the strategy advises exit and nothing is open']);
    case 'enter_long':
    case 'enter_short': {
      const side = advice === 'enter_long' ? 'long' : 'short';
      if (held === side) return hold(signals, 'strategy', [`HOLD: already ${side}; the strategy's entry adds nothing`]);
      if (held)
        // One step at a time, as the risk policy requires: this cycle closes, the next one enters.
        return {
          ...exitOf(held, `the strategy turns ${side}, which first closes the ${held} position`),
          reversalTo: side,
        };
      return review(signals, config, side, strategy);
    }
    case 'hold': {
      const reversal = entryToReview(strategy, held, pendingEntry);
      if (reversal)
        return review(signals, config, reversal, strategy, 'completes the reversal the previous cycle began: ');
      return hold(signals, 'strategy', [
        'HOLD: the strategy advises no entry or exit on this candle',
        strategy.reasoning,
      ]);
    }
    default:
      return hold(signals, 'strategy', [`HOLD: unknown strategy advice ${JSON.stringify(advice)}`]);
  }
}

/**
 * The entry strategy mode has the analysts review on this cycle, or null when it reads no analyst:
 * an entry advised from flat, or a reversal's pending entry the strategy still wants. A caller that
 * runs the analysts only when they are read (the pipeline backtest) asks this.
 */
export function entryToReview(
  strategy: AgentSignal,
  held: 'long' | 'short' | null,
  pendingEntry: 'long' | 'short' | undefined,
): 'long' | 'short' | null {
  if (held !== null || strategy.confidence <= 0) return null;
  const advice = strategy.data.advice;
  if (advice === 'enter_long') return 'long';
  if (advice === 'enter_short') return 'short';
  return advice === 'hold' && pendingEntry !== undefined && strategy.data.desired === pendingEntry
    ? pendingEntry
    : null;
}

/** The analysts other than the strategy, through the coordinator, on an entry the strategy asked for. */
function review(
  signals: AgentSignal[],
  config: CoordinatorConfig,
  side: 'long' | 'short',
  strategy: AgentSignal,
  why = '',
): Decision {
  const others = signals.map((s) => (s.agent === 'strategy' ? abstain('strategy', 'reviewed, not reviewing') : s));
  const panel = coordinate(others, config);
  const action = side === 'long' ? 'BUY' : 'SELL';
  const sign = side === 'long' ? 1 : -1;
  // The panel's score in the trade's direction: negative means it leans against the trade.
  const support = sign * panel.score;
  const heard = panel.confidence >= config.minConfidence;
  const base = {
    score: r4(sign * strategy.confidence),
    confidence: strategy.confidence,
    disagreement: panel.disagreement,
    signals,
    mode: 'strategy' as const,
  };
  const tally = `analysts' score ${panel.score.toFixed(3)} at confidence ${panel.confidence.toFixed(3)}`;
  const detail = panel.reasons.slice(1);
  if (heard && support <= -config.review.vetoScore)
    return {
      ...base,
      action: 'HOLD',
      reasons: [
        `HOLD: ${why}the analysts veto the strategy's ${side} entry (${tally}; a veto takes ${sign > 0 ? '<=' : '>='} ${(-sign * config.review.vetoScore).toFixed(2)})`,
        strategy.reasoning,
        ...detail,
      ],
    };
  if (heard && support < 0)
    return {
      ...base,
      action,
      sizeFactor: config.review.resizeFactor,
      reasons: [
        `${action}: ${why}the strategy enters ${side}; resized × ${config.review.resizeFactor}: the analysts lean against it (${tally})`,
        strategy.reasoning,
        ...detail,
      ],
    };
  return {
    ...base,
    action,
    reasons: [
      `${action}: ${why}the strategy enters ${side}; ${heard ? `confirmed by the analysts (${tally})` : `no analyst objection (${tally}, below the ${config.minConfidence} needed to be heard)`}`,
      strategy.reasoning,
      ...detail,
    ],
  };
}
