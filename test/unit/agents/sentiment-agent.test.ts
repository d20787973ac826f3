import { SentimentAgent } from '../../../core/agents/sentiment-agent';
import { snapshot } from './build-snapshot';

const agent = new SentimentAgent();
const funding = (fundingRate: number) => ({ fundingRate });
const ratio = (longShortRatio: number) => ({ longShortRatio });

describe('SentimentAgent', () => {
  it('reads crowded longs (high funding, 3:1 long/short) as bearish and extreme, hand-computed', () => {
    const s = agent.analyze(snapshot({ fundingRate: funding(0.0006), longShortRatio: ratio(3) }));
    const f = -Math.tanh((0.0006 - 0.0001) / 0.0005); // -tanh(1)
    const r = -Math.tanh(Math.log2(3));
    expect(s.direction).toBeCloseTo((f + r) / 2, 4);
    expect(s.confidence).toBeCloseTo(0.2 + 0.6 * Math.abs((f + r) / 2), 4);
    expect(s.data).toMatchObject({ extreme: true, extremeSide: 'long_crowded' });
    expect(s.reasoning).toMatch(/EXTREME: long_crowded/);
  });

  it('reads crowded shorts (negative funding, 1:3) as bullish and extreme', () => {
    const s = agent.analyze(snapshot({ fundingRate: funding(-0.0008), longShortRatio: ratio(1 / 3) }));
    expect(s.direction).toBeGreaterThan(0.8);
    expect(s.data).toMatchObject({ extreme: true, extremeSide: 'short_crowded' });
  });

  it('reads baseline funding and a balanced ratio as neutral, not extreme', () => {
    const s = agent.analyze(snapshot({ fundingRate: funding(0.0001), longShortRatio: ratio(1) }));
    expect(s.direction).toBeCloseTo(0, 9);
    expect(s.confidence).toBeCloseTo(0.2, 9);
    expect(s.data.extreme).toBe(false);
  });

  it('works from funding alone at half coverage', () => {
    const s = agent.analyze(snapshot({ fundingRate: funding(0.0006) }));
    expect(s.direction).toBeCloseTo(-Math.tanh(1), 4);
    expect(s.confidence).toBeCloseTo(0.5 * (0.2 + 0.6 * Math.tanh(1)), 4);
    // Without intelligence in the snapshot the index is named missing too, and coverage is venue-only.
    expect(s.data.missing).toEqual(['long/short ratio', 'intelligence (none in the snapshot: fear_greed.index)']);
  });

  it('abstains naming what is missing, and reports no extreme', () => {
    const s = agent.analyze(snapshot());
    expect(s.confidence).toBe(0);
    expect(s.reasoning).toMatch(/missing funding rate, long\/short ratio/);
    expect(s.data.extreme).toBe(false);
    const bad = agent.analyze(snapshot({ longShortRatio: ratio(-1) }));
    expect(bad.reasoning).toMatch(/invalid value -1/);
  });
});
