// The numbers a model may reason from: labelled, at the decision time, computed from the snapshot's
// candles only. A candle after the decision — however wild — must never reach a prompt.
import type { MarketSnapshot } from '../../../core/agents/snapshot';
import { allocateCandleSeries, candleSeriesPrefix, type CandleSeries } from '../../../core/candles';
import { lastPrice, marketFacts, positionFacts, renderFacts, type Fact } from '../../../core/llm/grounded-facts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
const N = 60;

/** N hourly candles: close 100 + i, high close + 1, low close − 1, volume 10 (the last one 20). */
function series(n = N): CandleSeries {
  const s = allocateCandleSeries(n);
  for (let i = 0; i < n; i++) {
    s.time[i] = T0 + i * HOUR;
    s.close[i] = 100 + i;
    s.open[i] = 99.5 + i;
    s.high[i] = 101 + i;
    s.low[i] = 99 + i;
    s.volume[i] = i === n - 1 ? 20 : 10;
  }
  return s;
}

/** A copy of `s` with one more candle after its last: a 10× spike. */
function withSpike(s: CandleSeries): CandleSeries {
  const out = allocateCandleSeries(s.length + 1);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) out[k].set(s[k]);
  const i = s.length;
  const prev = s.close[i - 1];
  out.time[i] = s.time[i - 1] + HOUR;
  out.open[i] = prev;
  out.high[i] = prev * 10;
  out.low[i] = prev;
  out.close[i] = prev * 10;
  out.volume[i] = 1_000;
  return out;
}

const snapshotOf = (s: CandleSeries, over: Partial<MarketSnapshot> = {}): MarketSnapshot => ({
  exchange: 'sim',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  // The decision is at the close of the last candle.
  time: s.time[s.length - 1] + HOUR,
  candles: { '1h': s },
  account: { equity: 10_000, cash: 10_000 },
  ...over,
});

const value = (facts: Fact[], label: string) => facts.find((f) => f.label === label)?.value;

