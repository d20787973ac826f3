// A cycle's result once its recording succeeded. The workflow returns it and the record activity
// announces it (the dashboard's decision feed): both build it here, so the two never disagree.
import type { TradingCycleResult } from './trading-contract';

export interface RecordedTotals {
  equity: number;
  realizedPnl: number;
}

export const recordedNote = (r: RecordedTotals) =>
  `recorded: equity ${Math.round(r.equity * 100) / 100}${r.realizedPnl ? `, realized ${Math.round(r.realizedPnl * 100) / 100}` : ''}`;

/** `draft` is the result as it stood before recording (realizedPnl 0, no recording note). */
export function withRecordedTotals(draft: TradingCycleResult, r: RecordedTotals): TradingCycleResult {
  return { ...draft, realizedPnl: r.realizedPnl, reasons: [...draft.reasons, recordedNote(r)] };
}
