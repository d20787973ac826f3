import { MarketAgent } from '../../../core/agents/market-agent';
import { buildSeries, HOUR, snapshot, T, trending } from './build-snapshot';

const agent = new MarketAgent();
const hourly = (f: (h: number, i: number) => number, range?: (i: number) => number) =>
  buildSeries(200, HOUR, T, f, range);
const fourHourly = (f: (h: number, i: number) => number) => buildSeries(80, 4 * HOUR, T, f);

describe('MarketAgent', () => {
  it('reads a steady uptrend on 1h and 4h as bullish with the numbers in its reasoning', () => {
    const s = agent.analyze(
      snapshot({ candles: { '1h': hourly(trending(0.003)), '4h': fourHourly(trending(0.003)) } }),
    );
    expect(s.agent).toBe('market');
    expect(s.direction).toBeGreaterThan(0.4);
    expect(s.confidence).toBeGreaterThan(0.4);
    expect(s.data.higherTimeframe).toBe('4h');
    expect(s.data.trendMain as number).toBeGreaterThan(0);
    expect(s.data.trendHigher as number).toBeGreaterThan(0);
    expect(s.data.rsi as number).toBeGreaterThan(55);
    expect(s.reasoning).toMatch(/bullish/);
    expect(s.reasoning).toMatch(/RSI14 \d+\.\d/);
  });

  it('reads the mirrored downtrend as bearish', () => {
    const s = agent.analyze(
      snapshot({ candles: { '1h': hourly(trending(-0.003)), '4h': fourHourly(trending(-0.003)) } }),
    );
    expect(s.direction).toBeLessThan(-0.4);
    expect(s.confidence).toBeGreaterThan(0.4);
    expect(s.data.rsi as number).toBeLessThan(45);
    expect(s.reasoning).toMatch(/bearish/);
  });

  it('reads a flat, alternating market as neutral with little confidence', () => {
    const flat = (_h: number, i: number) => (i % 2 === 0 ? 100 : 100.5);
    const s = agent.analyze(snapshot({ candles: { '1h': hourly(flat), '4h': fourHourly(flat) } }));
    expect(Math.abs(s.direction)).toBeLessThan(0.1);
    expect(s.confidence).toBeLessThan(0.2);
    expect(s.reasoning).toMatch(/neutral/);
  });

  it('is less confident when the higher timeframe disagrees', () => {
    const agree = agent.analyze(
      snapshot({ candles: { '1h': hourly(trending(0.003)), '4h': fourHourly(trending(0.003)) } }),
    );
    const disagree = agent.analyze(
      snapshot({ candles: { '1h': hourly(trending(0.003)), '4h': fourHourly(trending(-0.003)) } }),
    );
    expect(disagree.data.trendHigher as number).toBeLessThan(0);
    expect(disagree.confidence).toBeLessThan(agree.confidence - 0.2);
    expect(disagree.direction).toBeLessThan(agree.direction);
  });

  it('uses the main timeframe alone when no higher one is present, and says so', () => {
    const s = agent.analyze(snapshot({ candles: { '1h': hourly(trending(0.003)) } }));
    expect(s.data.higherTimeframe).toBeNull();
    expect(s.reasoning).toMatch(/no higher timeframe/);
    expect(s.direction).toBeGreaterThan(0.4);
  });

  it('marks a volatility spike as the high regime and lowers its confidence', () => {
    const calm = agent.analyze(snapshot({ candles: { '1h': hourly(trending(0.003)) } }));
    const spiky = agent.analyze(
      snapshot({ candles: { '1h': hourly(trending(0.003), (i) => (i >= 190 ? 0.03 : 0.002)) } }),
    );
    expect(calm.data.volatilityRegime).not.toBe('high');
    expect(spiky.data.volatilityRegime).toBe('high');
    expect(spiky.data.atrPercentile as number).toBeGreaterThanOrEqual(0.8);
    expect(spiky.confidence).toBeLessThan(calm.confidence);
  });

  it('abstains with the reason when there are too few candles or none for the main timeframe', () => {
    const few = agent.analyze(snapshot({ candles: { '1h': buildSeries(30, HOUR, T, trending(0.003)) } }));
    expect(few.confidence).toBe(0);
    expect(few.direction).toBe(0);
    expect(few.reasoning).toMatch(/only 30 1h candles, needs 55/);
    const none = agent.analyze(snapshot({ candles: { '4h': fourHourly(trending(0.003)) } }));
    expect(none.confidence).toBe(0);
    expect(none.reasoning).toMatch(/no candles for the main timeframe 1h/);
  });

  it('refuses a snapshot holding a candle that closes after the decision time (lookahead)', () => {
    const s = buildSeries(200, HOUR, T + HOUR, trending(0.003));
    expect(() => agent.analyze(snapshot({ candles: { '1h': s } }))).toThrow(/lookahead/);
    const h4 = buildSeries(80, 4 * HOUR, T + 2 * HOUR, trending(0.003));
    expect(() => agent.analyze(snapshot({ candles: { '1h': hourly(trending(0.003)), '4h': h4 } }))).toThrow(
      /candles\["4h"\].*lookahead/,
    );
  });

  it('rejects a configuration whose fast EMA is not shorter than the slow one', () => {
    expect(() => new MarketAgent({ fastEma: 50, slowEma: 20 })).toThrow(
      /fastEma \(50\) must be shorter than slowEma \(20\)/,
    );
  });
});
