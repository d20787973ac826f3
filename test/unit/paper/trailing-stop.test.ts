import { ExchangeError, type ProtectionOrderRequest } from '../../../core/exchange/types';
import {
  createPaperState,
  placeOrder,
  placeProtectionOrder,
  positionsView,
  processCandle,
  setLeverage,
  toOrder,
  type PaperState,
} from '../../../core/paper';
import { candle, CFG, quote, SPOT, SWAP, T0, MIN } from './fixtures';

// Levels are worked out by hand: a trailing stop is checked against a candle with the level it had
// before that candle, and only then moves with the candle's extreme (the backtest engine's rule).
const ctx = (market: typeof SWAP, last: number) => ({ market, cfg: CFG, now: T0 + 30_000, quote: quote(last, 2) });
const onSwap = (state: PaperState, c: ReturnType<typeof candle>) =>
  processCandle(state, c, { market: SWAP, cfg: CFG, timeframeMs: MIN });

function trailing(
  side: 'buy' | 'sell',
  triggerPrice: number,
  trailingPercent: number | undefined,
  symbol = SWAP.symbol,
) {
  const req: ProtectionOrderRequest = {
    symbol,
    kind: 'trailing_stop',
    side,
    amount: 0.1,
    triggerPrice,
    clientOrderId: 'trail',
    reduceOnly: true,
  };
  return trailingPercent === undefined ? req : { ...req, trailingPercent };
}

function withPosition(side: 'buy' | 'sell'): PaperState {
  const s0 = setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 3);
  return placeOrder(
    s0,
    { symbol: SWAP.symbol, side, type: 'market', amount: 0.1, clientOrderId: 'entry' },
    ctx(SWAP, 100_000),
  ).state;
}

