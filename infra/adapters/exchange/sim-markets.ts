// The sim venue's markets: a few liquid pairs with realistic precision and limits.
import type { MarketInfo } from '../../../core/exchange/types';

export interface SimAsset {
  base: string;
  startPrice: number;
  /** Mean volume of a 1m candle in an ordinary hour. */
  baseVolume: number;
  /** Scales the generated regimes' drift and volatility (BTC 1: about 2–4 % a day). */
  volatility?: number;
  spot: { amount: number; price: number };
  swap: { amount: number; price: number };
}

export const SIM_ASSETS: SimAsset[] = [
  {
    base: 'BTC',
    startPrice: 60_000,
    baseVolume: 40,
    spot: { amount: 0.00001, price: 0.01 },
    swap: { amount: 0.001, price: 0.1 },
  },
  {
    base: 'ETH',
    startPrice: 3_000,
    baseVolume: 600,
    volatility: 1.2,
    spot: { amount: 0.0001, price: 0.01 },
    swap: { amount: 0.001, price: 0.01 },
  },
  {
    base: 'SOL',
    startPrice: 150,
    baseVolume: 9_000,
    volatility: 1.4,
    spot: { amount: 0.001, price: 0.01 },
    swap: { amount: 0.01, price: 0.001 },
  },
];

export function simMarkets(assets: SimAsset[], quote = 'USDT'): Record<string, MarketInfo> {
  const out: Record<string, MarketInfo> = {};
  for (const a of assets) {
    out[`${a.base}/${quote}`] = {
      symbol: `${a.base}/${quote}`,
      id: `${a.base}${quote}`,
      base: a.base,
      quote,
      type: 'spot',
      active: true,
      precision: { amount: a.spot.amount, price: a.spot.price },
      limits: { amount: { min: a.spot.amount, max: 9_000_000 }, price: { min: a.spot.price }, cost: { min: 5 } },
      maker: 0.001,
      taker: 0.001,
    };
    out[`${a.base}/${quote}:${quote}`] = {
      symbol: `${a.base}/${quote}:${quote}`,
      id: `${a.base}${quote}_PERP`,
      base: a.base,
      quote,
      settle: quote,
      type: 'swap',
      contractSize: 1,
      active: true,
      precision: { amount: a.swap.amount, price: a.swap.price },
      limits: {
        amount: { min: a.swap.amount, max: 1_000_000 },
        price: { min: a.swap.price },
        cost: { min: 5 },
        leverage: { min: 1, max: 125 },
      },
      maker: 0.0002,
      taker: 0.0005,
    };
  }
  return out;
}
