// A baseline entry that every hard rule and sizing rule passes at full size, so each test changes one
// thing: equity 10,000, price 100 → the 10% cap is 1,000 notional = 10 units.
import type { RiskInput } from '../../../core/risk/risk-types';

export function baseInput(overrides: Partial<RiskInput> = {}): RiskInput {
  return {
    decision: { action: 'BUY', confidence: 0.8 },
    symbol: 'BTC/USDT',
    account: { equity: 10_000, cash: 10_000, dayStartEquity: 10_000, realizedPnlToday: 0, unrealizedPnlToday: 0 },
    openPositions: [],
    price: 100,
    atr: 1, // 1% of price: one ATR on 5,000 notional is 0.5% of equity, far above the cap
    strategyStats: { winRate: 0.6, payoffRatio: 2, tradeCount: 50 }, // half-Kelly 20%: above the cap
    ...overrides,
  };
}

export const pos = (symbol: string, side: 'long' | 'short', quantity: number, entryPrice = 100) => ({
  symbol,
  side,
  quantity,
  entryPrice,
});
