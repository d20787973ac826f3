import { bollingerBreakout } from './builtin/bollinger-breakout';
import { emaCross } from './builtin/ema-cross';
import { macdTrend } from './builtin/macd-trend';
import { rsiReversion } from './builtin/rsi-reversion';
import { supertrendFollow } from './builtin/supertrend-follow';
import type { Strategy } from './strategy';
import { UnknownStrategyError } from './strategy-errors';

export const builtInStrategies: readonly Strategy<any>[] = [
  emaCross,
  rsiReversion,
  bollingerBreakout,
  macdTrend,
  supertrendFollow,
];

export function builtInStrategyIds(): string[] {
  return builtInStrategies.map((s) => s.id);
}

export function getBuiltInStrategy(id: string): Strategy<any> {
  const s = builtInStrategies.find((x) => x.id === id);
  if (!s) throw new UnknownStrategyError(id, builtInStrategyIds());
  return s;
}
