// The account as risk sees it, read from the venue (the rules are core/risk/account-view's).
import type { Balances, ExchangePlugin, MarketInfo } from '../core/exchange/types';
import {
  marginAccount,
  spotAccount,
  spotHolding,
  type AccountPosition,
  type AccountView,
} from '../core/risk/account-view';

export type { AccountPosition } from '../core/risk/account-view';

export interface AccountState extends AccountView {
  quote: string;
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
  if (market.type === 'swap') return { quote, ...marginAccount(balances, quote, await venue.fetchPositions()) };
  return { quote, ...spotAccount(balances, quote, await spotHoldings(venue, balances, quote, prices, entryPriceOf)) };
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
    if (!market || b.total < (market.limits.amount.min ?? 0)) continue;
    const mark = prices[market.symbol] ?? (await venue.fetchTicker(market.symbol)).last;
    const holding = spotHolding(market, b.total, mark, (await entryPriceOf(market.symbol)) ?? mark);
    if (holding) out.push(holding);
  }
  return out;
}
