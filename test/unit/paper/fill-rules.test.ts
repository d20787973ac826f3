import { ExchangeError } from '../../../core/exchange/types';
import {
  balancesView,
  cancelOrder,
  createPaperState,
  placeOrder,
  placeProtectionOrder,
  positionsView,
  processCandle,
  setLeverage,
  type PaperState,
} from '../../../core/paper';
import { candle, CFG, MIN, quote, SPOT, SWAP, T0 } from './fixtures';

const spotCtx = (last: number, liquidity?: number) => ({
  market: SPOT,
  cfg: CFG,
  now: T0 + 30_000,
  quote: quote(last, 2),
  liquidity,
});
const swapCtx = (last: number, liquidity?: number) => ({
  market: SWAP,
  cfg: CFG,
  now: T0 + 30_000,
  quote: quote(last, 2),
  liquidity,
});
const onSpot = (state: PaperState, c: ReturnType<typeof candle>) =>
  processCandle(state, c, { market: SPOT, cfg: CFG, timeframeMs: MIN });
const onSwap = (state: PaperState, c: ReturnType<typeof candle>, fundingRate?: number) =>
  processCandle(state, c, { market: SWAP, cfg: CFG, timeframeMs: MIN, fundingRate });

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExchangeError) return e.kind;
    throw e;
  }
  return 'no error';
}

describe('market orders', () => {
  it('fill at the ask plus slippage and pay the taker fee', () => {
    const s0 = createPaperState('USDT', { USDT: 20_000 });
    const r = placeOrder(
      s0,
      { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.1, clientOrderId: 'a' },
      spotCtx(100_000),
    );
    const expectedPrice = 100_001 * 1.001; // ask × (1 + 10 bps)
    expect(r.value.status).toBe('closed');
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0].price).toBeCloseTo(expectedPrice, 2);
    expect(r.fills[0].takerOrMaker).toBe('taker');
    expect(r.fills[0].fee).toBeCloseTo(r.fills[0].price * 0.1 * SPOT.taker, 8);
    expect(r.state.balances.BTC).toBeCloseTo(0.1, 12);
    expect(r.state.balances.USDT).toBeCloseTo(20_000 - r.fills[0].price * 0.1 * (1 + SPOT.taker), 6);
    expect(s0.balances.USDT).toBe(20_000); // the input state is not mutated
  });

  it('sell at the bid minus slippage', () => {
    const s0 = createPaperState('USDT', { USDT: 0, BTC: 1 });
    const r = placeOrder(
      s0,
      { symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 0.5, clientOrderId: 'a' },
      spotCtx(100_000),
    );
    expect(r.fills[0].price).toBeCloseTo(99_999 * 0.999, 2);
    expect(r.state.balances.BTC).toBeCloseTo(0.5, 12);
  });

  it('take at most volumeShare of the candle volume; the rest fills on later candles at their open', () => {
    const s0 = createPaperState('USDT', { USDT: 1_000_000 });
    // liquidity 2 BTC × share 0.5 = 1 BTC now; 3 BTC ordered.
    const r = placeOrder(
      s0,
      { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 3, clientOrderId: 'a' },
      spotCtx(100, 2),
    );
    expect(r.value.filled).toBeCloseTo(1, 12);
    expect(r.value.status).toBe('open');
    const c1 = onSpot(r.state, candle(1, 101, 102, 100, 101, 2)); // another 1 BTC
    expect(c1.fills).toHaveLength(1);
    expect(c1.fills[0].price).toBeCloseTo(101 * 1.001, 2);
    expect(c1.state.orders[r.value.id].filled).toBeCloseTo(2, 12);
    const c2 = onSpot(c1.state, candle(2, 103, 104, 102, 103, 10));
    expect(c2.state.orders[r.value.id].status).toBe('closed');
    expect(c2.state.balances.BTC).toBeCloseTo(3, 12);
  });

  it('are rejected when the account cannot pay, naming what is missing', () => {
    const s0 = createPaperState('USDT', { USDT: 100 });
    const order = {
      symbol: 'BTC/USDT',
      side: 'buy' as const,
      type: 'market' as const,
      amount: 0.01,
      clientOrderId: 'a',
    };
    expect(() => placeOrder(s0, order, spotCtx(100_000))).toThrow(/insufficient USDT.*needs/);
    expect(kindOf(() => placeOrder(s0, order, spotCtx(100_000)))).toBe('insufficient_funds');
    expect(kindOf(() => placeOrder(s0, { ...order, side: 'sell' }, spotCtx(100_000)))).toBe('insufficient_funds');
  });

  it('below the minimum amount or notional are rejected with the limit in the message', () => {
    const s0 = createPaperState('USDT', { USDT: 100_000 });
    expect(() =>
      placeOrder(
        s0,
        { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.00001, clientOrderId: 'a' },
        spotCtx(100_000),
      ),
    ).toThrow(/amount 0.00001 rounds to 0 at step 0.0001; the minimum amount is 0.0001 BTC/);
    expect(() =>
      placeOrder(
        s0,
        { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.001, clientOrderId: 'a' },
        spotCtx(1000),
      ),
    ).toThrow(/below the minimum notional 5/);
  });
});

