// Protections: locks that stop new entries after a run of losses, a drawdown or an exit, derived
// from the closed-trade history alone (no lock state to persist, so backtest, paper and live derive
// the same locks from the same trades). No zod here: workflows import this; the validating schema is
// protections-config-schema.ts.

export type ProtectionName = 'StoplossGuard' | 'MaxDrawdown' | 'CooldownPeriod' | 'LowProfitPairs';

/** Why a trade ended, as the ledger records it. */
export type ExitReason = 'stop_loss' | 'take_profit' | 'trailing_stop' | 'signal' | 'liquidation' | 'other';

/** One closed trade as protections read it. */
export interface ProtectionTrade {
  symbol: string;
  side: 'long' | 'short';
  /** UTC ms. */
  entryTime: number;
  exitTime: number;
  /** Realised, after fees, in quote currency. */
  pnl: number;
  /** pnl relative to the entry notional, as a fraction (0.01 = +1 %). */
  profitRatio: number;
  exitReason: ExitReason;
}

export interface StoplossGuardConfig {
  /** Trades that closed within this many candles before now count. */
  lookbackCandles: number;
  /** This many stop-loss exits within the lookback lock. */
  tradeLimit: number;
  stopDurationCandles: number;
  /** Lock only the pair that hit its stops (default false: lock all pairs). */
  onlyPerPair: boolean;
}

export interface MaxDrawdownConfig {
  lookbackCandles: number;
  /** At least this many closed trades in the lookback before the drawdown is judged. */
  tradeLimit: number;
  stopDurationCandles: number;
  /** Percent, 0..100: realised drawdown over the lookback above this locks all pairs. */
  maxAllowedDrawdownPct: number;
}

export interface CooldownPeriodConfig {
  /** No re-entry in a pair for this many candles after one of its trades closed. */
  stopDurationCandles: number;
}

export interface LowProfitPairsConfig {
  lookbackCandles: number;
  tradeLimit: number;
  stopDurationCandles: number;
  /** Percent: a pair whose summed profit ratio over the lookback is below this is locked. */
  requiredProfitPct: number;
}

/** Every protection is off unless configured. */
export interface ProtectionsConfig {
  stoplossGuard?: StoplossGuardConfig;
  maxDrawdown?: MaxDrawdownConfig;
  cooldownPeriod?: CooldownPeriodConfig;
  lowProfitPairs?: LowProfitPairsConfig;
}

export interface ProtectionLock {
  /** Stable across cycles: `${protection}:${symbol ?? '*'}:${from}`, so each lock is announced once. */
  id: string;
  protection: ProtectionName;
  /** A pair lock blocks entries in `symbol`; an `all` lock blocks every entry. */
  scope: 'pair' | 'all';
  symbol?: string;
  /** UTC ms: the lock runs from `from` (the triggering trade's exit) until `until` (exclusive). */
  from: number;
  until: number;
  reason: string;
}
