// Property tests: whatever sequence of orders and candles the account sees, its books stay sound.
import fc from 'fast-check';
import { ExchangeError, type MarketInfo, type OHLCVRow } from '../../../core/exchange/types';
import {
  balancesView,
  cancelOrder,
  createPaperState,
  placeOrder,
  placeProtectionOrder,
  processCandle,
  setLeverage,
  type PaperFillEvent,
  type PaperResult,
  type PaperState,
} from '../../../core/paper';
import { availableQuote } from '../../../core/paper/account';
import { CFG, MIN, SPOT, SWAP, T0 } from './fixtures';

type Op =
  | { kind: 'market'; side: 'buy' | 'sell'; amount: number; reduceOnly: boolean }
  | { kind: 'limit'; side: 'buy' | 'sell'; amount: number; offset: number }
  | { kind: 'protect'; stop: boolean; trail: boolean; offset: number; amount: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'leverage'; value: number }
  | { kind: 'candle'; move: number; range: number; volume: number; funding: number };

const side = fc.constantFrom('buy' as const, 'sell' as const);
const amount = fc.double({ min: 0.0001, max: 3, noNaN: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('market' as const), side, amount, reduceOnly: fc.boolean() }),
  fc.record({
    kind: fc.constant('limit' as const),
    side,
    amount,
    offset: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('protect' as const),
    stop: fc.boolean(),
    trail: fc.boolean(),
    offset: fc.double({ min: 0.001, max: 0.1, noNaN: true }),
    amount,
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('leverage' as const), value: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('candle' as const),
    move: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
    range: fc.double({ min: 0, max: 0.1, noNaN: true }),
    volume: fc.double({ min: 0, max: 20, noNaN: true }),
    funding: fc.double({ min: -0.003, max: 0.003, noNaN: true }),
  }),
);

interface Run {
  state: PaperState;
  fills: PaperFillEvent[];
  price: number;
  minute: number;
}

function step(run: Run, market: MarketInfo, o: Op): PaperResult<unknown> | PaperState | undefined {
  const now = T0 + run.minute * MIN + 1;
  const ctx = {
    market,
    cfg: CFG,
    now,
    quote: { bid: run.price * 0.9995, ask: run.price * 1.0005, last: run.price },
    liquidity: 5,
  };
  const clientOrderId = `c${run.minute}-${Object.keys(run.state.orders).length}-${run.fills.length}`;
  switch (o.kind) {
    case 'market':
      return placeOrder(
        run.state,
        {
          symbol: market.symbol,
          side: o.side,
          type: 'market',
          amount: o.amount,
          reduceOnly: market.type === 'swap' && o.reduceOnly,
          clientOrderId,
        },
        ctx,
      );
    case 'limit':
      return placeOrder(
        run.state,
        {
          symbol: market.symbol,
          side: o.side,
          type: 'limit',
          amount: o.amount,
          price: run.price * (1 + o.offset),
          clientOrderId,
        },
        ctx,
      );
    case 'protect': {
      const p = run.state.positions[market.symbol];
      const closeSide = market.type === 'spot' || !p || p.contracts > 0 ? 'sell' : 'buy';
      const below = o.stop === (closeSide === 'sell');
      const triggerPrice = run.price * (below ? 1 - o.offset : 1 + o.offset);
      const trailing = o.stop && o.trail;
      return placeProtectionOrder(
        run.state,
        {
          symbol: market.symbol,
          kind: trailing ? 'trailing_stop' : o.stop ? 'stop_loss' : 'take_profit',
          side: closeSide,
          amount: o.amount,
          triggerPrice,
          ...(trailing ? { trailingPercent: o.offset * 100 } : {}),
          clientOrderId,
          reduceOnly: true,
        },
        ctx,
      );
    }
    case 'cancel': {
      const open = Object.values(run.state.orders).filter((x) => x.status === 'open');
      if (open.length === 0) return undefined;
      return cancelOrder(run.state, open[o.pick % open.length].id, now);
    }
    case 'leverage':
      return market.type === 'swap' ? setLeverage(run.state, market, o.value) : undefined;
    case 'candle': {
      run.minute += 1;
      const open = run.price;
      const close = Math.max(1, open * (1 + o.move));
      const high = Math.max(open, close) * (1 + o.range);
      const low = Math.min(open, close) * (1 - o.range);
      const c: OHLCVRow = [T0 + run.minute * MIN, open, high, low, close, o.volume];
      run.price = close;
      return processCandle(run.state, c, { market, cfg: CFG, timeframeMs: MIN, fundingRate: o.funding });
    }
  }
}

function execute(
  market: MarketInfo,
  initial: Record<string, number>,
  ops: Op[],
  check: (run: Run, last: Op) => void,
): void {
  const run: Run = { state: createPaperState('USDT', initial), fills: [], price: 100, minute: 0 };
  for (const o of ops) {
    let out: ReturnType<typeof step>;
    try {
      out = step(run, market, o);
    } catch (e) {
      if (e instanceof ExchangeError && e.kind !== 'exchange') continue; // a rejection, as a venue would
      throw e;
    }
    if (out === undefined) continue;
    if ('state' in out && 'fills' in out) {
      run.state = out.state;
      run.fills.push(...out.fills);
    } else {
      run.state = out as PaperState;
    }
    check(run, o);
  }
}

