import path from 'node:path';
import { ema } from '../../../core/indicators/ema';
import { candleSeriesFromCandles } from '../../../core/candles/series';
import {
  adviseAll,
  adviseAt,
  builtInStrategies,
  builtInStrategyIds,
  ENTER_LONG,
  ENTER_SHORT,
  EXIT,
  getBuiltInStrategy,
  HOLD,
  loadStrategyFile,
  numericParamRanges,
  orderForAdvice,
  orderIntentForAdvice,
  ORDER_CLOSE,
  ORDER_NONE,
  ORDER_OPEN_LONG,
  ORDER_OPEN_SHORT,
  ORDER_REVERSE_TO_LONG,
  ORDER_REVERSE_TO_SHORT,
  paramSpace,
  resolveParams,
  resolveStrategy,
} from '../../../core/strategies';
import { randomHlcv } from '../indicators/random-candles';

const walk = (n: number, seed: number) => {
  const c = randomHlcv(n, seed);
  return candleSeriesFromCandles(
    c.close.map((close, i) => ({
      time: i * 60_000,
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close,
      volume: c.volume[i],
    })),
  );
};

describe('registry', () => {
  it('holds the five built-ins', () => {
    expect(builtInStrategyIds()).toEqual([
      'ema-cross',
      'rsi-reversion',
      'bollinger-breakout',
      'macd-trend',
      'supertrend',
    ]);
  });
  it('an unknown id lists the valid ones', () => {
    expect(() => getBuiltInStrategy('ema-crosss')).toThrow(
      /unknown strategy "ema-crosss"; valid strategies: ema-cross, rsi-reversion, bollinger-breakout, macd-trend, supertrend/,
    );
  });
});

describe('parameter schemas carry ranges for the optimizer', () => {
  it.each(builtInStrategies.map((s) => [s.id, s] as const))(
    '%s: every numeric parameter is bounded, defaults inside and valid',
    (_id, s) => {
      const ranges = numericParamRanges(s.paramsSchema);
      expect(ranges.length).toBeGreaterThan(0);
      for (const r of ranges) {
        expect(r.min).toBeLessThan(r.max);
        expect(r.step).toBeGreaterThan(0);
        const d = (s.defaults as Record<string, number>)[r.name];
        expect(d).toBeGreaterThanOrEqual(r.min);
        expect(d).toBeLessThanOrEqual(r.max);
      }
      expect(resolveParams(s, {})).toEqual(s.defaults);
    },
  );

  it('reads min, max, step and integer from zod', () => {
    const s = getBuiltInStrategy('bollinger-breakout');
    expect(paramSpace(s.paramsSchema)).toEqual([
      { kind: 'number', name: 'period', min: 5, max: 100, step: 1, integer: true },
      { kind: 'number', name: 'k', min: 1, max: 4, step: 0.1, integer: false },
      { kind: 'boolean', name: 'allowShort' },
    ]);
  });

  it('errors name the parameter and its range', () => {
    const s = getBuiltInStrategy('ema-cross');
    expect(() => resolveParams(s, { fast: 500 })).toThrow(
      'strategy ema-cross: parameter fast=500 is outside its range 2..200',
    );
    expect(() => resolveParams(s, { fast: 2.5 })).toThrow('parameter fast=2.5 must be an integer in 2..200');
    expect(() => resolveParams(s, { fats: 5 })).toThrow('unknown parameter "fats"; parameters: fast, slow, allowShort');
    expect(() => resolveParams(s, { fast: 30, slow: 20 })).toThrow('parameter fast: fast must be below slow');
    expect(() => resolveParams(s, { allowShort: 'yes' })).toThrow('parameter allowShort must be true or false');
    expect(resolveParams(s, { fast: 5 })).toEqual({ fast: 5, slow: 26, allowShort: false });
  });
});

describe('advice → order translation (shared by backtest, paper and live)', () => {
  it('maps every advice and position', () => {
    const table = [HOLD, ENTER_LONG, ENTER_SHORT, EXIT].map((a) => [-1, 0, 1].map((p) => orderForAdvice(a, p)));
    expect(table).toEqual([
      [ORDER_NONE, ORDER_NONE, ORDER_NONE],
      [ORDER_REVERSE_TO_LONG, ORDER_OPEN_LONG, ORDER_NONE],
      [ORDER_NONE, ORDER_OPEN_SHORT, ORDER_REVERSE_TO_SHORT],
      [ORDER_CLOSE, ORDER_NONE, ORDER_CLOSE],
    ]);
  });
  it('object form for live code', () => {
    expect(orderIntentForAdvice({ action: 'enter_short', stopLossPct: 2 }, 'long')).toEqual({
      close: true,
      open: 'short',
      stopLossPct: 2,
    });
    expect(orderIntentForAdvice({ action: 'exit' }, 'flat')).toEqual({ close: false, open: null });
  });
});

describe('ema-cross', () => {
  it('enters exactly where fast crosses above slow and exits on the opposite cross (against batch ema())', () => {
    const s = walk(600, 77);
    const fast = ema(s.close, 5);
    const slow = ema(s.close, 20);
    const a = adviseAll(getBuiltInStrategy('ema-cross').create({ fast: 5, slow: 20, allowShort: false }), s);
    let entries = 0;
    for (let i = 0; i < s.length; i++) {
      const defined = i >= 20; // slow defined at i−1 and i
      const up = defined && fast[i] > slow[i] && fast[i - 1] <= slow[i - 1];
      const down = defined && fast[i] < slow[i] && fast[i - 1] >= slow[i - 1];
      expect([i, a.action[i]]).toEqual([i, up ? ENTER_LONG : down ? EXIT : HOLD]);
      if (up) entries++;
    }
    expect(entries).toBeGreaterThan(3);
  });
  it('with allowShort the down-cross reverses to short', () => {
    const s = walk(400, 3);
    const a = adviseAll(getBuiltInStrategy('ema-cross').create({ fast: 5, slow: 20, allowShort: true }), s);
    expect(a.action.includes(ENTER_SHORT)).toBe(true);
    expect(a.action.includes(EXIT)).toBe(false);
  });
});

describe('adviseAt (what live trading calls on its rolling window)', () => {
  it.each(builtInStrategies.map((s) => [s.id, s] as const))(
    '%s: equals the backtest advice at every index',
    (_id, s) => {
      const series = walk(150, 11);
      const inst = s.create({ ...s.defaults, allowShort: true });
      const all = adviseAll(inst, series);
      for (let i = 0; i < series.length; i += 7) {
        expect(adviseAt(inst, series, i).action).toBe(['hold', 'enter_long', 'enter_short', 'exit'][all.action[i]]);
      }
    },
  );
});

describe('user strategy files', () => {
  const fixture = path.join(__dirname, 'fixtures', 'my-strategy.ts');
  it('loads a default-exported strategy by path and runs it', () => {
    const s = resolveStrategy(fixture);
    expect(s.id).toBe('three-up');
    const a = adviseAll(s.create(resolveParams(s, { n: 2 })), walk(200, 9));
    const i = a.action.indexOf(ENTER_LONG);
    expect(i).toBeGreaterThan(0);
    expect(a.stopLossPct![i]).toBe(1.5);
  });
  it('clear errors for a missing file and for a file without a strategy', () => {
    expect(() => loadStrategyFile('./nope/missing-strategy.ts')).toThrow(
      'strategy file ./nope/missing-strategy.ts: file not found',
    );
    expect(() => loadStrategyFile(path.join(__dirname, 'fixtures', 'not-a-strategy.ts'))).toThrow(
      /must export \(default or as `strategy`\)/,
    );
  });
});
