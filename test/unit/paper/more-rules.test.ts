import {
  balancesView,
  createPaperState,
  placeOrder,
  placeProtectionOrder,
  positionsView,
  processCandle,
  setLeverage,
} from '../../../core/paper';
import { candle, CFG, MIN, quote, SPOT, SWAP, T0 } from './fixtures';

const ctx = (market: typeof SPOT, last: number, liquidity?: number) => ({
  market,
  cfg: CFG,
  now: T0 + 30_000,
  quote: quote(last, 2),
  liquidity,
});

describe('more fill rules', () => {
  it('fill-or-kill expires without a fill when the candle cannot absorb it all', () => {
    const s0 = createPaperState('USDT', { USDT: 100_000 });
    const r = placeOrder(
      s0,
      { symbol: SPOT.symbol, side: 'buy', type: 'market', amount: 5, clientOrderId: 'f', timeInForce: 'FOK' },
      ctx(SPOT, 100, 4),
    );
    expect(r.value.status).toBe('expired');
    expect(r.fills).toHaveLength(0);
    expect(r.state.balances.USDT).toBe(100_000);
  });

  it('a market remainder the account can no longer pay for is cancelled, not overdrawn', () => {
    const s0 = createPaperState('USDT', { USDT: 1_000 });
    // 9 units at ~100: 4.5 now (liquidity 9 × 0.5), the rest later; then the price triples.
    const r = placeOrder(
      s0,
      { symbol: SPOT.symbol, side: 'buy', type: 'market', amount: 9, clientOrderId: 'm' },
      ctx(SPOT, 100, 9),
    );
    expect(r.value.filled).toBeCloseTo(4.5, 12);
    const later = processCandle(r.state, candle(1, 300, 301, 299, 300, 100), {
      market: SPOT,
      cfg: CFG,
      timeframeMs: MIN,
    });
    const order = later.state.orders[r.value.id];
    expect(order.filled).toBeGreaterThan(4.5); // it bought what the remaining cash allowed
    expect(order.filled).toBeLessThan(9);
    expect(later.state.balances.USDT).toBeGreaterThanOrEqual(0);
    expect(later.state.balances.USDT).toBeLessThan(300 * SPOT.precision.amount * 1.01); // essentially all the cash was used
    const next = processCandle(later.state, candle(2, 300, 301, 299, 300, 100), {
      market: SPOT,
      cfg: CFG,
      timeframeMs: MIN,
    });
    expect(next.state.orders[r.value.id].status).toBe('canceled');
    expect(next.state.orders[r.value.id].reason).toMatch(/insufficient funds at fill time/);
  });

  it('a spot stop-loss sells the holding when the price falls to it', () => {
    const s0 = createPaperState('USDT', { USDT: 0, BTC: 1 });
    const sl = placeProtectionOrder(
      s0,
      {
        symbol: SPOT.symbol,
        kind: 'stop_loss',
        side: 'sell',
        amount: 1,
        triggerPrice: 90,
        clientOrderId: 'sl',
        reduceOnly: true,
      },
      ctx(SPOT, 100),
    );
    const hit = processCandle(sl.state, candle(1, 95, 96, 85, 88), { market: SPOT, cfg: CFG, timeframeMs: MIN });
    expect(hit.fills[0]).toMatchObject({ side: 'sell', amount: 1, takerOrMaker: 'taker' });
    expect(hit.fills[0].price).toBeCloseTo(90 * 0.999, 2);
    expect(hit.state.balances.BTC).toBe(0);
  });

  it('a sell larger than a long flips it into a short at the fill price', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 10);
    const long = placeOrder(
      s0,
      { symbol: SWAP.symbol, side: 'buy', type: 'market', amount: 1, clientOrderId: 'l' },
      ctx(SWAP, 1000),
    );
    const flip = placeOrder(
      long.state,
      { symbol: SWAP.symbol, side: 'sell', type: 'market', amount: 3, clientOrderId: 's' },
      ctx(SWAP, 1100),
    );
    const [pos] = positionsView(flip.state, CFG.maintenanceMarginRate);
    expect(pos.side).toBe('short');
    expect(pos.contracts).toBeCloseTo(2, 12);
    expect(pos.entryPrice).toBe(flip.fills[0].price);
    expect(flip.fills[0].realizedPnl).toBeCloseTo(flip.fills[0].price - long.fills[0].price, 6);
  });

  it('a gap through the liquidation price closes at the open and the shortfall is bad debt, never a negative wallet', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 100 }), SWAP, 20);
    const opened = placeOrder(
      s0,
      { symbol: SWAP.symbol, side: 'buy', type: 'market', amount: 1.9, clientOrderId: 'l' },
      ctx(SWAP, 1000),
    );
    const crash = processCandle(opened.state, candle(1, 500, 510, 490, 500), {
      market: SWAP,
      cfg: CFG,
      timeframeMs: MIN,
    });
    expect(crash.fills[0].price).toBeCloseTo(500, 6);
    expect(crash.state.balances.USDT).toBe(0);
    expect(crash.state.badDebt).toBeGreaterThan(800);
    expect(balancesView(crash.state).USDT.free).toBe(0);
  });
});