describe('limit orders', () => {
  const buyLimit = {
    symbol: 'BTC/USDT',
    side: 'buy' as const,
    type: 'limit' as const,
    amount: 1,
    price: 95,
    clientOrderId: 'l1',
  };

  it('rest, reserve funds, and fill at their price with the maker fee once the price crosses', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    const r = placeOrder(s0, buyLimit, spotCtx(100));
    expect(r.fills).toHaveLength(0);
    expect(balancesView(r.state).USDT.used).toBeCloseTo(95 * 1.001, 8);
    const touched = onSpot(r.state, candle(1, 100, 101, 95, 99)); // touches 95, does not cross
    expect(touched.fills).toHaveLength(0);
    const crossed = onSpot(touched.state, candle(2, 99, 100, 94, 96));
    expect(crossed.fills).toHaveLength(1);
    expect(crossed.fills[0]).toMatchObject({ price: 95, amount: 1, takerOrMaker: 'maker' });
    expect(crossed.fills[0].fee).toBeCloseTo(95 * SPOT.maker, 10);
    expect(crossed.state.balances.USDT).toBeCloseTo(1000 - 95 * 1.001, 8);
  });

  it('never fill on a candle that opened before the order was placed', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    const r = placeOrder(s0, buyLimit, spotCtx(100)); // placed at T0 + 30 s
    const early = onSpot(r.state, candle(0, 100, 100, 90, 92));
    expect(early.fills).toHaveLength(0);
  });

  it('a marketable limit fills at once as taker, capped at its price', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    const r = placeOrder(s0, { ...buyLimit, price: 120 }, spotCtx(100));
    expect(r.fills[0].takerOrMaker).toBe('taker');
    expect(r.fills[0].price).toBeCloseTo(101 * 1.001, 2);
  });

  it('post-only that would take is rejected; IOC remainder expires', () => {
    const s0 = createPaperState('USDT', { USDT: 100_000 });
    expect(() => placeOrder(s0, { ...buyLimit, price: 120, timeInForce: 'PO' }, spotCtx(100))).toThrow(/post-only/);
    const ioc = placeOrder(s0, { ...buyLimit, price: 120, amount: 10, timeInForce: 'IOC' }, spotCtx(100, 4));
    expect(ioc.value.filled).toBeCloseTo(2, 12);
    expect(ioc.value.status).toBe('expired');
  });

  it('partially fills by volume share and keeps the rest resting', () => {
    const s0 = createPaperState('USDT', { USDT: 100_000 });
    const r = placeOrder(s0, { ...buyLimit, amount: 10 }, spotCtx(100));
    const c1 = onSpot(r.state, candle(1, 96, 97, 90, 96, 8)); // 4 BTC capacity
    expect(c1.fills[0].amount).toBeCloseTo(4, 12);
    expect(c1.state.orders[r.value.id].status).toBe('open');
    expect(balancesView(c1.state).USDT.used).toBeCloseTo(6 * 95 * 1.001, 6);
  });

  it('cancel releases the reservation; cancelling twice says the order is not open', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    const r = placeOrder(s0, buyLimit, spotCtx(100));
    const c = cancelOrder(r.state, r.value.id, T0 + MIN);
    expect(c.value.status).toBe('canceled');
    expect(balancesView(c.state).USDT.free).toBe(1000);
    expect(() => cancelOrder(c.state, r.value.id, T0 + MIN)).toThrow(/canceled, not open/);
    expect(kindOf(() => cancelOrder(c.state, 'paper-999', T0))).toBe('order_not_found');
  });
});

