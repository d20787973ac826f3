// The account as risk sees it, read from the venue: equity, free cash and every open position.
// Spot venues have no positions, only holdings: a held base currency counts as a long position.
import type { Balances, ExchangePlugin, MarketInfo } from '../core/exchange/types';
import type { RiskOpenPosition } from '../core/risk';

export interface AccountPosition extends RiskOpenPosition {
  unrealizedPnl: number;
}

export interface AccountState {
  quote: string;
  equity: number;
  cash: number;
  positions: AccountPosition[];
}

/** Entry prices the venue does not know (spot holdings), e.g. from our open Position rows. */
export type EntryPriceLookup = (symbol: string) => Promise<number | undefined>;

export async function readAccount(
  venue: ExchangePlugin,
  symbol: string,
  prices: Record<string, number>,
  entryPriceOf: EntryPriceLookup = async () => undefined,
): Promise<AccountState> {
  const market = await venue.market(symbol);
  const quote = market.settle ?? market.quote;
  const balances = await venue.fetchBalance();
  const cash = balances[quote]?.free ?? 0;
  const total = balances[quote]?.total ?? 0;
  if (market.type === 'swap') {
    const raw = await venue.fetchPositions();
    const positions = raw
      .filter((p) => p.contracts > 0)
      .map((p) => ({
        symbol: p.symbol,
        side: p.side,
        quantity: p.contracts,
        entryPrice: p.entryPrice,
        markPrice: p.markPrice,
        leverage: p.leverage,
        unrealizedPnl: p.unrealizedPnl,
      }));
    return { quote, cash, equity: total + positions.reduce((s, p) => s + p.unrealizedPnl, 0), positions };
  }
  const positions = await spotHoldings(venue, balances, quote, prices, entryPriceOf);
  return {
    quote,
    cash,
    equity: total + positions.reduce((s, p) => s + p.quantity * (p.markPrice ?? p.entryPrice), 0),
    positions,
  };
}

async function spotHoldings(
  venue: ExchangePlugin,
  balances: Balances,
  quote: string,
  prices: Record<string, number>,
  entryPriceOf: EntryPriceLookup,
): Promise<AccountPosition[]> {
  const markets = await venue.loadMarkets();
  const out: AccountPosition[] = [];
  for (const [currency, b] of Object.entries(balances)) {
    if (currency === quote || !(b.total > 0)) continue;
    const market: MarketInfo | undefined = markets[`${currency}/${quote}`];
    if (!market) continue;
    // Dust below the venue's minimum order cannot be sold: not a position.
    if (b.total < (market.limits.amount.min ?? 0)) continue;
    const mark = prices[market.symbol] ?? (await venue.fetchTicker(market.symbol)).last;
    const entry = (await entryPriceOf(market.symbol)) ?? mark;
    out.push({
      symbol: market.symbol,
      side: 'long',
      quantity: b.total,
      entryPrice: entry,
      markPrice: mark,
      leverage: 1,
      unrealizedPnl: (mark - entry) * b.total,
    });
  }
  return out;
}
