// Who decides a trade. `strategy`: the session's strategy decides entries and exits, the analysts
// and the coordinator may confirm, veto or resize it but never invent one. `ensemble`: the
// coordinator decides from every signal. Backtests also have `strategy-only`, the strategy alone on
// the engine's fast path (the optimizer's and the engine benchmark's).
export const DECISION_MODES = ['strategy', 'ensemble'] as const;
export type DecisionMode = (typeof DECISION_MODES)[number];

export const BACKTEST_DECISION_MODES = ['strategy-only', ...DECISION_MODES] as const;
export type BacktestDecisionMode = (typeof BACKTEST_DECISION_MODES)[number];

export const DEFAULT_DECISION_MODE: DecisionMode = 'strategy';

export function isDecisionMode(x: unknown): x is DecisionMode {
  return typeof x === 'string' && (DECISION_MODES as readonly string[]).includes(x);
}
