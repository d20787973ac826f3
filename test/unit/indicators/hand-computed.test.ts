import {
  adx,
  atr,
  bollinger,
  ema,
  macd,
  obv,
  rsi,
  sma,
  stochastic,
  supertrend,
  vwap,
  wma,
} from '../../../core/indicators';

// Small fixtures worked out by hand (arithmetic shown in comments) pinning the TA-Lib conventions.
const f = (xs: number[]) => Float64Array.from(xs);
const arr = (a: Float64Array) => Array.from(a);

describe('indicator values worked out by hand', () => {
  it('SMA: mean of the last N, first at N-1', () => {
    expect(arr(sma(f([1, 2, 3, 4, 5]), 3))).toEqual([NaN, NaN, 2, 3, 4]);
  });

  it('EMA: seeded with the SMA of the first N, then k = 2/(N+1)', () => {
    // seed (2+4+6)/3 = 4; k = 0.5: 4 + (8−4)/2 = 6; 6 + (12−6)/2 = 9
    expect(arr(ema(f([2, 4, 6, 8, 12]), 3))).toEqual([NaN, NaN, 4, 6, 9]);
  });

  it('WMA: weights 1..N', () => {
    // (1·1 + 2·2 + 3·3)/6 = 14/6; (1·2 + 2·3 + 3·4)/6 = 20/6
    const out = wma(f([1, 2, 3, 4]), 3);
    expect(out[2]).toBeCloseTo(14 / 6, 12);
    expect(out[3]).toBeCloseTo(20 / 6, 12);
  });

  it('RSI: Wilder averages, first value at index N', () => {
    // moves +1 −1 +2 −1, N=2: avg gain/loss 0.5/0.5 → 50; (0.5+2)/2=1.25 vs 0.25 → 83.33…; 0.625/0.625 → 50
    const out = rsi(f([1, 2, 1, 3, 2]), 2);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(50, 12);
    expect(out[3]).toBeCloseTo((100 * 1.25) / 1.5, 12);
    expect(out[4]).toBeCloseTo(50, 12);
    expect(rsi(f([5, 5, 5, 5]), 2)[3]).toBe(0); // TA-Lib: flat price gives 0, not NaN
  });

  it('ATR: mean of the first N true ranges, then Wilder', () => {
    // TR: |11−9|=2, max(2,2,0)=2, max(4, 0, |7−11|=4)=4 → ATR(2): (2+2)/2 = 2, then (2·1 + 4)/2 = 3
    const out = atr(f([10, 11, 12, 11]), f([8, 9, 10, 7]), f([9, 10, 11, 8]), 2);
    expect(arr(out)).toEqual([NaN, NaN, 2, 3]);
  });

  it('MACD: fast EMA starts late so both EMAs begin together (TA-Lib)', () => {
    // fast 2, slow 3, signal 2 on 1,2,4,8,16: slow seed (1+2+4)/3 at i=2; fast seeded (2+4)/2 = 3 at i=2.
    // i=2 line 3 − 7/3 = 2/3; i=3 fast 3+(8−3)·2/3 = 19/3, slow 7/3+(8−7/3)/2 = 31/6 → line 7/6.
    // signal seed (2/3 + 7/6)/2 = 11/12 at i=3, histogram 7/6 − 11/12 = 1/4.
    const m = macd(f([1, 2, 4, 8, 16]), 2, 3, 2);
    expect(m.macd[2]).toBeNaN();
    expect(m.macd[3]).toBeCloseTo(7 / 6, 12);
    expect(m.signal[3]).toBeCloseTo(11 / 12, 12);
    expect(m.histogram[3]).toBeCloseTo(1 / 4, 12);
  });

  it('Bollinger: population standard deviation', () => {
    // window [1,3]: mean 2, population sd 1 (sample sd would be √2)
    const b = bollinger(f([1, 3]), 2, 2);
    expect([b.middle[1], b.upper[1], b.lower[1]]).toEqual([2, 4, 0]);
  });

  it('OBV starts at the first volume and adds/subtracts on up/down closes', () => {
    expect(arr(obv(f([1, 2, 2, 1]), f([10, 20, 30, 40])))).toEqual([10, 30, 30, -10]);
  });

  it('VWAP weights the typical price by volume', () => {
    // tp 10 (vol 1), tp 20 (vol 3): (10 + 60)/4 = 17.5
    expect(arr(vwap(f([11, 21]), f([9, 19]), f([10, 20]), f([1, 3])))).toEqual([10, 17.5]);
  });

  it('Stochastic: fast %K 0..100 over the window; flat range gives 0', () => {
    // K(2,1,1): i=1 window high 12 low 8, close 11 → 75
    const s = stochastic(f([10, 12]), f([8, 9]), f([9, 11]), 2, 1, 1);
    expect(s.k[1]).toBeCloseTo(75, 12);
    expect(s.d[1]).toBeCloseTo(75, 12);
    expect(stochastic(f([5, 5]), f([5, 5]), f([5, 5]), 2, 1, 1).k[1]).toBe(0);
  });

  it('ADX: first value at 2N−1 is the mean of N DX values', () => {
    // steady up-moves: −DM is 0 throughout, so every DX is 100 and so is the ADX.
    const h = f([10, 11, 12, 13, 14, 15]);
    const l = f([9, 10, 11, 12, 13, 14]);
    const c = f([9.5, 10.5, 11.5, 12.5, 13.5, 14.5]);
    const out = adx(h, l, c, 2);
    expect(out[2]).toBeNaN();
    expect(out[3]).toBeCloseTo(100, 12);
    expect(out[5]).toBeCloseTo(100, 12);
  });

  it('SuperTrend flips down when the close breaks the lower band', () => {
    // ATR(1) = true range; up-trend first, then a crash far below hl2 − 1·ATR of the previous bar.
    const s = supertrend(f([10, 10.5, 11, 8]), f([9, 9.5, 10, 5]), f([9.5, 10, 10.5, 5.5]), 1, 1);
    expect(s.direction[1]).toBe(1);
    // i=1: hl2 10, TR max(1, 1, 0) = 1 → lower band 9; i=2: hl2 10.5, TR 1 → 9.5 (tightens up)
    expect(s.line[1]).toBe(9);
    expect(s.line[2]).toBe(9.5);
    // upper band: i=1 11; i=2 11.5 but close 10 stayed below 11 → stays 11;
    // i=3 close 5.5 < previous lower band 9.5 → down-trend; raw upper 6.5 + TR 5.5 = 12, held at 11
    expect(s.direction[3]).toBe(-1);
    expect(s.line[3]).toBe(11);
  });

  it('rejects bad periods with a message naming them', () => {
    expect(() => sma(f([1]), 0)).toThrow('SMA period must be an integer >= 1, got 0');
    expect(() => macd(f([1]), 26, 12, 9)).toThrow(/fast period \(26\) must be below the slow period \(12\)/);
  });
});