describe('client order ids', () => {
  it('a duplicate clientOrderId is rejected like a venue does', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    const r = placeOrder(
      s0,
      { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90, clientOrderId: 'same' },
      spotCtx(100),
    );
    expect(
      kindOf(() =>
        placeOrder(
          r.state,
          { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 91, clientOrderId: 'same' },
          spotCtx(100),
        ),
      ),
    ).toBe('duplicate_order');
  });
});

describe('perpetual positions', () => {
  const long = (amount: number) => ({
    symbol: SWAP.symbol,
    side: 'buy' as const,
    type: 'market' as const,
    amount,
    clientOrderId: `o${amount}`,
  });

  it('leverage lowers the margin needed; short of margin is insufficient_funds', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    expect(kindOf(() => placeOrder(s0, long(0.05), swapCtx(100_000)))).toBe('insufficient_funds'); // 5000 notional at 1x
    const s1 = setLeverage(s0, SWAP, 10);
    const r = placeOrder(s1, long(0.05), swapCtx(100_000));
    const [pos] = positionsView(r.state, CFG.maintenanceMarginRate);
    expect(pos).toMatchObject({ side: 'long', leverage: 10 });
    expect(pos.contracts).toBeCloseTo(0.05, 12);
    expect(pos.initialMargin).toBeCloseTo((0.05 * r.fills[0].price) / 10, 6);
    expect(() => setLeverage(s1, SWAP, 50)).toThrow(/from 1 to 20, got 50/);
    expect(kindOf(() => setLeverage(s1, SPOT, 2))).toBe('not_supported');
  });

  it('closing realizes PnL into the wallet; a reduce-only without a position is rejected', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 1000 }), SWAP, 5);
    expect(() => placeOrder(s0, { ...long(0.01), side: 'sell', reduceOnly: true }, swapCtx(100_000))).toThrow(
      /no long position to reduce/,
    );
    const opened = placeOrder(s0, long(0.01), swapCtx(100_000));
    const entry = opened.fills[0].price;
    const closed = placeOrder(
      opened.state,
      { ...long(0.01), side: 'sell', reduceOnly: true, clientOrderId: 'close' },
      swapCtx(110_000),
    );
    const exit = closed.fills[0].price;
    expect(closed.fills[0].realizedPnl).toBeCloseTo(0.01 * (exit - entry), 6);
    const fees = opened.fills[0].fee + closed.fills[0].fee;
    expect(closed.state.balances.USDT).toBeCloseTo(1000 + 0.01 * (exit - entry) - fees, 6);
    expect(positionsView(closed.state, CFG.maintenanceMarginRate)).toHaveLength(0);
  });

  it('funding: a long pays a positive rate at each funding time the candle spans, once', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 2);
    const opened = placeOrder(s0, long(0.1), swapCtx(100_000));
    const wallet = opened.state.balances.USDT;
    const eight = 8 * 3_600_000;
    const c = processCandle(opened.state, [T0 + eight - MIN, 100_000, 100_100, 99_900, 100_000, 50], {
      market: SWAP,
      cfg: CFG,
      timeframeMs: MIN,
      fundingRate: 0.0001,
    });
    expect(c.funding).toHaveLength(1);
    expect(c.funding[0].amount).toBeCloseTo(-0.1 * 100_000 * 0.0001, 8);
    expect(c.state.balances.USDT).toBeCloseTo(wallet - 1, 8);
    const again = processCandle(c.state, [T0 + eight, 100_000, 100_100, 99_900, 100_000, 50], {
      market: SWAP,
      cfg: CFG,
      timeframeMs: MIN,
      fundingRate: 0.0001,
    });
    expect(again.funding).toHaveLength(0);
  });

  it('stop-loss triggers on price and cancels the take-profit; stop-loss wins when one candle touches both', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 3);
    const opened = placeOrder(s0, long(0.1), swapCtx(100_000));
    const sl = placeProtectionOrder(
      opened.state,
      {
        symbol: SWAP.symbol,
        kind: 'stop_loss',
        side: 'sell',
        amount: 0.1,
        triggerPrice: 95_000,
        clientOrderId: 'sl',
        reduceOnly: true,
      },
      swapCtx(100_000),
    );
    const tp = placeProtectionOrder(
      sl.state,
      {
        symbol: SWAP.symbol,
        kind: 'take_profit',
        side: 'sell',
        amount: 0.1,
        triggerPrice: 110_000,
        clientOrderId: 'tp',
        reduceOnly: true,
      },
      swapCtx(100_000),
    );
    const quiet = onSwap(tp.state, candle(1, 100_000, 105_000, 96_000, 101_000));
    expect(quiet.fills).toHaveLength(0);
    const both = onSwap(quiet.state, candle(2, 101_000, 111_000, 94_000, 100_000));
    expect(both.fills).toHaveLength(1);
    expect(both.fills[0].clientOrderId).toBe('sl');
    expect(both.fills[0].price).toBeCloseTo(95_000 * 0.999, 1);
    expect(both.state.orders[tp.value.id].status).toBe('canceled');
    expect(positionsView(both.state, CFG.maintenanceMarginRate)).toHaveLength(0);
  });

  it('a gap through the stop fills at the open; a trigger on the wrong side is rejected', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 3);
    const opened = placeOrder(s0, long(0.1), swapCtx(100_000));
    expect(() =>
      placeProtectionOrder(
        opened.state,
        {
          symbol: SWAP.symbol,
          kind: 'stop_loss',
          side: 'sell',
          amount: 0.1,
          triggerPrice: 101_000,
          clientOrderId: 'x',
          reduceOnly: true,
        },
        swapCtx(100_000),
      ),
    ).toThrow(/would trigger immediately/);
    const sl = placeProtectionOrder(
      opened.state,
      {
        symbol: SWAP.symbol,
        kind: 'stop_loss',
        side: 'sell',
        amount: 0.1,
        triggerPrice: 95_000,
        clientOrderId: 'sl',
        reduceOnly: true,
      },
      swapCtx(100_000),
    );
    const gap = onSwap(sl.state, candle(1, 90_000, 91_000, 89_000, 90_500));
    expect(gap.fills[0].price).toBeCloseTo(90_000 * 0.999, 1);
  });

  it('take-profit on a short triggers when the price falls to it', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 3);
    const opened = placeOrder(s0, { ...long(0.1), side: 'sell' }, swapCtx(100_000));
    const tp = placeProtectionOrder(
      opened.state,
      {
        symbol: SWAP.symbol,
        kind: 'take_profit',
        side: 'buy',
        amount: 0.1,
        triggerPrice: 90_000,
        clientOrderId: 'tp',
        reduceOnly: true,
      },
      swapCtx(100_000),
    );
    const hit = onSwap(tp.state, candle(1, 95_000, 96_000, 89_000, 92_000));
    expect(hit.fills[0].clientOrderId).toBe('tp');
    expect(hit.fills[0].realizedPnl).toBeGreaterThan(0);
  });

  it('a position is liquidated when the price reaches its liquidation price; the wallet never goes below zero', () => {
    const s0 = setLeverage(createPaperState('USDT', { USDT: 1000 }), SWAP, 20);
    const opened = placeOrder(s0, long(0.19), swapCtx(100_000));
    const [pos] = positionsView(opened.state, CFG.maintenanceMarginRate);
    const crash = onSwap(opened.state, candle(1, 100_000, 100_000, 80_000, 81_000));
    expect(crash.fills).toHaveLength(1);
    expect(crash.fills[0].price).toBeCloseTo(pos.liquidationPrice!, 0);
    expect(positionsView(crash.state, CFG.maintenanceMarginRate)).toHaveLength(0);
    expect(crash.state.balances.USDT).toBeGreaterThanOrEqual(0);
  });
});

describe('candles', () => {
  it('a candle is applied once: replaying it changes nothing', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    const r = placeOrder(
      s0,
      { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 95, clientOrderId: 'l' },
      spotCtx(100),
    );
    const c1 = onSpot(r.state, candle(1, 96, 97, 90, 96, 1)); // fills 0.5
    const replay = onSpot(c1.state, candle(1, 96, 97, 90, 96, 1));
    expect(replay.fills).toHaveLength(0);
    expect(replay.state).toBe(c1.state);
  });

  it('a malformed candle is an error naming it', () => {
    const s0 = createPaperState('USDT', { USDT: 1000 });
    expect(() => onSpot(s0, candle(1, 100, 90, 95, 96))).toThrow(/malformed candle/);
  });
});
