// The session's bookkeeping as pure functions over SessionState, so the workflow stays a thin loop
// and the rules (what is due, when a day rolls over, when the loss limit trips) are unit-tested.
import { utcDayStart } from '../core/calendar/utc-day';
import type { ProtectionLock } from '../core/protections/types';
import type { SessionState, TradingCycleResult } from './trading-contract';

/** A new session waits for the next candle close: the last closed one is history when it starts. */
export function initialSessionState(
  symbols: string[],
  venueNowMs: number,
  lastClosedMs: number,
  equity: number,
): SessionState {
  return {
    cyclesRun: 0,
    cyclesBySymbol: Object.fromEntries(symbols.map((s) => [s, 0])),
    lastCandleCloseMs: Object.fromEntries(symbols.map((s) => [s, lastClosedMs])),
    status: 'running',
    dayStartMs: utcDayStart(venueNowMs),
    dayStartEquity: equity,
    realizedPnlToday: 0,
    killSwitchTripped: false,
    flattens: 0,
  };
}

/** Symbols with a closed candle no cycle ran for yet and cycles left under maxCycles. */
export function dueSymbols(state: SessionState, symbols: string[], lastClosedMs: number, maxCycles?: number): string[] {
  return symbols.filter(
    (s) =>
      (state.lastCandleCloseMs[s] ?? 0) < lastClosedMs &&
      (maxCycles === undefined || (state.cyclesBySymbol?.[s] ?? 0) < maxCycles),
  );
}

export function allCyclesDone(state: SessionState, symbols: string[], maxCycles?: number): boolean {
  return maxCycles !== undefined && symbols.every((s) => (state.cyclesBySymbol?.[s] ?? 0) >= maxCycles);
}

/** Marks the candle done for every symbol whether its cycle succeeded or not: a candle never runs twice. */
export function applyRound(
  state: SessionState,
  closeMs: number,
  outcomes: { symbol: string; result?: TradingCycleResult }[],
): SessionState {
  const next: SessionState = {
    ...state,
    lastCandleCloseMs: { ...state.lastCandleCloseMs },
    cyclesBySymbol: { ...state.cyclesBySymbol },
  };
  const lockSets = new Map<string, ProtectionLock[]>();
  let budget: TradingCycleResult['llmBudget'];
  for (const o of outcomes) {
    next.lastCandleCloseMs[o.symbol] = closeMs;
    next.cyclesBySymbol![o.symbol] = (next.cyclesBySymbol![o.symbol] ?? 0) + 1;
    next.cyclesRun += 1;
    if (o.result) {
      next.realizedPnlToday += o.result.realizedPnl;
      const { killSwitch: _k, compensated: _c, realizedPnl: _r, locks, reversalTo, llmBudget, ...summary } = o.result;
      budget ??= llmBudget;
      next.lastDecision = summary;
      if (locks) lockSets.set(o.symbol, locks);
      // A reversal's entry is for the next cycle only: any other outcome drops it.
      const { [o.symbol]: _done, ...pending } = next.pendingEntries ?? {};
      next.pendingEntries = reversalTo ? { ...pending, [o.symbol]: reversalTo } : pending;
    }
  }
  // Spent until a cycle's model calls find budget again (a new day, a raised limit).
  if (budget) next.llmBudget = { ...budget, sinceMs: state.llmBudget?.sinceMs ?? closeMs };
  else if (outcomes.some((o) => o.result)) delete next.llmBudget;
  // Each cycle saw the locks in force at this close; the union, once, is the session's.
  if (lockSets.size) {
    const byId = new Map<string, ProtectionLock>();
    for (const set of lockSets.values()) for (const l of set) if (l.until > closeMs) byId.set(l.id, l);
    next.locks = [...byId.values()].sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
  }
  return next;
}

/** At the first clock read of a new UTC day the daily PnL restarts from the equity then; a kill-switch pause lifts. */
export function rollDay(state: SessionState, venueNowMs: number, equity: number): SessionState {
  const day = utcDayStart(venueNowMs);
  if (day <= state.dayStartMs) return state;
  const liftPause = state.status === 'paused' && state.killSwitchTripped;
  return {
    ...state,
    dayStartMs: day,
    dayStartEquity: equity,
    realizedPnlToday: 0,
    killSwitchTripped: false,
    ...(liftPause ? { status: 'running' as const, pauseReason: undefined } : {}),
  };
}

/** Today's loss, from equity (realized and unrealized), against the daily limit in percent of the day's start equity. */
export function dailyLossBreached(state: SessionState, equity: number, maxDailyLossPct: number): boolean {
  if (!(state.dayStartEquity > 0)) return false;
  return ((state.dayStartEquity - equity) / state.dayStartEquity) * 100 >= maxDailyLossPct;
}

/** Wall ms to wait for the next close: a little past it, never busy-looping, never sleeping blind for long. */
export function waitMs(wallMsUntilNext: number, maxPollMs = 30_000): number {
  return Math.min(maxPollMs, Math.max(5, Math.ceil(wallMsUntilNext) + 2));
}
