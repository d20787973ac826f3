// The sim venue's quote around a price: a one-basis-point half-spread on the ticker and a synthetic
// book whose depth follows the last closed candle's volume. The sim exchange quotes with it, and the
// pipeline backtest, which models the same venue, fills against it: one quote model, so a backtest
// and a paper session on the same candles see the same prices.
import { priceToPrecision } from '../exchange/precision';
import type { MarketInfo } from '../exchange/types';
import { syntheticBook, type SyntheticBook } from './synthesize';

export interface VenueQuote {
  bid: number;
  ask: number;
  last: number;
}

export function venueQuote(market: MarketInfo, price: number): VenueQuote {
  const half = Math.max(market.precision.price, price * 0.0001);
  return {
    bid: priceToPrecision(market, price - half),
    ask: priceToPrecision(market, price + half),
    last: priceToPrecision(market, price),
  };
}

/** `levels` per side (1..100), depth units of 1/50 of the last closed candle's volume. */
export function venueBook(market: MarketInfo, price: number, lastClosedVolume: number, levels: number): SyntheticBook {
  return syntheticBook(
    price,
    Math.max(1, Math.min(levels, 100)),
    2,
    market.precision.price,
    Math.max(market.precision.amount, lastClosedVolume / 50),
  );
}