function rejection(fn: () => unknown): ExchangeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExchangeError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('paper trailing_stop_market', () => {
  it('a sell trail ratchets with each high after the check, never loosens, then fills like a stop', () => {
    const placed = placeProtectionOrder(withPosition('buy'), trailing('sell', 95_000, 5), ctx(SWAP, 100_000));
    const id = placed.value.id;
    expect(placed.value).toMatchObject({ type: 'trailing_stop_market', triggerPrice: 95_000, trailingPercent: 5 });

    // 96 000 > 95 000: no fill; then 110 000 × 0.95 = 104 500. Moving first would have filled at 104 500.
    const c1 = onSwap(placed.state, candle(1, 100_000, 110_000, 96_000, 108_000));
    expect(c1.fills).toHaveLength(0);
    expect(c1.state.orders[id].triggerPrice).toBeCloseTo(104_500, 6);
    expect(c1.changedOrderIds).toContain(id);

    // 105 000 > 104 500: no fill; 108 000 × 0.95 = 102 600 would loosen it, so it stays.
    const c2 = onSwap(c1.state, candle(2, 108_000, 108_000, 105_000, 106_000));
    expect(c2.fills).toHaveLength(0);
    expect(c2.state.orders[id].triggerPrice).toBeCloseTo(104_500, 6);
    expect(c2.changedOrderIds).not.toContain(id);

    // 104 000 <= 104 500: a market sell at the trigger, with slippage.
    const c3 = onSwap(c2.state, candle(3, 106_000, 106_500, 104_000, 104_200));
    expect(c3.fills.map((f) => f.clientOrderId)).toEqual(['trail']);
    expect(c3.fills[0].price).toBeCloseTo(104_500 * (1 - 0.001), 6);
    expect(c3.fills[0].takerOrMaker).toBe('taker');
    expect(c3.state.orders[id].status).toBe('closed');
    expect(positionsView(c3.state, CFG.maintenanceMarginRate)).toHaveLength(0);
  });

  it('a buy trail (short position) ratchets with the lows; a gap through it fills at the open', () => {
    const placed = placeProtectionOrder(withPosition('sell'), trailing('buy', 105_000, 4), ctx(SWAP, 100_000));
    const id = placed.value.id;
    const c1 = onSwap(placed.state, candle(1, 100_000, 101_000, 90_000, 91_000)); // 90 000 × 1.04 = 93 600
    expect(c1.fills).toHaveLength(0);
    expect(c1.state.orders[id].triggerPrice).toBeCloseTo(93_600, 6);
    const c2 = onSwap(c1.state, candle(2, 95_000, 96_000, 94_000, 95_500)); // opens above 93 600
    expect(c2.fills).toHaveLength(1);
    expect(c2.fills[0].price).toBeCloseTo(95_000 * (1 + 0.001), 6);
    expect(c2.fills[0].realizedPnl).toBeGreaterThan(0);
  });

  it('the candle in progress when the order was placed neither triggers nor moves it', () => {
    const placed = placeProtectionOrder(withPosition('buy'), trailing('sell', 95_000, 5), ctx(SWAP, 100_000));
    const c0 = onSwap(placed.state, candle(0, 100_000, 120_000, 90_000, 100_000));
    expect(c0.fills).toHaveLength(0);
    expect(c0.state.orders[placed.value.id].triggerPrice).toBe(95_000);
  });

  it('fires before a take-profit the same candle touches, which is then canceled as reduce-only', () => {
    const trail = placeProtectionOrder(withPosition('buy'), trailing('sell', 95_000, 5), ctx(SWAP, 100_000));
    const tp = placeProtectionOrder(
      trail.state,
      { ...trailing('sell', 110_000, undefined), kind: 'take_profit', clientOrderId: 'tp' },
      ctx(SWAP, 100_000),
    );
    const both = onSwap(tp.state, candle(1, 100_000, 111_000, 94_000, 100_000));
    expect(both.fills.map((f) => f.clientOrderId)).toEqual(['trail']);
    expect(both.state.orders[tp.value.id].status).toBe('canceled');
  });

  it('is canceled when the position is closed another way, with nothing left to reduce', () => {
    const placed = placeProtectionOrder(withPosition('buy'), trailing('sell', 95_000, 5), ctx(SWAP, 100_000));
    const closed = placeOrder(
      placed.state,
      { symbol: SWAP.symbol, side: 'sell', type: 'market', amount: 0.1, clientOrderId: 'exit', reduceOnly: true },
      ctx(SWAP, 100_000),
    );
    const order = closed.state.orders[placed.value.id];
    expect(order.status).toBe('canceled');
    expect(order.reason).toMatch(/nothing left to reduce/);
    expect(closed.changedOrderIds).toContain(placed.value.id);
  });

  it('a spot trail sells the holdings when triggered', () => {
    const bought = placeOrder(
      createPaperState('USDT', { USDT: 20_000 }),
      { symbol: SPOT.symbol, side: 'buy', type: 'market', amount: 0.1, clientOrderId: 'entry' },
      ctx(SPOT, 100_000),
    );
    const placed = placeProtectionOrder(bought.state, trailing('sell', 97_000, 2, SPOT.symbol), ctx(SPOT, 100_000));
    expect(placed.value.reduceOnly).toBe(false);
    const spot = (s: PaperState, c: ReturnType<typeof candle>) =>
      processCandle(s, c, { market: SPOT, cfg: CFG, timeframeMs: MIN });
    const c1 = spot(placed.state, candle(1, 100_000, 105_000, 99_000, 104_000)); // 105 000 × 0.98 = 102 900
    expect(c1.state.orders[placed.value.id].triggerPrice).toBeCloseTo(102_900, 6);
    const c2 = spot(c1.state, candle(2, 104_000, 104_000, 102_000, 102_500));
    expect(c2.fills[0].price).toBeCloseTo(102_900 * (1 - 0.001), 6);
    expect(c2.state.balances.BTC ?? 0).toBeCloseTo(0, 9);
  });

  it('the order view carries the kind, the distance and the current trigger', () => {
    const placed = placeProtectionOrder(withPosition('buy'), trailing('sell', 95_000, 5), ctx(SWAP, 100_000));
    const moved = onSwap(placed.state, candle(1, 100_000, 102_000, 99_000, 101_000));
    expect(toOrder(moved.state.orders[placed.value.id], 'USDT')).toMatchObject({
      type: 'trailing_stop_market',
      trailingPercent: 5,
      triggerPrice: 96_900,
      status: 'open',
      reduceOnly: true,
    });
  });

  it('rejects a trail without a usable distance, a distance on another kind, and a trigger on the wrong side', () => {
    const state = withPosition('buy');
    for (const bad of [undefined, 0, -2, 51, Number.NaN]) {
      const e = rejection(() => placeProtectionOrder(state, trailing('sell', 95_000, bad), ctx(SWAP, 100_000)));
      expect(e.kind).toBe('invalid_order');
      expect(e.message).toMatch(/trailingPercent must be a percentage > 0 and <= 50/);
    }
    const onStop = rejection(() =>
      placeProtectionOrder(state, { ...trailing('sell', 95_000, 5), kind: 'stop_loss' }, ctx(SWAP, 100_000)),
    );
    expect(onStop.message).toMatch(/trailingPercent applies to trailing_stop orders only/);
    const wrongSide = rejection(() => placeProtectionOrder(state, trailing('sell', 101_000, 5), ctx(SWAP, 100_000)));
    expect(wrongSide.message).toMatch(/would trigger immediately/);
    const flat = rejection(() =>
      placeProtectionOrder(
        setLeverage(createPaperState('USDT', { USDT: 10_000 }), SWAP, 3),
        trailing('sell', 95_000, 5),
        ctx(SWAP, 100_000),
      ),
    );
    expect(flat.message).toMatch(/no long position to protect/);
  });
});
