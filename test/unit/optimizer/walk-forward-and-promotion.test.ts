import { parseEvolutionRequest } from '../../../core/optimizer/evolution-request';
import { computeFitness, DEFAULT_FITNESS, INVALID_FITNESS, oosFitness } from '../../../core/optimizer/fitness';
import { livePerformance } from '../../../core/optimizer/live-performance';
import { decidePromotion, DEFAULT_PROMOTION_RULE } from '../../../core/optimizer/promotion';
import { trailingPlan, walkForwardPlan } from '../../../core/optimizer/walk-forward';

const DAY = 86_400_000;

describe('walk-forward windows', () => {
  it('splits the out-of-sample period into consecutive, non-overlapping windows that cover it exactly', () => {
    const p = walkForwardPlan(0, 100 * DAY, 130 * DAY, 3);
    expect(p.train).toEqual({ from: 0, to: 100 * DAY });
    expect(p.oos).toEqual([
      { from: 100 * DAY, to: 110 * DAY },
      { from: 110 * DAY, to: 120 * DAY },
      { from: 120 * DAY, to: 130 * DAY },
    ]);
  });

  it('rejects empty or inverted windows and impossible counts, naming them', () => {
    expect(() => walkForwardPlan(10, 10, 20, 1)).toThrow(/training window is empty or inverted/);
    expect(() => walkForwardPlan(20, 10, 30, 1)).toThrow(/training window is empty or inverted/);
    expect(() => walkForwardPlan(0, 10, 5, 1)).toThrow(/out-of-sample window is empty or inverted/);
    expect(() => walkForwardPlan(0, 10, 20, 0)).toThrow(/windows must be an integer >= 1/);
    expect(() => walkForwardPlan(NaN, 10, 20, 1)).toThrow(/train-from is not a valid time/);
  });

  it('a trailing plan ends at the last whole candle before now', () => {
    const now = Date.UTC(2026, 10, 26, 2, 30);
    const p = trailingPlan(now, 30, 10, 2, 3_600_000);
    expect(p.oos[1].to).toBe(Date.UTC(2026, 10, 26, 2));
    expect(p.train.to).toBe(Date.UTC(2026, 10, 16, 2));
    expect(p.train.from).toBe(Date.UTC(2026, 9, 17, 2));
  });
});

describe('fitness', () => {
  const m = { sharpe: 1.5, maxDrawdownPct: 20, totalReturnPct: 30, calmar: 1.2, trades: 10 };
  it('default: Sharpe minus the drawdown penalty', () => {
    expect(computeFitness(m)).toBeCloseTo(1.5 - 2 * 0.2, 12);
    expect(computeFitness(m, { ...DEFAULT_FITNESS, ddPenalty: 0 })).toBe(1.5);
  });
  it('configurable kinds', () => {
    expect(computeFitness(m, { ...DEFAULT_FITNESS, kind: 'sharpe' })).toBe(1.5);
    expect(computeFitness(m, { ...DEFAULT_FITNESS, kind: 'return' })).toBeCloseTo(0.3, 12);
    expect(computeFitness(m, { ...DEFAULT_FITNESS, kind: 'calmar' })).toBe(1.2);
  });
  it('too few trades is invalid in training but scored out of sample', () => {
    const idle = { ...m, trades: 0, sharpe: 0, maxDrawdownPct: 0 };
    expect(computeFitness(idle)).toBe(INVALID_FITNESS);
    expect(computeFitness(idle, oosFitness(DEFAULT_FITNESS, 'oos'))).toBe(0);
  });
});

