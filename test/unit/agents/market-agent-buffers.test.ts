// The market analyst reuses its indicator buffers from one analysis to the next: an agent that has
// analysed other snapshots (other lengths, other timeframes) must say exactly what a fresh one says.
import { MarketAgent } from '../../../core/agents/market-agent';
import { buildSeries, HOUR, snapshot, T, trending } from './build-snapshot';

const snapshots = [
  snapshot({
    candles: { '1h': buildSeries(200, HOUR, T, trending(0.003)), '4h': buildSeries(80, 4 * HOUR, T, trending(0.003)) },
  }),
  snapshot({ candles: { '1h': buildSeries(200, HOUR, T, trending(-0.002)) } }),
  snapshot({
    candles: { '1h': buildSeries(120, HOUR, T, trending(0.001)), '4h': buildSeries(60, 4 * HOUR, T, trending(-0.003)) },
  }),
  snapshot({ candles: { '1h': buildSeries(200, HOUR, T, trending(0.004), (i) => (i >= 150 ? 0.03 : 0.002)) } }),
];

describe('MarketAgent buffer reuse', () => {
  it('gives every snapshot the signal of a fresh agent, in any order', () => {
    const reused = new MarketAgent();
    for (const s of [...snapshots, ...snapshots.slice().reverse(), ...snapshots])
      expect(reused.analyze(s)).toEqual(new MarketAgent().analyze(s));
  });
});
