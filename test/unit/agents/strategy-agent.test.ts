import { StrategyAgent } from '../../../core/agents/strategy-agent';
import { candleSeriesPrefix } from '../../../core/candles/series';
import { ENTER_LONG } from '../../../core/strategies/advice';
import { adviseAll } from '../../../core/strategies/advise-at';
import { emaCross } from '../../../core/strategies/builtin/ema-cross';
import { buildSeries, HOUR, snapshot, T } from './build-snapshot';

const agent = new StrategyAgent();

describe('StrategyAgent', () => {
  it('turns enter_long into a bullish vote of the advice strength', () => {
    const s = agent.analyze(snapshot({ strategyAdvice: { action: 'enter_long', strength: 0.8, reason: 'EMA cross' } }));
    expect(s).toMatchObject({ agent: 'strategy', direction: 0.8, confidence: 0.8 });
    expect(s.reasoning).toMatch(/entering long.*EMA cross/);
  });

  it('turns enter_short into a bearish vote, using the default strength when ungraded', () => {
    const s = agent.analyze(snapshot({ strategyAdvice: { action: 'enter_short' } }));
    expect(s.direction).toBe(-0.7);
    expect(s.confidence).toBe(0.7);
    const custom = new StrategyAgent({ defaultStrength: 0.4 }).analyze(
      snapshot({ strategyAdvice: { action: 'enter_short' } }),
    );
    expect(custom.direction).toBe(-0.4);
  });

  it('turns exit into a vote against the open position', () => {
    const long = agent.analyze(
      snapshot({
        strategyAdvice: { action: 'exit', strength: 0.9 },
        position: { side: 'long', quantity: 1, entryPrice: 100 },
      }),
    );
    expect(long.direction).toBe(-0.9);
    expect(long.data.exit).toBe('long');
    const short = agent.analyze(
      snapshot({
        strategyAdvice: { action: 'exit', strength: 0.9 },
        position: { side: 'short', quantity: 1, entryPrice: 100 },
      }),
    );
    expect(short.direction).toBe(0.9);
  });

  it('votes flat for exit without a position and for hold', () => {
    const exit = agent.analyze(snapshot({ strategyAdvice: { action: 'exit', strength: 0.6 } }));
    expect(exit).toMatchObject({ direction: 0, confidence: 0.6 });
    expect(exit.reasoning).toMatch(/no position is open/);
    const hold = agent.analyze(snapshot({ strategyAdvice: { action: 'hold', strength: 0.5 } }));
    expect(hold).toMatchObject({ direction: 0, confidence: 0.5 });
    // an ungraded hold is a weak vote: event-based strategies say hold on most candles
    expect(agent.analyze(snapshot({ strategyAdvice: { action: 'hold' } }))).toMatchObject({
      direction: 0,
      confidence: 0.3,
    });
  });

  describe('with a strategy instance (the code the backtester runs)', () => {
    const instance = emaCross.create({ fast: 5, slow: 10, allowShort: false });
    // down for 30 hours, then up: the 5/10 EMA cross happens once, on the way up
    const full = buildSeries(60, HOUR, T, (h) => (h >= 30 ? 100 + (h - 30) : 100 + (30 - h) * 2));
    const crossAt = adviseAll(instance, full).action.indexOf(ENTER_LONG);
    const upTo = (i: number) =>
      snapshot({ time: full.time[i] + HOUR, candles: { '1h': candleSeriesPrefix(full, i + 1) } });
    const withInstance = new StrategyAgent({ instance });

    it('votes long on the crossing candle and weakly flat on the one before', () => {
      expect(crossAt).toBeGreaterThan(30);
      const s = withInstance.analyze(upTo(crossAt));
      expect(s).toMatchObject({ direction: 0.7, confidence: 0.7 });
      expect(s.data).toMatchObject({ advice: 'enter_long', source: 'strategy' });
      expect(withInstance.analyze(upTo(crossAt - 1))).toMatchObject({ direction: 0, confidence: 0.3 });
    });

    it('prefers advice already in the snapshot, and abstains before the warm-up', () => {
      const s = withInstance.analyze({ ...upTo(crossAt), strategyAdvice: { action: 'enter_short' } });
      expect(s.direction).toBe(-0.7);
      expect(s.data.source).toBe('snapshot');
      const early = withInstance.analyze(upTo(5));
      expect(early.confidence).toBe(0);
      expect(early.reasoning).toMatch(/only 6 1h candles, the strategy needs more than 10/);
    });
  });

  it('abstains when the snapshot carries no advice', () => {
    const s = agent.analyze(snapshot());
    expect(s.confidence).toBe(0);
    expect(s.reasoning).toMatch(/no strategy advice/);
    expect(s.data.abstained).toBe(true);
  });

  it('rejects a strength outside 0..1 and an unknown action, naming the field', () => {
    expect(() => agent.analyze(snapshot({ strategyAdvice: { action: 'enter_long', strength: 1.5 } }))).toThrow(
      /strategyAdvice.strength must be within 0..1, got 1.5/,
    );
    expect(() => agent.analyze(snapshot({ strategyAdvice: { action: 'moon' as never } }))).toThrow(
      /unknown strategyAdvice.action "moon"/,
    );
  });
});

describe('StrategyAgent: the desired position on every candle', () => {
  const instance = emaCross.create({ fast: 5, slow: 10, allowShort: false });
  const full = buildSeries(60, HOUR, T, (h) => (h >= 30 ? 100 + (h - 30) : 100 + (30 - h) * 2));
  const crossAt = adviseAll(instance, full).action.indexOf(ENTER_LONG);
  const upTo = (i: number) =>
    snapshot({ time: full.time[i] + HOUR, candles: { '1h': candleSeriesPrefix(full, i + 1) } });
  const agent = new StrategyAgent({ instance });

  it('keeps voting long after the crossing candle, below the entry’s own confidence', () => {
    const after = agent.analyze(upTo(crossAt + 5));
    expect(after.data).toMatchObject({ advice: 'hold', desired: 'long' });
    expect(after.direction).toBe(0.5);
    expect(after.confidence).toBe(0.5);
    expect(after.reasoning).toMatch(/wants to be long since/);
  });

  it('says flat before the strategy ever entered', () => {
    const before = agent.analyze(upTo(crossAt - 1));
    expect(before.data).toMatchObject({ advice: 'hold', desired: 'flat' });
    expect(before.direction).toBe(0);
  });
});
