// The generated sim market's history: deterministic, random access by day blocks, valid candles,
// and the regimes a strategy should meet (trends, ranges, volatile stretches, crashes).
import {
  aggregateCandles,
  DAY_MS,
  SIM_EPOCH,
  SIM_REGIMES,
  SimHistory,
  type SimHistoryOptions,
} from '../../../core/sim';

const MIN = 60_000;
const BTC: SimHistoryOptions = { seed: 1, asset: 'BTC', startPrice: 60_000, baseVolume: 40 };
/** Days from the epoch to 2026-12-04, "today" in the brief. */
const HISTORY_DAYS = Math.floor((Date.UTC(2026, 11, 4) - SIM_EPOCH) / DAY_MS);

function dailyCloses(h: SimHistory, days: number): number[] {
  return Array.from({ length: days }, (_, d) => Math.exp(h.day(d).closeLog));
}

describe('SimHistory', () => {
  it('starts at 2024-01-01T00:00:00Z with the start price', () => {
    expect(SIM_EPOCH).toBe(Date.parse('2024-01-01T00:00:00Z'));
    const h = new SimHistory(BTC);
    const c = h.candles(0, 1);
    expect(c.time[0]).toBe(SIM_EPOCH);
    expect(c.open[0]).toBeCloseTo(60_000, 6);
  });

  it('is the same in every instance for a seed, and differs for another seed or asset', () => {
    const from = 700 * 1440 + 333;
    const a = new SimHistory(BTC).candles(from, from + 3000);
    const b = new SimHistory(BTC).candles(from, from + 3000);
    expect(Array.from(a.close)).toEqual(Array.from(b.close));
    expect(Array.from(a.volume)).toEqual(Array.from(b.volume));
    expect(new SimHistory({ ...BTC, seed: 2 }).candles(from, from + 1).close[0]).not.toBe(a.close[0]);
    expect(new SimHistory({ ...BTC, asset: 'ETH' }).candles(from, from + 1).close[0]).not.toBe(a.close[0]);
  });

  it('random access equals sequential generation, whatever the order and the cache', () => {
    const all = new SimHistory(BTC).candles(0, 6 * 1440);
    const h = new SimHistory({ ...BTC, cacheDays: 1 });
    const windows = [
      [5 * 1440 + 17, 6 * 1440],
      [1000, 3 * 1440 + 5],
      [0, 1000],
      [3 * 1440 + 5, 5 * 1440 + 17],
    ];
    for (const [from, to] of windows) {
      const w = h.candles(from, to);
      for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
        expect(Array.from(w[f])).toEqual(Array.from(all[f].subarray(from, to)));
    }
  });

  it('generates only the days a window covers', () => {
    const h = new SimHistory(BTC);
    const from = h.indexAtOrAfter(Date.UTC(2026, 0, 1));
    const rows = h.aggregate(from, from + 1000 * 60, 3_600_000);
    expect(rows).toHaveLength(1000);
    expect(rows[0][0]).toBe(Date.UTC(2026, 0, 1));
    expect(h.generatedDays).toBe(Math.ceil((1000 * 60) / 1440));
  });

  it('streamed aggregation equals aggregating the base candles', () => {
    const h = new SimHistory({ ...BTC, start: SIM_EPOCH + 37 * MIN });
    const base = h.candles(100, 3 * 1440);
    const streamed = h.aggregate(100, 3 * 1440, 3_600_000);
    const s = aggregateCandles(base, MIN, 3_600_000);
    expect(streamed).toEqual(
      Array.from({ length: s.length }, (_, i) => [s.time[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]]),
    );
  });

  it('each day is a bridge from the skeleton open to the skeleton close, continuous across days', () => {
    const h = new SimHistory(BTC);
    for (const d of [0, 1, 2, 100, 101, 400, HISTORY_DAYS - 1]) {
      const block = h.dayBlock(d);
      const s = h.day(d);
      expect(block.open[0]).toBe(Math.exp(s.openLog));
      expect(block.close[block.length - 1]).toBe(Math.exp(s.closeLog));
      expect(block.time[0]).toBe(SIM_EPOCH + d * DAY_MS);
      expect(block.length).toBe(1440);
      if (d > 0) expect(block.open[0]).toBe(h.dayBlock(d - 1).close[1439]);
    }
  });

  it('every candle over two years (sampled) is valid, with occasional gaps inside a day', () => {
    const h = new SimHistory(BTC);
    let gaps = 0;
    let candles = 0;
    const bad: string[] = [];
    for (let d = 0; d < 731; d += 9) {
      const b = h.dayBlock(d);
      for (let i = 0; i < b.length; i++) {
        const [o, hi, lo, c, v] = [b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]];
        const finite = [o, hi, lo, c, v].every((x) => Number.isFinite(x) && x > 0);
        const contiguous = i === 0 || b.time[i] - b.time[i - 1] === MIN;
        if (!finite || !contiguous || hi < Math.max(o, c) || lo > Math.min(o, c)) bad.push(`day ${d} candle ${i}`);
        if (i > 0 && o !== b.close[i - 1]) gaps++;
        candles++;
      }
    }
    expect(bad).toEqual([]);
    expect(gaps).toBeGreaterThan(10);
    expect(gaps / candles).toBeLessThan(0.005);
  });

  it('has every regime, trend stretches, a crash and a deep drawdown, yet stays within sane bounds', () => {
    const h = new SimHistory(BTC);
    const names = new Set<string>();
    const longest: Record<string, number> = {};
    let run = 0;
    let crashMove = 0;
    let worstCrash = 0;
    for (let d = 0; d < HISTORY_DAYS; d++) {
      const s = h.day(d);
      names.add(s.regime.name);
      run = d > 0 && h.day(d - 1).regime === s.regime ? run + 1 : 1;
      longest[s.regime.name] = Math.max(longest[s.regime.name] ?? 0, run);
      crashMove = s.regime.name === 'crash' ? (run === 1 ? 0 : crashMove) + s.closeLog - s.openLog : 0;
      worstCrash = Math.min(worstCrash, crashMove);
    }
    expect([...names].sort()).toEqual(SIM_REGIMES.map((r) => r.name).sort());
    expect(longest.bull).toBeGreaterThanOrEqual(30);
    expect(longest.bear).toBeGreaterThanOrEqual(20);
    expect(worstCrash).toBeLessThan(Math.log(0.85)); // a crash stretch lost more than 15 %
    const closes = dailyCloses(h, HISTORY_DAYS);
    let peak = 0;
    let drawdown = 0;
    for (const c of closes) {
      peak = Math.max(peak, c);
      drawdown = Math.max(drawdown, 1 - c / peak);
    }
    expect(drawdown).toBeGreaterThan(0.3);
    expect(Math.min(...closes)).toBeGreaterThan(60_000 / 10);
    expect(Math.max(...closes)).toBeLessThan(60_000 * 10);
  });

  it('moves like BTC: daily volatility of 2–4 %, more volume in the US session and on big moves', () => {
    const h = new SimHistory(BTC);
    const rets = Array.from({ length: HISTORY_DAYS }, (_, d) => h.day(d).closeLog - h.day(d).openLog);
    const sd = Math.sqrt(rets.reduce((s, r) => s + r * r, 0) / rets.length);
    expect(sd).toBeGreaterThan(0.02);
    expect(sd).toBeLessThan(0.04);
    let us = 0;
    let asia = 0;
    const moves: number[] = [];
    const volumes: number[] = [];
    for (let d = 200; d < 230; d++) {
      const b = h.dayBlock(d);
      for (let i = 0; i < 1440; i++) {
        const hour = Math.floor(i / 60);
        if (hour >= 14 && hour < 17) us += b.volume[i];
        if (hour >= 2 && hour < 5) asia += b.volume[i];
        moves.push(Math.abs(Math.log(b.close[i] / b.open[i])));
        volumes.push(b.volume[i]);
      }
    }
    expect(us / asia).toBeGreaterThan(1.5);
    expect(correlation(moves, volumes)).toBeGreaterThan(0.2);
  });

  it('open interest is positive, moves with price and is the same for any instance', () => {
    const h = new SimHistory(BTC);
    const oi: number[] = [];
    const px: number[] = [];
    for (let d = 0; d < HISTORY_DAYS; d++) {
      const s = h.day(d);
      const t = SIM_EPOCH + d * DAY_MS;
      oi.push(Math.log(h.openInterestAt(t, Math.exp(s.openLog))));
      px.push(s.openLog);
    }
    for (const x of oi) expect(Number.isFinite(x)).toBe(true);
    const dOi = oi.slice(1).map((x, i) => x - oi[i]);
    const dPx = px.slice(1).map((x, i) => x - px[i]);
    expect(correlation(dOi, dPx)).toBeGreaterThan(0.2);
    const t = Date.UTC(2026, 5, 1, 13, 7);
    expect(new SimHistory(BTC).openInterestAt(t, 70_000)).toBe(h.openInterestAt(t, 70_000));
    expect(Math.abs(h.fundingRate(h.closedCount(t)))).toBeLessThanOrEqual(0.0075);
  });
});

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
