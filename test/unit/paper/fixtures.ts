import type { MarketInfo, OHLCVRow } from '../../../core/exchange/types';
import { DEFAULT_PAPER_CONFIG, type PaperConfig } from '../../../core/paper';

export const SPOT: MarketInfo = {
  symbol: 'BTC/USDT',
  id: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  type: 'spot',
  active: true,
  precision: { amount: 0.0001, price: 0.01 },
  limits: { amount: { min: 0.0001 }, price: {}, cost: { min: 5 } },
  maker: 0.001,
  taker: 0.002,
};

export const SWAP: MarketInfo = {
  ...SPOT,
  symbol: 'BTC/USDT:USDT',
  id: 'BTCUSDT-PERP',
  settle: 'USDT',
  type: 'swap',
  limits: { ...SPOT.limits, leverage: { min: 1, max: 20 } },
  maker: 0.0002,
  taker: 0.0005,
};

export const CFG: PaperConfig = { ...DEFAULT_PAPER_CONFIG, slippageBps: 10, volumeShare: 0.5 };
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 1);

/** A candle at minute `i` after T0. */
export function candle(i: number, open: number, high: number, low: number, close: number, volume = 1000): OHLCVRow {
  return [T0 + i * MIN, open, high, low, close, volume];
}

export function quote(last: number, spread = 0): { bid: number; ask: number; last: number } {
  return { bid: last - spread / 2, ask: last + spread / 2, last };
}
