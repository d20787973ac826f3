import type { PositionSide } from '../exchange/types';

/** Stop-loss and take-profit prices for a new position at `price`, from percentage distances. */
export function protectionLevels(
  side: PositionSide,
  price: number,
  stopLossPct: number,
  takeProfitPct: number,
): { stopLoss: number; takeProfit: number } {
  const sl = stopLossPct / 100;
  const tp = takeProfitPct / 100;
  return side === 'long'
    ? { stopLoss: price * (1 - sl), takeProfit: price * (1 + tp) }
    : { stopLoss: price * (1 + sl), takeProfit: Math.max(0, price * (1 - tp)) };
}
