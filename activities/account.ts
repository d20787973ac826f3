// The session account's state for status views and the daily-loss baseline.
import type { Repositories } from '../infra/adapters/db';
import { readAccount, type AccountState } from './account-state';
import type { ActivityDeps } from './deps';
import { exchangeCall } from './exchange-failure';
import type { ExecutedOrder, SessionVenueRef } from './execution';
import { syncProtectionFills } from './protection-sync';

export function createAccountActivities(
  deps: ActivityDeps,
  repos: Pick<Repositories, 'orders' | 'trades' | 'positions'>,
) {
  return {
    /** Equity, free cash and open positions of the session's account (priced on `symbol`'s market's quote). */
    async readSessionAccount(r: SessionVenueRef & { symbol: string }): Promise<AccountState> {
      return exchangeCall(async () => {
        const venue = await deps.venues.forSession(r);
        const ticker = await venue.fetchTicker(r.symbol);
        return readAccount(venue, r.symbol, { [r.symbol]: ticker.last }, async (symbol) => {
          const row = await repos.positions.openPosition(r.sessionId, symbol);
          return row ? row.entryPrice : undefined;
        });
      });
    },

    /**
     * Records stops / take-profits of the session on `symbol` that fired on the venue, closes the trades
     * they ended and cancels their twins. `realizedPnl` counts only what this call closed.
     */
    async syncProtectionOrders(
      r: SessionVenueRef & { symbol: string },
    ): Promise<{ fired: ExecutedOrder[]; realizedPnl: number }> {
      return exchangeCall(async () => syncProtectionFills(repos, await deps.venues.forSession(r), r, new Date()));
    },
  };
}