const RUNS = { numRuns: 300 };

describe('paper account invariants', () => {
  it.each([
    ['spot', SPOT, { USDT: 60, BTC: 1 }],
    ['swap', SWAP, { USDT: 60 }],
  ] as const)('%s: balances never go negative', (_name, market, initial) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        execute(market, initial, ops, (run) => {
          for (const [currency, total] of Object.entries(run.state.balances)) {
            if (total < -1e-9) throw new Error(`wallet ${currency} went negative: ${total}`);
          }
          if (market.type === 'spot' && run.state.badDebt !== 0)
            throw new Error(`spot account wrote off ${run.state.badDebt}`);
          for (const b of Object.values(balancesView(run.state))) {
            if (b.free < 0 || b.used < -1e-9)
              throw new Error(`balance ${b.currency} negative: free ${b.free} used ${b.used}`);
          }
        });
      }),
      RUNS,
    );
  });

  it.each([
    ['spot', SPOT, { USDT: 60, BTC: 1 }],
    ['swap', SWAP, { USDT: 60 }],
  ] as const)('%s: every fill pays its fee at the maker or taker rate', (_name, market, initial) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        execute(market, initial, ops, (run) => {
          for (const f of run.fills) {
            const rate = f.takerOrMaker === 'taker' ? market.taker : market.maker;
            expect(f.amount).toBeGreaterThan(0);
            expect(f.fee).toBeGreaterThan(0);
            expect(Math.abs(f.fee - f.price * f.amount * rate)).toBeLessThan(1e-9 * Math.max(1, f.fee));
          }
        });
      }),
      RUNS,
    );
  });

  it('swap: the wallet is only ever written off by a liquidation', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        execute(SWAP, { USDT: 60 }, ops, (run) => {
          const liquidated = run.fills.some((f) => f.clientOrderId.startsWith('liquidation-'));
          if (!liquidated) expect(run.state.badDebt).toBe(0);
        });
      }),
      RUNS,
    );
  });

  it('swap: an accepted order or leverage change never commits more margin than the account has', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        execute(SWAP, { USDT: 60 }, ops, (run, last) => {
          if (last.kind !== 'candle') expect(availableQuote(run.state)).toBeGreaterThanOrEqual(-1e-9);
        });
      }),
      RUNS,
    );
  });

  it.each([
    ['spot', SPOT, { USDT: 60, BTC: 1 }],
    ['swap', SWAP, { USDT: 600 }],
  ] as const)('%s: a trailing stop never loosens while open', (_name, market, initial) => {
    // Every run starts protected by a trail that a rising candle moves, then goes random.
    const start: Op[] = [
      { kind: 'market', side: 'buy', amount: 0.3, reduceOnly: false },
      { kind: 'protect', stop: true, trail: true, offset: 0.05, amount: 0.3 },
      { kind: 'candle', move: 0.05, range: 0.01, volume: 10, funding: 0 },
    ];
    let trailed = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const seen = new Map<string, number>();
        execute(market, initial, [...start, ...ops], (run) => {
          for (const o of Object.values(run.state.orders)) {
            if (o.type !== 'trailing_stop_market' || o.status !== 'open') continue;
            const before = seen.get(o.id);
            if (before !== undefined) {
              if (o.side === 'sell') expect(o.triggerPrice!).toBeGreaterThanOrEqual(before);
              else expect(o.triggerPrice!).toBeLessThanOrEqual(before);
              if (o.triggerPrice !== before) trailed++;
            }
            seen.set(o.id, o.triggerPrice!);
          }
        });
      }),
      RUNS,
    );
    expect(trailed).toBeGreaterThanOrEqual(RUNS.numRuns);
  });

  it('swap: the position size equals the signed sum of its fills', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        execute(SWAP, { USDT: 60 }, ops, (run) => {
          const sum = run.fills.reduce((acc, f) => acc + (f.side === 'buy' ? f.amount : -f.amount), 0);
          const size = run.state.positions[SWAP.symbol]?.contracts ?? 0;
          expect(Math.abs(size - sum)).toBeLessThan(1e-9);
        });
      }),
      RUNS,
    );
  });

  it('spot: the base holding equals the initial holding plus the signed sum of its fills', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        execute(SPOT, { USDT: 60, BTC: 1 }, ops, (run) => {
          const sum = run.fills.reduce((acc, f) => acc + (f.side === 'buy' ? f.amount : -f.amount), 0);
          expect(Math.abs((run.state.balances.BTC ?? 0) - (1 + sum))).toBeLessThan(1e-9);
        });
      }),
      RUNS,
    );
  });
});
