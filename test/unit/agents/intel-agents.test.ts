// The agents' rules over the snapshot's intelligence: each rule's reading, stale/missing series named
// and never guessed, and a view holding a value known after the snapshot time refused.
import { MacroAgent } from '../../../core/agents/macro-agent';
import { OnChainAgent } from '../../../core/agents/onchain-agent';
import { SentimentAgent } from '../../../core/agents/sentiment-agent';
import type { IntelPoint, IntelView } from '../../../core/intel/intel-view';
import type { SeriesId } from '../../../core/intel/series';
import { HOUR, snapshot, T } from './build-snapshot';

const DAY = 24 * HOUR;

/** Daily points ending the day before T, value(daysBack). */
function daily(days: number, value: (daysBack: number) => number, lagMs = 0): IntelPoint[] {
  const out: IntelPoint[] = [];
  for (let d = days; d >= 1; d--) {
    const observedAt = T - d * DAY;
    out.push({ observedAt, knownAt: observedAt + lagMs, value: value(d - 1) });
  }
  return out;
}

const view = (series: Partial<Record<SeriesId, IntelPoint[]>>, headlines: IntelView['headlines'] = []): IntelView => ({
  asOf: T,
  series,
  headlines,
});

describe('SentimentAgent on Fear & Greed', () => {
  const agent = new SentimentAgent();
  const fg = (v: number) => snapshot({ intel: view({ 'fear_greed.index': daily(1, () => v) }) });

  it('reads extreme fear as long and extreme, extreme greed as short and extreme, the band as nothing', () => {
    const fear = agent.analyze(fg(12));
    expect(fear.direction).toBeCloseTo(1, 9);
    expect(fear.data).toMatchObject({ extreme: true, extremeSide: 'short_crowded', fearGreed: 12 });
    const greed = agent.analyze(fg(85));
    expect(greed.direction).toBeCloseTo(-1, 9);
    expect(greed.data).toMatchObject({ extreme: true, extremeSide: 'long_crowded' });
    const neutral = agent.analyze(fg(50));
    expect(neutral.direction).toBe(0);
    expect(neutral.data.extreme).toBe(false);
  });

  it('scales linearly between the band and the extremes, and records the value used', () => {
    const s = agent.analyze(fg(30));
    // (45 − 30) / (45 − 20)
    expect(s.direction).toBeCloseTo(0.6, 9);
    // coverage 0.5 of 1.5 (funding and ratio missing): (1/3) × (0.2 + 0.6 × 0.6)
    expect(s.confidence).toBeCloseTo((1 / 3) * (0.2 + 0.36), 4);
    expect(agent.analyze(fg(70)).direction).toBeCloseTo(-0.6, 9);
    expect(s.data.intel).toEqual([
      {
        id: 'fear_greed.index',
        value: 30,
        observedAt: new Date(T - DAY).toISOString(),
        knownAt: new Date(T - DAY).toISOString(),
      },
    ]);
  });

  it('counts headlines of the last 24h as context without scoring them', () => {
    const h = (hoursAgo: number, title: string) => ({
      source: 'coindesk',
      guid: title,
      title,
      url: 'https://example.test/' + hoursAgo,
      publishedAt: T - hoursAgo * HOUR,
      knownAt: T - hoursAgo * HOUR,
    });
    const s = agent.analyze(
      snapshot({
        intel: view({ 'fear_greed.index': daily(1, () => 50) }, [h(1, 'Bitcoin crashes'), h(5, 'b'), h(30, 'c')]),
      }),
    );
    expect(s.data.headlines24h).toBe(2);
    // A "crash" headline does not move a neutral index's reading.
    expect(s.direction).toBe(0);
    expect(s.reasoning).toMatch(/2 headlines in the last 24h \(context only/);
  });

  it('abstains on a stale index, naming it, with no venue data', () => {
    const stale = { observedAt: T - 3 * DAY, knownAt: T - 3 * DAY, value: 10 };
    const s = agent.analyze(snapshot({ intel: view({ 'fear_greed.index': [stale] }) }));
    expect(s.confidence).toBe(0);
    expect(s.reasoning).toMatch(/fear_greed\.index \(stale/);
    expect(s.reasoning).toMatch(/funding rate, long\/short ratio/);
    const none = agent.analyze(snapshot({ intel: view({}) }));
    expect(none.data.missing).toContain('fear_greed.index (no value known)');
  });
});

describe('OnChainAgent on stablecoins, hash rate, TVL and fees', () => {
  const agent = new OnChainAgent();

  it('reads growing stablecoin supply as bullish, hand-computed from the 7 and 30 day changes', () => {
    // +0.1% a day: 7d change 1.001^7 − 1, 30d 1.001^30 − 1
    const s = agent.analyze(
      snapshot({ intel: view({ 'defillama.stablecoins.all': daily(40, (d) => 1e11 * 1.001 ** -d) }) }),
    );
    const c7 = 1.001 ** 7 - 1;
    const c30 = 1.001 ** 30 - 1;
    const score = Math.tanh((c7 / 0.01 + c30 / 0.03) / 2);
    expect(s.direction).toBeCloseTo(score, 4);
    expect(s.data.stablecoinChange7d).toBeCloseTo(c7, 6);
    expect(s.reasoning).toMatch(/dry powder growing/);
    const shrinking = agent.analyze(
      snapshot({ intel: view({ 'defillama.stablecoins.all': daily(40, (d) => 1e11 * 1.001 ** d) }) }),
    );
    expect(shrinking.direction).toBeLessThan(0);
  });

  it('reads a falling hash rate as bearish and a TVL rise as bullish', () => {
    const hash = agent.analyze(
      snapshot({ intel: view({ 'blockchain.hash_rate': daily(35, (d) => (d >= 30 ? 600e6 : 500e6)) }) }),
    );
    expect(hash.direction).toBeCloseTo(Math.tanh(-(1 / 6) / 0.1), 4);
    const tvl = agent.analyze(
      snapshot({ intel: view({ 'defillama.tvl.ethereum': daily(10, (d) => (d >= 7 ? 50e9 : 55e9)) }) }),
    );
    expect(tvl.direction).toBeCloseTo(Math.tanh(0.1 / 0.05), 4);
  });

  it('a fee spike (3× the median) lowers the confidence without a direction of its own', () => {
    const fees = (last: number) =>
      Array.from({ length: 12 }, (_, i) => ({
        observedAt: T - (12 - i) * HOUR,
        knownAt: T - (12 - i) * HOUR,
        value: i === 11 ? last : 10,
      }));
    const stable = daily(40, (d) => 1e11 * 1.001 ** -d);
    const calm = agent.analyze(
      snapshot({ intel: view({ 'defillama.stablecoins.all': stable, 'mempool.fee_fastest': fees(12) }) }),
    );
    const spike = agent.analyze(
      snapshot({ intel: view({ 'defillama.stablecoins.all': stable, 'mempool.fee_fastest': fees(60) }) }),
    );
    expect(calm.data.feeSpike).toBe(false);
    expect(spike.data.feeSpike).toBe(true);
    expect(spike.direction).toBeCloseTo(calm.direction, 9);
    expect(spike.confidence).toBeCloseTo(calm.confidence * 0.75, 4);
  });

  it('names a change it has no earlier value for, and abstains naming every series when none is usable', () => {
    const short = agent.analyze(snapshot({ intel: view({ 'defillama.stablecoins.all': daily(3, () => 1e11) }) }));
    expect(short.confidence).toBe(0);
    expect(short.reasoning).toMatch(/defillama\.stablecoins\.all 7-day change \(no value near/);
    const none = agent.analyze(snapshot({ intel: view({}) }));
    for (const id of [
      'defillama.stablecoins.all',
      'blockchain.hash_rate',
      'defillama.tvl.solana',
      'mempool.fee_fastest',
    ])
      expect(none.reasoning).toContain(`${id} (no value known)`);
  });
});

describe('MacroAgent on the FRED series', () => {
  const agent = new MacroAgent();
  // T (2026-06-02) is outside every event window of the shipped calendar.

  it('reads VIX above 30 as risk-off with high confidence, below 15 as calm', () => {
    const high = agent.analyze(snapshot({ intel: view({ 'fred.VIXCLS': daily(2, () => 35) }) }));
    expect(high.direction).toBeCloseTo(-1, 9);
    expect(high.confidence).toBeGreaterThanOrEqual(0.8);
    const calm = agent.analyze(snapshot({ intel: view({ 'fred.VIXCLS': daily(2, () => 12) }) }));
    expect(calm.direction).toBeCloseTo(0.3, 9);
    expect(calm.confidence).toBeLessThan(0.5);
  });

  it('reads an inverted curve, rising yields and a stronger dollar as bearish', () => {
    const inv = agent.analyze(snapshot({ intel: view({ 'fred.T10Y2Y': daily(2, () => -0.3) }) }));
    expect(inv.direction).toBeCloseTo(-0.4, 9);
    expect(inv.data.curveInverted).toBe(true);
    const rates = agent.analyze(snapshot({ intel: view({ 'fred.DGS10': daily(35, (d) => (d >= 30 ? 4.0 : 4.25)) }) }));
    expect(rates.direction).toBeCloseTo(-Math.tanh(1), 4);
    const usd = agent.analyze(snapshot({ intel: view({ 'fred.DTWEXBGS': daily(35, (d) => (d >= 30 ? 100 : 102)) }) }));
    expect(usd.direction).toBeCloseTo(-Math.tanh(0.02 / 0.02), 4);
  });

  it('computes CPI year on year from 13 monthly points', () => {
    const months = Array.from({ length: 13 }, (_, i) => {
      const observedAt = Date.UTC(2025, 3 + i, 1); // 2025-04 .. 2026-04
      return { observedAt, knownAt: observedAt, value: i === 12 ? 315 : 300 };
    });
    const s = agent.analyze(snapshot({ intel: view({ 'fred.CPIAUCSL': months }) }));
    expect(s.data.cpiYoY).toBeCloseTo(0.05, 6);
    expect(s.direction).toBeCloseTo(-0.5 * Math.tanh((0.05 - 0.03) / 0.01), 4);
  });

  it('keeps the event-window caution as the strongest vote inside a window', () => {
    const at = Date.parse('2026-12-09T18:00:00Z');
    const intel: IntelView = {
      asOf: at,
      series: { 'fred.VIXCLS': [{ observedAt: at - DAY, knownAt: at - DAY, value: 40 }] },
      headlines: [],
    };
    const s = agent.analyze(snapshot({ time: at, intel }));
    expect(s).toMatchObject({ direction: 0, confidence: 0.9 });
    expect(s.data.vix).toBe(40);
  });

  it('names missing and stale series; with no series it says nothing', () => {
    const stale = [{ observedAt: T - 10 * DAY, knownAt: T - 8 * DAY, value: 40 }];
    const s = agent.analyze(snapshot({ intel: view({ 'fred.VIXCLS': stale }) }));
    expect(s.confidence).toBe(0);
    expect(s.reasoning).toMatch(/fred\.VIXCLS \(stale/);
    for (const id of ['fred.T10Y2Y', 'fred.DGS10', 'fred.DTWEXBGS', 'fred.CPIAUCSL'])
      expect(s.data.missing).toContain(`${id} (no value known)`);
  });
});

describe('no lookahead in a hand-built view', () => {
  const future = view({ 'fear_greed.index': [{ observedAt: T - DAY, knownAt: T + 1, value: 10 }] });
  const laterView: IntelView = { asOf: T + HOUR, series: {}, headlines: [] };
  const laterHeadline = view({}, [
    { source: 'x', guid: 'g', title: 't', url: 'u', publishedAt: T + 60_000, knownAt: T + 60_000 },
  ]);

  it.each([
    ['sentiment', new SentimentAgent()],
    ['onchain', new OnChainAgent()],
    ['macro', new MacroAgent()],
  ])('%s refuses a value, a view or a headline known after the snapshot time', (_name, agent) => {
    expect(() => agent.analyze(snapshot({ intel: future }))).toThrow(/known at .* after the snapshot time .*lookahead/);
    expect(() => agent.analyze(snapshot({ intel: laterView }))).toThrow(/lookahead/);
    expect(() => agent.analyze(snapshot({ intel: laterHeadline }))).toThrow(/headline .*lookahead/);
  });
});