describe('marketFacts', () => {
  const snap = snapshotOf(series());
  const facts = marketFacts(snap);

  it('opens with the decision time as ISO, the symbol and the last close', () => {
    expect(facts.slice(0, 3)).toEqual([
      { label: 'decision time (UTC, candle close)', value: '2026-11-03T12:00:00.000Z' }, // T0 + 60 h
      { label: 'symbol', value: 'BTC/USDT' },
      { label: 'last close', value: 159 },
    ]);
    expect(lastPrice(snap)).toBe(159);
  });

  it('computes each level from the candles, as worked by hand', () => {
    expect(value(facts, '1h candles available')).toBe(60);
    expect(value(facts, '1h return over last 1 candle (%)')).toBe(0.63); // 159 / 158 − 1 = 0.633 %
    expect(value(facts, '1h return over last 20 candles (%)')).toBe(14.39); // 159 / 139 − 1 = 14.388 %
    expect(value(facts, '1h return over last 100 candles (%)')).toBeUndefined(); // 60 candles: not computable, left out
    expect(value(facts, '1h 20-candle high')).toBe(160); // highs of candles 40..59: 141..160
    expect(value(facts, '1h 20-candle low')).toBe(139); // lows: 139..158
    expect(value(facts, '1h last candle volume vs 20-candle average (x)')).toBe(2); // 20 against ten each before
    expect(value(facts, '1h EMA 200')).toBeUndefined(); // 60 candles cannot warm a 200 EMA
    // A steady climb of 1 a candle has only gains: RSI 100.
    expect(value(facts, '1h RSI 14')).toBe(100);
    for (const f of facts) if (typeof f.value === 'number') expect(Number.isFinite(f.value)).toBe(true); // no NaN reaches a prompt
  });

  it('adds the derivatives and the book when the snapshot has them', () => {
    const rich = marketFacts(
      snapshotOf(series(), {
        ticker: { symbol: 'BTC/USDT', timestamp: 0, last: 159, bid: 158.9, ask: 159.1 },
        fundingRate: { fundingRate: 0.0001 },
        openInterest: { current: 1100, previous: 1000 },
        longShortRatio: { longShortRatio: 1.8 },
        orderBook: {
          bids: [
            [158.9, 3],
            [158.8, 3],
          ],
          asks: [[159.1, 2]],
        },
      }),
    );
    expect(value(rich, 'best bid')).toBe(158.9);
    expect(value(rich, 'best ask')).toBe(159.1);
    expect(value(rich, 'funding rate per period (%)')).toBe(0.01);
    expect(value(rich, 'open interest change since previous reading (%)')).toBe(10);
    expect(value(rich, 'long/short account ratio')).toBe(1.8);
    expect(value(rich, 'order book imbalance, top 10 levels (-1 all asks .. 1 all bids)')).toBe(0.5); // (6 − 2) / 8
    expect(value(facts, 'best bid')).toBeUndefined(); // and nothing of them when it has not
  });

  it('reads a candle after the decision nowhere: facts of the original stand after a spike is appended to a copy', () => {
    const original = series();
    const before = marketFacts(snapshotOf(original));
    const later = withSpike(original); // built after the facts, from a copy
    expect(marketFacts(snapshotOf(original))).toEqual(before);
    expect(value(before, '1h 20-candle high')).toBe(160);
    expect(JSON.stringify(before)).not.toMatch(/1590|1591/); // the spike's close and high appear in no fact
    // The spike is visible once the decision time has moved past it: the check above can fail.
    const after = marketFacts(snapshotOf(later));
    expect(value(after, '1h 20-candle high')).toBe(1590);
    expect(value(after, 'last close')).toBe(1590);
  });

  it('reads only up to the decision when the snapshot is a view over a buffer holding later candles', () => {
    // How a backtest hands out its candles: a prefix view of the whole run, the spike just past it.
    const run = withSpike(series());
    const snap = snapshotOf(candleSeriesPrefix(run, N));
    expect(snap.time).toBe(run.time[N]); // the spike opens at the decision time: not closed yet
    const viewed = marketFacts(snap);
    expect(viewed).toEqual(marketFacts(snapshotOf(series())));
    expect(value(viewed, '1h 20-candle high')).toBe(160);
    expect(value(viewed, '1h last candle volume vs 20-candle average (x)')).toBe(2); // not 1,000 / 10
  });

  it('reads each further timeframe with its own label', () => {
    const daily = allocateCandleSeries(2);
    daily.time.set([T0, T0 + 24 * HOUR]);
    daily.close.set([100, 110]);
    daily.high.set([101, 111]);
    daily.low.set([99, 109]);
    const f = marketFacts(snapshotOf(series(), { candles: { '1h': series(), '1d': daily } }));
    expect(value(f, '1d return over last 1 candle (%)')).toBe(10);
    expect(value(f, '1d candles available')).toBe(2);
  });
});

describe('positionFacts', () => {
  it('says when nothing is held, and names the position when it is', () => {
    expect(positionFacts(snapshotOf(series()))).toEqual([{ label: 'open position', value: 'none' }]);
    const held = positionFacts(snapshotOf(series(), { position: { side: 'long', quantity: 0.25, entryPrice: 150 } }));
    expect(held).toEqual([
      { label: 'open position side', value: 'long' },
      { label: 'open position quantity', value: 0.25 },
      { label: 'open position entry price', value: 150 },
    ]);
  });

  it("carries the session strategy's advice, wanted position and reason", () => {
    const f = positionFacts(
      snapshotOf(series(), { strategyAdvice: { action: 'enter_long', desired: 'long', reason: 'EMA cross up' } }),
    );
    expect(f).toContainEqual({ label: "session strategy's advice on this candle", value: 'enter_long' });
    expect(f).toContainEqual({ label: 'position the session strategy wants', value: 'long' });
    expect(f).toContainEqual({ label: "session strategy's reason", value: 'EMA cross up' });
  });
});

describe('renderFacts', () => {
  it('is one labelled line per fact', () => {
    expect(
      renderFacts([
        { label: 'last close', value: 159 },
        { label: 'symbol', value: 'BTC/USDT' },
      ]),
    ).toBe('- last close: 159\n- symbol: BTC/USDT');
  });
});
