import { OnChainAgent, orderBookImbalance } from '../../../core/agents/onchain-agent';
import { buildSeries, HOUR, snapshot, T } from './build-snapshot';

const agent = new OnChainAgent();
// A snapshot without intelligence names the agent's series missing in one entry.
const NO_INTEL =
  'intelligence (none in the snapshot: defillama.stablecoins.all, blockchain.hash_rate, defillama.tvl.ethereum, defillama.tvl.solana, mempool.fee_fastest)';
/** 1h candles ending at T whose last two closes are `before` then `last`. */
const lastMove = (before: number, last: number) => ({
  '1h': buildSeries(10, HOUR, T, (h) => (h === 0 ? last : before)),
});
const book = {
  bids: [
    [99.9, 10],
    [99.5, 10],
    [90, 1000],
  ] as [number, number][], // the 90 level is outside the 1% band
  asks: [
    [100.1, 2],
    [100.5, 2],
  ] as [number, number][],
};

describe('OnChainAgent', () => {
  it('reads rising open interest with a rising price as new longs (bullish), hand-computed', () => {
    const s = agent.analyze(snapshot({ candles: lastMove(100, 101), openInterest: { current: 1030, previous: 1000 } }));
    const score = Math.tanh(0.03 / 0.02); // OI +3% on a 2% scale
    expect(s.direction).toBeCloseTo(score, 4);
    // only 0.6 of the weight present: 0.6 * (0.3 + 0.5 * |direction|)
    expect(s.confidence).toBeCloseTo(0.6 * (0.3 + 0.5 * score), 4);
    expect(s.reasoning).toMatch(/new longs/);
    expect(s.data.missing).toEqual(['order book', NO_INTEL]);
  });

  it('reads rising open interest with a falling price as new shorts (bearish)', () => {
    const s = agent.analyze(snapshot({ candles: lastMove(100, 99), openInterest: { current: 1030, previous: 1000 } }));
    expect(s.direction).toBeCloseTo(-Math.tanh(1.5), 4);
    expect(s.reasoning).toMatch(/new shorts/);
  });

  it('gives half weight to falling open interest (covering / liquidation) and none to a flat one', () => {
    const covering = agent.analyze(
      snapshot({ candles: lastMove(100, 101), openInterest: { current: 970, previous: 1000 } }),
    );
    expect(covering.direction).toBeCloseTo(0.5 * Math.tanh(1.5), 4);
    expect(covering.reasoning).toMatch(/short covering/);
    const flat = agent.analyze(
      snapshot({ candles: lastMove(100, 101), openInterest: { current: 1001, previous: 1000 } }),
    );
    expect(flat.direction).toBe(0);
    expect(flat.reasoning).toMatch(/flat open interest/);
  });

  it('measures the order-book imbalance within 1% of the mid by quote value', () => {
    const ob = orderBookImbalance(book.bids, book.asks, 0.01)!;
    // bids 99.9*10 + 99.5*10 = 1994 ; asks 100.1*2 + 100.5*2 = 401.2
    expect(ob.bidValue).toBeCloseTo(1994, 9);
    expect(ob.askValue).toBeCloseTo(401.2, 9);
    expect(ob.imbalance).toBeCloseTo((1994 - 401.2) / (1994 + 401.2), 9);
    expect(orderBookImbalance([], book.asks, 0.01)).toBeUndefined();
  });

  it('combines open interest (0.6) and book imbalance (0.4)', () => {
    const s = agent.analyze(
      snapshot({ candles: lastMove(100, 101), openInterest: { current: 1030, previous: 1000 }, orderBook: book }),
    );
    const direction = 0.6 * Math.tanh(1.5) + 0.4 * ((1994 - 401.2) / 2395.2);
    expect(s.direction).toBeCloseTo(direction, 4);
    expect(s.confidence).toBeCloseTo(0.3 + 0.5 * direction, 4);
    expect(s.data.missing).toEqual([NO_INTEL]);
  });

  it('a bid-heavy book alone is bullish, an ask-heavy one bearish', () => {
    const bid = agent.analyze(snapshot({ orderBook: book }));
    expect(bid.direction).toBeGreaterThan(0.6);
    const ask = agent.analyze(
      snapshot({
        orderBook: { bids: book.asks.map(([p, a]) => [200 - p, a]), asks: book.bids.map(([p, a]) => [200 - p, a]) },
      }),
    );
    expect(ask.direction).toBeLessThan(-0.6);
  });

  it('abstains naming what is missing', () => {
    const s = agent.analyze(snapshot());
    expect(s.confidence).toBe(0);
    expect(s.reasoning).toMatch(/missing open interest, order book/);
    const noCandles = agent.analyze(snapshot({ openInterest: { current: 1030, previous: 1000 } }));
    expect(noCandles.confidence).toBe(0);
    expect(noCandles.reasoning).toMatch(/no 1h candles/);
  });

  it('rejects an open interest reading that cannot be divided', () => {
    expect(() =>
      agent.analyze(snapshot({ candles: lastMove(100, 101), openInterest: { current: 10, previous: 0 } })),
    ).toThrow(/openInterest needs previous > 0/);
  });
});