describe('promotion rule', () => {
  const w = (fitness: number, sharpe = fitness) => ({ fitness, sharpe });
  it('promotes a clear, consistent, significant winner', () => {
    const d = decidePromotion([w(3), w(2.5)], [w(0.5), w(0.2)], 1);
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/beats the current version's 0\.350 by more than 0\.5 and wins 2 of 2/);
  });
  it('keeps the current version: below the margin', () => {
    expect(decidePromotion([w(1), w(1)], [w(0.8), w(0.8)], 1).reason).toMatch(
      /does not beat the current version's 0\.800 by the margin 0\.5/,
    );
  });
  it('keeps the current version: only losing less', () => {
    expect(decidePromotion([w(-0.1), w(-0.1)], [w(-2), w(-2)], 1).reason).toMatch(/below the minimum 0\.5/);
  });
  it('keeps the current version: loses a window', () => {
    expect(decidePromotion([w(5), w(0.6)], [w(0), w(1)], 1).reason).toMatch(/only 1 of 2 out-of-sample windows/);
  });
  it('keeps the current version: a short period is indistinguishable from luck', () => {
    const d = decidePromotion([w(2.5), w(2.5)], [w(0), w(0)], 0.25);
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(/significance 1\.250 .* below 2: indistinguishable from luck/);
  });
  it('needs matching windows', () => {
    expect(() => decidePromotion([w(1)], [], 1, DEFAULT_PROMOTION_RULE)).toThrow(/same non-zero number/);
  });
});

describe('live performance from recorded trades', () => {
  it('win rate, total pnl, drawdown of compounded returns, Sharpe', () => {
    const day = DAY;
    const p = livePerformance([
      { pnl: 10, pnlPercent: 10, closedAt: 3 * day },
      { pnl: -20, pnlPercent: -20, closedAt: 1 * day },
      { pnl: 5, pnlPercent: 5, closedAt: 2 * day },
    ]);
    expect(p.trades).toBe(3);
    expect(p.winRatePct).toBeCloseTo(200 / 3, 10);
    expect(p.totalPnl).toBe(-5);
    // Sorted by close: −20 %, +5 %, +10 %: the only fall is the first trade from the start.
    expect(p.maxDrawdownPct).toBeCloseTo(20, 10);
    // Mean −1.67 %, sample std 15.9 %, two trades over two days ⇒ 365 a year.
    const r = [-0.2, 0.05, 0.1];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(p.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 10);
    expect(p.from).toBe(day);
  });
  it('no trades: zeros, not NaN', () => {
    expect(livePerformance([])).toEqual({
      trades: 0,
      winRatePct: 0,
      totalPnl: 0,
      sharpe: 0,
      maxDrawdownPct: 0,
      from: null,
      to: null,
    });
  });
});

describe('evolution request', () => {
  const base = {
    strategy: 'ema-cross',
    exchange: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    window: { trainDays: 100, oosDays: 30 },
  };
  it('fills defaults', () => {
    expect(parseEvolutionRequest(base)).toMatchObject({
      oosWindows: 3,
      batchSize: 8,
      candidates: 3,
      review: false,
      activate: true,
    });
  });
  it('names the offending field', () => {
    expect(() => parseEvolutionRequest({ ...base, strategy: '' })).toThrow(
      /evolution request strategy: a strategy name is required/,
    );
    expect(() => parseEvolutionRequest({ ...base, genetic: { populationSize: 1 } })).toThrow(/genetic.populationSize/);
    expect(() => parseEvolutionRequest({ ...base, genetic: { populationSize: 10, elitism: 10 } })).toThrow(
      /elitism \(10\) must be below the population size \(10\)/,
    );
    expect(() => parseEvolutionRequest({ ...base, surprise: 1 })).toThrow(/evolution request/);
  });
  it('refuses a run whose history would not fit one workflow', () => {
    expect(() =>
      parseEvolutionRequest({ ...base, genetic: { populationSize: 1000, generations: 100 }, batchSize: 8 }),
    ).toThrow(/12500 activities, more than 4000 .* raise batchSize/);
    expect(() =>
      parseEvolutionRequest({ ...base, genetic: { populationSize: 1000, generations: 100 }, batchSize: 100 }),
    ).not.toThrow();
  });
});
